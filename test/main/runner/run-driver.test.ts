// The benchmark driver's pure parts: scenario run -> runner spec, the job script (run under a real sh), and the
// parse of recorded tool outputs into metrics at the figures' points.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DriverRun } from '../../../main/campaigns/driver.ts';
import { jobScript, POINT_MARKER, splitPoints } from '../../../main/runner/run-driver/job-script.ts';
import { parseRunOutput } from '../../../main/runner/run-driver/parse.ts';
import { runSpec } from '../../../main/runner/run-driver/spec.ts';
import { pointKey } from '../../../main/scenarios/points.ts';

const OUT = resolve(import.meta.dirname, '..', '..', 'fixtures', 'outputs');
const fixture = (f: string) => readFileSync(join(OUT, f), 'utf8');
const run = (benchmark: string, params: Record<string, unknown>, nodeCount = 1): DriverRun => ({
  id: 1,
  uuid: 'u',
  campaignId: 1,
  planIndex: 0,
  attempt: 1,
  platform: 'native',
  benchmark,
  params,
  repetition: 0,
  nodeCount,
});
const marked = (point: Record<string, unknown>, text: string) => `${POINT_MARKER}${JSON.stringify(point)}\n${text}`;

describe('runSpec', () => {
  const ctx = { addresses: ['10.0.0.1', '10.0.0.2'], runFolder: '/home/u/.virtlab/runs/r1', scratch: '/home/u/.virtlab/scratch/r1', serverPort: 21000 };
  it('finds the module and types the parameters with its schema; the job is its argv', () => {
    const np = runSpec(run('netperf', { test: 'TCP_RR', messageSize: 64, durationSec: 2 }, 2));
    expect(np).toMatchObject({ params: { test: 'TCP_RR', messageSize: 64, durationSec: 2 }, endpoints: 2 });
    expect(np.module.job(np.params, ctx).steps[0]!.argv).toEqual([
      'netperf',
      '-H',
      '10.0.0.2',
      '-p',
      '21000',
      '-t',
      'TCP_RR',
      '-l',
      '2',
      '-j',
      '--',
      '-r',
      '64,64',
      '-o',
      'MEAN_LATENCY,P50_LATENCY,P99_LATENCY,STDDEV_LATENCY,MIN_LATENCY,MAX_LATENCY,TRANSACTION_RATE,THROUGHPUT,THROUGHPUT_UNITS,REQUEST_SIZE,RESPONSE_SIZE,ELAPSED_TIME,CONFIDENCE_LEVEL,CONFIDENCE_ITERATION,THROUGHPUT_CONFID',
    ]);
    expect(np.requirements.map((r) => r.kind)).toEqual(['tool', 'server']);
    const st = runSpec(run('netperf', { test: 'TCP_STREAM', durationSec: 2 }, 2));
    expect(st.module.job(st.params, ctx).steps[0]!.argv).not.toContain('-m');
    const io = runSpec(run('iozone', { fileSize: 2048, recordSize: 1024, tests: ['write', 'read'], oDirect: false, flush: true }));
    expect(io.module.job(io.params, ctx)).toMatchObject({
      setup: [['mkdir', '-p', '--', ctx.scratch]],
      steps: [
        {
          point: { fileSize: 2048, recordSize: 1024 },
          argv: ['iozone', '-i', '0', '-i', '1', '-r', '1024k', '-s', '2048k', '-f', `${ctx.scratch}/virtlab-iozone.tmp`, '-e', '-R'],
        },
      ],
      teardown: [['rm', '-rf', '--', ctx.scratch]],
    });
    expect(runSpec(run('npb-mpi', { kernel: 'ep', class: 'S', variant: 'mpi', nodes: 2, ranks: 2 }, 2)).requirements).toEqual([
      {
        kind: 'build',
        builder: 'npb-source',
        spec: { kernel: 'EP', class: 'S', variant: 'mpi', threads: 1, nodes: 2, ranks: 2, version: '3.4' },
      },
    ]);
    // No MPI named: the driver asks the endpoint's mpirun; a named one is kept.
    expect(runSpec(run('npb-mpi', { kernel: 'ep', class: 'S', variant: 'mpi', nodes: 2, ranks: 2 }, 2)).requirements[0]).not.toHaveProperty('spec.mpi');
    expect(runSpec(run('npb-mpi', { kernel: 'ep', class: 'S', variant: 'mpi', nodes: 2, ranks: 2, mpi: 'mpich' }, 2)).requirements[0]).toMatchObject({
      spec: { mpi: 'mpich' },
    });
    expect(runSpec(run('npb', { kernel: 'is', class: 'A', variant: 'openmp', threads: 2 })).requirements[0]).toMatchObject({
      spec: { kernel: 'IS', variant: 'openmp', threads: 2, nodes: 1 },
    });
  });

  it('refuses what no run could do, with the reason', () => {
    expect(() => runSpec(run('npb-mpi', { kernel: 'bt', class: 'S', variant: 'mpi', nodes: 3, ranks: 3 }, 3))).toThrow(/square number/);
    expect(() => runSpec(run('iozone', { fileSize: 512, recordSize: 1024 }))).toThrow(/at least one 1024 KiB record/);
    expect(() => runSpec(run('hpl', {}))).toThrow(/does not know "hpl"/);
    expect(() => runSpec(run('npb-mpi', { kernel: 'ep', class: 'S', variant: 'mpi', nodes: 2, ranks: 2, mpi: 'mvapich' }, 2))).toThrow(
      /mpi: .*"openmpi"\|"mpich"/,
    );
  });
});

