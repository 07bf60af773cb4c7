// Slurm's word for a job, read from squeue/sacct output, as a VirtLab job state with Slurm's reason in words.
// Pure. Field lists match the format strings below (squeue -O with '|' after every field; sacct -P).
import type { JobState } from '../backend.ts';
import { runIdOfJobName } from './sbatch.ts';

/** squeue's fields, each followed by '|' (squeue pads -O fields; the values are trimmed). */
export const SQUEUE_FORMAT = 'JobID:|,Name:|,State:|,Reason:|,NodeList:|,exit_code:|';
export const SACCT_FIELDS = 'JobID,JobName,State,ExitCode,NodeList,Reason';

export interface SlurmJobRow {
  jobId: string;
  runId: string;
  state: string;
  reason: string;
  nodeList: string;
  /** Exit code of the batch script (squeue gives a wait status, sacct `code:signal`). */
  exitCode?: number;
  signal?: number;
  /** Who ended it, where Slurm says (sacct's `CANCELLED by 1000`: a uid). */
  by?: string;
}

/** squeue rows of VirtLab's jobs (others' jobs and unreadable lines are skipped). */
export function parseSqueue(stdout: string): SlurmJobRow[] {
  const rows: SlurmJobRow[] = [];
  for (const line of stdout.split('\n')) {
    const f = line.split('|').map((x) => x.trim());
    if (f.length < 6 || !/^\d+$/.test(f[0]!)) continue;
    const runId = runIdOfJobName(f[1]!);
    if (!runId) continue;
    const status = Number(f[5]);
    rows.push({
      jobId: f[0]!,
      runId,
      state: f[2]!,
      reason: f[3]!,
      nodeList: f[4]!,
      ...(Number.isInteger(status) ? { exitCode: (status >> 8) & 0xff, signal: status & 0x7f } : {}),
    });
  }
  return rows;
}

/** `sacct -n -P -X -o SACCT_FIELDS` rows of VirtLab's jobs. */
export function parseSacct(stdout: string): SlurmJobRow[] {
  const rows: SlurmJobRow[] = [];
  for (const line of stdout.split('\n')) {
    const f = line.split('|');
    if (f.length < 6 || !/^\d+$/.test(f[0]!)) continue;
    const runId = runIdOfJobName(f[1]!);
    if (!runId) continue;
    const [code, signal] = (f[3] ?? '').split(':').map(Number);
    const [state, by] = f[2]!.split(' by ');
    rows.push({
      jobId: f[0]!,
      runId,
      state: state!.trim(),
      reason: f[5] ?? '',
      nodeList: f[4]! === 'None assigned' ? '' : f[4]!,
      ...(by ? { by: by.trim() } : {}),
      ...(Number.isInteger(code) ? { exitCode: code! } : {}),
      ...(Number.isInteger(signal) ? { signal: signal! } : {}),
    });
  }
  return rows;
}

const PENDING = new Set(['PENDING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD', 'SUSPENDED', 'STOPPED', 'RESIZING']);
const RUNNING = new Set(['RUNNING', 'CONFIGURING', 'COMPLETING', 'SIGNALING', 'STAGE_OUT']);

/** Why Slurm ended a job that did not end by itself, as a sentence. */
const ENDED_BY_SLURM: Record<string, string> = {
  CANCELLED: 'Slurm cancelled the job (scancel by a user or an administrator)',
  TIMEOUT: 'Slurm stopped the job at its time limit',
  NODE_FAIL: 'a node of the job failed (Slurm: NODE_FAIL)',
  PREEMPTED: 'Slurm preempted the job for another',
  OUT_OF_MEMORY: 'the job ran out of memory (Slurm: OUT_OF_MEMORY)',
  BOOT_FAIL: 'a node of the job failed to boot (Slurm: BOOT_FAIL)',
  DEADLINE: 'the job reached its deadline (Slurm: DEADLINE)',
  REVOKED: 'Slurm revoked the job (federation)',
  SPECIAL_EXIT: 'the job ended with a special exit (Slurm: SPECIAL_EXIT)',
};

/** Slurm will not change this job's state any more (it ended, by itself or by Slurm). */
export const isFinal = (r: Pick<SlurmJobRow, 'state'>): boolean => !PENDING.has(r.state) && !RUNNING.has(r.state);

/** A row as the backend's job state. */
export function jobStateOfRow(r: SlurmJobRow): JobState {
  const nodes = r.nodeList && r.nodeList !== '(null)' ? { nodeList: r.nodeList } : {};
  if (PENDING.has(r.state)) return { state: 'queued', ...(r.reason && r.reason !== 'None' ? { reason: r.reason } : {}) };
  if (RUNNING.has(r.state)) return { state: 'running', ...nodes };
  if (r.state === 'COMPLETED' || r.state === 'FAILED') {
    if (r.exitCode !== undefined && !(r.state === 'FAILED' && r.exitCode === 0)) return { state: 'exited', code: r.exitCode, ...nodes };
    return { state: 'failed', reason: `the job failed before its script ran (Slurm: ${r.state}, ${r.reason || 'no reason given'})`, ...nodes };
  }
  const why = ENDED_BY_SLURM[r.state];
  if (why) {
    const said = !r.by ? why : r.state === 'CANCELLED' ? `Slurm cancelled the job (scancel by uid ${r.by})` : `${why}, by uid ${r.by}`;
    // What the job's script ended with, when it is known and says more than 0 (a signal: 143 = SIGTERM from scancel).
    const reason = r.exitCode ? `${said}; its script ended with ${exitWords(r.exitCode)}` : said;
    return { state: 'failed', reason, ...(r.exitCode !== undefined ? { code: r.exitCode } : {}), ...nodes };
  }
  return { state: 'failed', reason: `Slurm reports the job as ${r.state}${r.reason && r.reason !== 'None' ? ` (${r.reason})` : ''}`, ...nodes };
}

/**
 * A finished job's row as recorded: Slurm's accounting for its state, reason and who ended it, and squeue's wait status
 * for its exit where squeue still lists it. sacct writes an exit above 128 by its low bits: a script that exited 143
 * (128 + SIGTERM, as srun does when it terminated a rank, and the job's status file says) is "15:0" in sacct -X, and a
 * cancelled job's "0:0", while squeue's exit_code (36608) and the status file both say 143 (Slurm 22.05, the lab).
 */
export function recordedRow(acct: SlurmJobRow, listed: SlurmJobRow | undefined): SlurmJobRow {
  // A script a signal ended (no exit of its own: scancel's SIGTERM reached the shell) reads as the shell says it: 128 + n.
  const exact = listed?.exitCode !== undefined ? { exitCode: listed.signal ? 128 + listed.signal : listed.exitCode, signal: listed.signal ?? 0 } : {};
  return { ...acct, nodeList: acct.nodeList || listed?.nodeList || '', ...exact };
}

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

/** An exit status in words: above 128 the shell's way of saying a signal ended the command. */
export function exitWords(code: number): string {
  if (code <= 128 || code > 128 + 64) return `exit ${code}`;
  const n = code - 128;
  return `exit ${code} (signal ${n}${SIGNALS[n] ? `, ${SIGNALS[n]}` : ''})`;
}

/** When one run has several jobs (it should never), the one that decides: a live one, else the newest. */
export function decidingRow(rows: SlurmJobRow[]): SlurmJobRow {
  const live = rows.filter((r) => PENDING.has(r.state) || RUNNING.has(r.state));
  const pick = live.length ? live : rows;
  return pick.reduce((a, b) => (Number(b.jobId) > Number(a.jobId) ? b : a));
}
