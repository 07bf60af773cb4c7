// squeue/sacct/sinfo output as Slurm 22.05 printed it on the lab (test/lab/slurm.ts), read into job states.
import { describe, expect, it } from 'vitest';
import { decidingRow, exitWords, isFinal, jobStateOfRow, parseSacct, parseSqueue, recordedRow } from '../../../../main/backends/slurm/states.ts';
import { checkAgainstPartition, describeDemand, parseSinfo, parseSlurmTime } from '../../../../main/backends/slurm/partition.ts';

// squeue -h --states=all --name=... -O 'JobID:|,Name:|,State:|,Reason:|,NodeList:|,exit_code:|' (-O pads fields)
const SQUEUE = [
  '3|virtlab-a3|CANCELLED|Priority||0|                ',
  '1|virtlab-a1|FAILED|NonZeroExitCode|vq-h01|768|                ',
  '4|virtlab-a4|PENDING|Resources||0|                ',
  '5|virtlab-a5|PENDING|PartitionConfig||0|                ',
  '2|virtlab-a2|RUNNING|None|vq-h[01-03]|0|                ',
  '9|someone-else|RUNNING|None|vq-h01|0|',
].join('\n');

describe('Slurm job states', () => {
  it("records a finished job's exit as squeue's wait status and the status file say (143), not sacct's abbreviation", () => {
    // Printed by the lab's Slurm for a 2-node step whose rank 0 exited 7 (srun then terminated rank 1 and exited 143,
    // as the job's status file says) and for a `sleep 120` job scancelled from outside (its status file: 143 too).
    const listed = parseSqueue('2|virtlab-c|CANCELLED|None|vq-h03|36608|\n1|virtlab-bad|FAILED|NonZeroExitCode|vq-h[01-02]|36608|\n');
    const acct = parseSacct('1|virtlab-bad|FAILED|15:0|vq-h[01-02]|None\n2|virtlab-c|CANCELLED by 0|0:0|vq-h03|None\n');
    const of = (run: string) =>
      jobStateOfRow(
        recordedRow(
          acct.find((r) => r.runId === run)!,
          listed.find((r) => r.runId === run),
        ),
      );
    expect(of('bad')).toEqual({ state: 'exited', code: 143, nodeList: 'vq-h[01-02]' });
    expect(of('c')).toEqual({
      state: 'failed',
      reason: 'Slurm cancelled the job (scancel by uid 0); its script ended with exit 143 (signal 15, SIGTERM)',
      code: 143,
      nodeList: 'vq-h03',
    });
    // A script SIGTERM ended before it could exit (squeue's wait status 15) reads as the shell would say it: 143.
    const killed = parseSqueue('2|virtlab-c|CANCELLED|None|vq-h03|15|\n');
    expect(jobStateOfRow(recordedRow(acct[1]!, killed[0]))).toMatchObject({ state: 'failed', code: 143 });
    // Where squeue no longer lists the job, sacct's word is all there is.
    expect(jobStateOfRow(recordedRow(acct[0]!, undefined))).toEqual({ state: 'exited', code: 15, nodeList: 'vq-h[01-02]' });
    expect([exitWords(0), exitWords(7), exitWords(137), exitWords(143), exitWords(200)]).toEqual([
      'exit 0',
      'exit 7',
      'exit 137 (signal 9, SIGKILL)',
      'exit 143 (signal 15, SIGTERM)',
      'exit 200',
    ]);
  });

  it('reads squeue rows of VirtLab jobs only, with the exit code out of the wait status', () => {
    const rows = parseSqueue(SQUEUE);
    expect(rows.map((r) => r.runId)).toEqual(['a3', 'a1', 'a4', 'a5', 'a2']);
    expect(rows[1]).toEqual({ jobId: '1', runId: 'a1', state: 'FAILED', reason: 'NonZeroExitCode', nodeList: 'vq-h01', exitCode: 3, signal: 0 });
  });

  it("turns Slurm's states into run states with Slurm's reason", () => {
    const s = Object.fromEntries(parseSqueue(SQUEUE).map((r) => [r.runId, jobStateOfRow(r)]));
    expect(s.a1).toEqual({ state: 'exited', code: 3, nodeList: 'vq-h01' });
    expect(s.a2).toEqual({ state: 'running', nodeList: 'vq-h[01-03]' });
    expect(s.a3).toMatchObject({ state: 'failed', reason: expect.stringContaining('cancelled') });
    expect(s.a4).toEqual({ state: 'queued', reason: 'Resources' });
    expect(s.a5).toEqual({ state: 'queued', reason: 'PartitionConfig' });
    const row = (state: string) => ({ jobId: '1', runId: 'x', state, reason: 'None', nodeList: 'n1', exitCode: 0 });
    expect(jobStateOfRow(row('TIMEOUT'))).toMatchObject({ state: 'failed', reason: expect.stringContaining('time limit') });
    expect(jobStateOfRow(row('NODE_FAIL'))).toMatchObject({ state: 'failed', reason: expect.stringContaining('NODE_FAIL') });
    expect(jobStateOfRow(row('PREEMPTED'))).toMatchObject({ state: 'failed', reason: expect.stringContaining('preempted') });
    expect(jobStateOfRow(row('OUT_OF_MEMORY'))).toMatchObject({ state: 'failed', reason: expect.stringContaining('out of memory') });
    expect(jobStateOfRow(row('COMPLETED'))).toEqual({ state: 'exited', code: 0, nodeList: 'n1' });
    expect(jobStateOfRow({ ...row('WEIRD'), reason: 'Odd' })).toMatchObject({ state: 'failed', reason: 'Slurm reports the job as WEIRD (Odd)' });
  });

  it('reads sacct -P rows (code:signal), and picks the live job when a run has two', () => {
    const rows = parseSacct('12|virtlab-r1|CANCELLED by 0|0:15|vq-h02|None\n13|virtlab-r1|RUNNING|0:0|vq-h03|None\n');
    expect(rows[0]).toMatchObject({ state: 'CANCELLED', exitCode: 0, signal: 15, by: '0' });
    expect(decidingRow(rows).jobId).toBe('13');
  });

  it("says who cancelled a job where sacct does, and which rows are final (sacct's record decides those)", () => {
    const [cancelled, pending, failed] = parseSacct(
      '12|virtlab-r1|CANCELLED by 0|0:15|vq-h02|None\n14|virtlab-r2|PENDING|0:0|None assigned|Resources\n15|virtlab-r3|NODE_FAIL|0:0|vq-h04|None\n',
    );
    expect(jobStateOfRow(cancelled!)).toEqual({ state: 'failed', reason: 'Slurm cancelled the job (scancel by uid 0)', code: 0, nodeList: 'vq-h02' });
    expect(pending).toMatchObject({ state: 'PENDING', nodeList: '' });
    expect(jobStateOfRow(failed!)).toEqual({ state: 'failed', reason: 'a node of the job failed (Slurm: NODE_FAIL)', code: 0, nodeList: 'vq-h04' });
    expect([cancelled, pending, failed].map((r) => isFinal(r!))).toEqual([true, false, true]);
    expect(isFinal({ state: 'RUNNING' })).toBe(false);
    expect(isFinal({ state: 'COMPLETED' })).toBe(true);
  });
});