describe('jobScript under sh', () => {
  it('runs set-up, files and steps with markers, and tears down on success and on failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-job-'));
    try {
      const scratch = join(dir, 'scratch dir');
      const script = jobScript({
        setup: [['mkdir', '-p', '--', scratch]],
        files: [[join(scratch, 'hostfile'), "a slots=1\nb'q slots=1\n"]],
        steps: [
          { point: { size: 1 }, argv: ['cat', join(scratch, 'hostfile')] },
          { point: { size: 2 }, argv: ['sh', '-c', 'echo "$X"'], env: { X: "it's $HOME" }, timeoutSec: 5 },
        ],
        teardown: [['rm', '-rf', '--', scratch]],
      });
      const ok = spawnSync('sh', ['-c', script], { encoding: 'utf8', cwd: dir });
      expect(ok.status).toBe(0);
      expect(splitPoints(ok.stdout)).toEqual([
        { point: { size: 1 }, text: "a slots=1\nb'q slots=1\n" },
        { point: { size: 2 }, text: "it's $HOME\n\n" },
      ]);
      expect(existsSync(scratch)).toBe(false);

      const failing = jobScript({
        setup: [['mkdir', '-p', '--', scratch]],
        steps: [
          { point: {}, argv: ['sh', '-c', 'exit 7'] },
          { point: {}, argv: ['echo', 'never'] },
        ],
        teardown: [['rm', '-rf', '--', scratch]],
      });
      const bad = spawnSync('sh', ['-c', failing], { encoding: 'utf8' });
      expect(bad.status).toBe(7);
      expect(bad.stdout).not.toContain('never');
      expect(existsSync(scratch)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a step over its time limit fails the job', () => {
    const script = jobScript({ steps: [{ point: {}, argv: ['sleep', '30'], timeoutSec: 1 }] });
    // 124 is timeout(1)'s own status: the limit, not the 30 s sleep, ended the step.
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(r.status).toBe(124);
    expect(execFileSync('sh', ['-c', 'command -v timeout']).toString()).toMatch(/timeout/);
  });
});

describe('parseRunOutput', () => {
  it('netperf TCP_RR -> half_rtt at the message size', () => {
    const out = parseRunOutput(run('netperf', { test: 'TCP_RR', messageSize: 64, durationSec: 2 }, 2), {
      stdout: marked({ test: 'TCP_RR', size: 64 }, fixture('netperf/tcp_rr_virtlab_default.txt')),
      stderr: '',
      exitCode: 0,
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const half = out.metrics.find((m) => m.name === 'half_rtt')!;
    expect(half).toEqual({ name: 'half_rtt', point: '64', value: 18.43 / 2, unit: 'us', better: 'lower' });
  });

  it("netperf TCP_STREAM at netperf's default send size -> throughput at the run's point (''), not the size netperf reports", () => {
    const params = { test: 'TCP_STREAM', durationSec: 2 };
    const out = parseRunOutput(run('netperf', params, 2), {
      stdout: marked({ test: 'TCP_STREAM' }, fixture('netperf/tcp_stream_virtlab_default.txt')),
      stderr: '',
      exitCode: 0,
    });
    expect(out.ok && out.metrics.map((m) => [m.name, m.unit, m.point])).toEqual([['throughput', 'Mbit/s', '']]);
    // The same point the command driver stores and a failed run is drawn at.
    expect(pointKey('netperf', params)).toBe('');
  });

  it('IOzone -> writer/reader at the file size in KiB, the point of the run', () => {
    const out = parseRunOutput(run('iozone', { fileSize: 2048, recordSize: 1024, tests: ['write', 'read'], oDirect: true }), {
      stdout: marked({ fileSize: 2048, recordSize: 1024 }, fixture('iozone/virtlab_default_2m_direct.txt')),
      stderr: '',
      exitCode: 0,
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(new Set(out.metrics.map((m) => m.point))).toEqual(new Set(['2048']));
    expect(new Set(out.metrics.map((m) => m.name))).toEqual(
      new Set(['writer', 'writer_MBps', 'rewriter', 'rewriter_MBps', 'reader', 'reader_MBps', 'rereader', 'rereader_MBps']),
    );
  });

  it("refuses an output at another point than the run's (IOzone's auto mode, 1 to 64 MiB, for a run of 1 MiB)", () => {
    const out = parseRunOutput(run('iozone', { fileSize: 1024, recordSize: 1024, tests: ['write', 'read'] }), {
      stdout: marked({ fileSize: 1024, recordSize: 1024 }, fixture('iozone/writer_reader_auto_1m_64m_excel.txt')),
      stderr: '',
      exitCode: 0,
    });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/^the output has \w+ at \d+, but the run is at 1024: not this run's measurement$/);
  });

  it('NPB -> time at the lower-case kernel; UNSUCCESSFUL verification fails with the numbers', () => {
    const ok = parseRunOutput(run('npb-serial', { kernel: 'ep', class: 'S', variant: 'serial' }), {
      stdout: marked({ kernel: 'ep' }, fixture('npb/ep.S.ser.txt')),
      stderr: '',
      exitCode: 0,
    });
    expect(ok.ok && ok.metrics.find((m) => m.name === 'time')).toMatchObject({ point: 'ep', unit: 's', better: 'lower' });
    const bad = parseRunOutput(run('npb-mpi', { kernel: 'ep', class: 'S', variant: 'mpi', nodes: 2 }, 2), {
      stdout: marked({ kernel: 'ep' }, fixture('npb/ep.S.mpi2.unsuccessful.txt')),
      stderr: '',
      exitCode: 0,
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^NPB EP\.S verification UNSUCCESSFUL \(2 processes\): time [\d.]+ s, [\d.]+ Mop\/s total/);
  });

  it('malformed or missing output is a parse error that says why', () => {
    const cut = fixture('iozone/writer_reader_auto_1m_64m_excel.txt').split('\n').slice(0, 30).join('\n');
    const r = parseRunOutput(run('iozone', { fileSize: 1024 }), { stdout: marked({ fileSizeKB: 1024 }, cut), stderr: '', exitCode: 0 });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/expected .*fileSizeKB/) });
    expect(parseRunOutput(run('iozone', { fileSize: 1024 }), { stdout: 'hello\n', stderr: '', exitCode: 0 })).toEqual({
      ok: false,
      error: 'no measurement output (no point marker in the job output)',
    });
    const wrong = parseRunOutput(run('npb-serial', { kernel: 'is', class: 'S', variant: 'serial' }), {
      stdout: marked({}, fixture('npb/ep.S.ser.txt')),
      stderr: '',
      exitCode: 0,
    });
    expect(wrong).toMatchObject({ ok: false, error: expect.stringMatching(/output is of NPB EP, the run asked for IS/) });
  });
});