describe('Slurm partition limits', () => {
  it("reads Slurm's time formats", () => {
    expect(parseSlurmTime('1:00:00')).toBe(60);
    expect(parseSlurmTime('2-00:00:00')).toBe(2880);
    expect(parseSlurmTime('30')).toBe(30);
    expect(parseSlurmTime('5:30')).toBe(5.5);
    expect(parseSlurmTime('infinite')).toBe('infinite');
    expect(parseSlurmTime('soon')).toBeUndefined();
  });

  // sinfo -h -o '%P|%D|%l|%a' on the lab
  const parts = parseSinfo('lab*|3|1:00:00|up\n');

  it('refuses before submitting: more nodes than the partition, a time limit above it, an unknown partition', () => {
    expect(parts).toEqual([{ name: 'lab', isDefault: true, nodes: 3, maxTimeMin: 60, up: true }]);
    const p = checkAgainstPartition(parts, undefined, [
      { nodes: 4, timeLimitSec: 7200 },
      { nodes: 1, timeLimitSec: 600 },
    ]);
    expect(p.problems).toEqual(['1 run(s) need 4 nodes; partition lab has 3', "a run's time limit (120 min) is above partition lab's (60 min)"]);
    expect(checkAgainstPartition(parts, 'big', [{ nodes: 1, timeLimitSec: 60 }]).problems).toEqual(['the site has no partition "big" (has: lab)']);
  });

  it('says what it asks Slurm for', () => {
    const p = checkAgainstPartition(parts, 'lab', [
      { nodes: 1, timeLimitSec: 600 },
      { nodes: 2, timeLimitSec: 600 },
      { nodes: 1, timeLimitSec: 600 },
    ]);
    expect(p.problems).toEqual([]);
    expect(describeDemand(p)).toBe('Slurm partition lab: 3 job(s) (2 x 1 node, 1 x 2 nodes), up to 10 min each, at most 0.67 node-hours');
  });
});
