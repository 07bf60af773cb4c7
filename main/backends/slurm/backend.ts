// The Slurm execution backend: each run is one `sbatch --parsable` job submitted over the login endpoint's verified
// SSH session, named after the run (so a resumed VirtLab finds it), writing to its own folder under the shared work
// folder. Slurm is the source of truth for the job's state: one squeue for all jobs a round, sacct for the jobs that
// ended (the site's accounting record; the job's own status file where there is none), Slurm's reason for a job it
// ended, scancel to stop one.
import type { CancelReport, ExecutionBackend, JobHandle, JobOutput, JobState, JobSubmission } from '../backend.ts';
import type { SshSession } from '../ssh/backend.ts';
import { exec, type ExecResult } from '../../ssh/exec.ts';
import { backoffDelay, sleep } from '../../ssh/backoff.ts';
import { SshError } from '../../ssh/errors.ts';
import { checkAgainstPartition, parseSinfo, SINFO_FORMAT, type SlurmPlan } from './partition.ts';
import { batchScript, jobFolderOf, jobNameOf, parseSubmitted, sbatchArgv } from './sbatch.ts';
import type { SlurmSettings } from './settings.ts';
import { decidingRow, isFinal, jobStateOfRow, parseSacct, parseSqueue, recordedRow, SACCT_FIELDS, SQUEUE_FORMAT, type SlurmJobRow } from './states.ts';
import type { DemandInput } from '../backend.ts';

export class SlurmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlurmError';
  }
}

export interface SlurmBackendOptions {
  controlTimeoutMs?: number;
}

const sh = (script: string, ...args: string[]) => ['sh', '-c', script, 'virtlab-slurm', ...args];
// $1 job folder; the rest is sbatch's argv; the batch script comes on stdin.
const SUBMIT = 'mkdir -p -- "$1" || exit 3; shift; exec "$@"';
// $1 job folder: status and nodelist as key=value, then the outputs.
const READ_META = 'cd -- "$1" || exit 3; printf "status=%s\\n" "$(cat status 2>/dev/null)"; printf "nodes=%s\\n" "$(cat nodelist 2>/dev/null)"';
const READ_OUTPUT = 'cd -- "$1" || exit 3; cat stdout 2>/dev/null; cat stderr >&2 2>/dev/null; exit 0';
// $@ job folders: "<folder> <status>" for each that has a status file.
const READ_STATUSES = 'for d in "$@"; do [ -f "$d/status" ] && printf "%s %s\\n" "$d" "$(cat "$d/status")"; done; exit 0';
// $1 folder, $2 its last component: removes exactly the job's folder.
const REMOVE = 'case "$1" in */"$2") rm -rf -- "$1" ;; *) echo "refusing to remove $1" >&2; exit 2 ;; esac';

export class SlurmBackend implements ExecutionBackend<SshSession> {
  readonly name = 'slurm';
  /** Slurm commands (sbatch, squeue, sacct, scancel, sinfo) this backend ran: the bench divides it by runs. */
  slurmCommands = 0;

  constructor(
    readonly settings: SlurmSettings,
    private readonly opts: SlurmBackendOptions = {},
  ) {}

  private async run(s: SshSession, argv: string[], stdin?: string): Promise<ExecResult> {
    return exec(s.host, argv, { timeoutMs: this.opts.controlTimeoutMs ?? 30_000, ...(stdin !== undefined ? { stdin } : {}) });
  }

  private async slurm(s: SshSession, what: string, argv: string[], stdin?: string): Promise<ExecResult> {
    this.slurmCommands++;
    const r = await this.run(s, argv, stdin);
    if (r.code !== 0) throw new SlurmError(`${what} on ${s.name} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
    return r;
  }

  /** What the runs ask of the partition, and every reason to refuse them, before anything is submitted. */
  async plan(s: SshSession, runs: readonly DemandInput[]): Promise<SlurmPlan> {
    const r = await this.slurm(s, 'sinfo', ['sinfo', '-h', '-o', SINFO_FORMAT]);
    return checkAgainstPartition(parseSinfo(r.stdout), this.settings.partition, runs);
  }

  async submit(s: SshSession, job: JobSubmission): Promise<JobHandle> {
    this.slurmCommands++;
    const r = await this.run(s, sh(SUBMIT, jobFolderOf(this.settings, job.runId), ...sbatchArgv(this.settings, job)), batchScript(job));
    const id = r.code === 0 ? parseSubmitted(r.stdout) : undefined;
    if (!id) throw new SlurmError(`sbatch of run ${job.runId} on ${s.name} refused: ${r.stderr.trim() || r.stdout.trim() || `exit code ${r.code}`}`);
    return { runId: job.runId, id };
  }

  /** Every job Slurm still lists for these runs (one squeue): what a resumed VirtLab adopts instead of resubmitting. */
  async find(s: SshSession, runIds: readonly string[]): Promise<Map<string, SlurmJobRow[]>> {
    const out = new Map<string, SlurmJobRow[]>();
    if (runIds.length === 0) return out;
    const r = await this.slurm(s, 'squeue', ['squeue', '-h', '--states=all', `--name=${runIds.map(jobNameOf).join(',')}`, '-O', SQUEUE_FORMAT]);
    for (const row of parseSqueue(r.stdout)) out.set(row.runId, [...(out.get(row.runId) ?? []), row]);
    return out;
  }

  /** One squeue for all handles; one sacct for the jobs it says are over or no longer lists (the site's accounting is
   *  the record of a finished job: its state, exit code and reason), falling back to squeue's row, else the job's
   *  status file, where the site keeps no accounting. A handle without a job id (its run's submission was not
   *  recorded: the process died right after sbatch) adopts the job Slurm lists under the run's name, and says its id. */
  async poll(s: SshSession, handles: readonly JobHandle[]): Promise<Map<string, JobState & { jobId?: string }>> {
    const out = new Map<string, JobState & { jobId?: string }>();
    if (handles.length === 0) return out;
    const listed = await this.find(
      s,
      handles.map((h) => h.runId),
    );
    const ended = new Map<string, SlurmJobRow>();
    const forgotten: JobHandle[] = [];
    for (const h of handles) {
      const rows = (listed.get(h.runId) ?? []).filter((r) => !h.id || r.jobId === h.id);
      if (!rows.length) {
        forgotten.push(h);
        continue;
      }
      const row = decidingRow(rows);
      if (isFinal(row)) ended.set(h.runId, row);
      out.set(h.runId, { ...jobStateOfRow(row), ...(h.id ? {} : { jobId: row.jobId }) });
    }
    const asked = [...handles.filter((h) => ended.has(h.runId)).map((h) => ({ runId: h.runId, id: h.id || ended.get(h.runId)!.jobId })), ...forgotten];
    const acct = await this.accounted(s, asked);
    for (const [runId, row] of ended) {
      const a = acct.get(runId);
      // A record slurmdbd has not caught up with yet (still running there) leaves squeue's word.
      const adopted = out.get(runId)?.jobId;
      // Its exit as squeue's exact wait status, which sacct abbreviates above 128 (recordedRow).
      if (a && isFinal(a)) out.set(runId, { ...jobStateOfRow(recordedRow(a, row)), ...(adopted ? { jobId: adopted } : {}) });
    }
    const left = forgotten.filter((h) => {
      const a = acct.get(h.runId);
      if (a) out.set(h.runId, jobStateOfRow(a));
      return !a;
    });
    if (left.length) for (const [k, v] of await this.statusFiles(s, left, this.accounting !== false)) out.set(k, v);
    return out;
  }

  /** Whether the site keeps accounting (sacct answers): unknown until sacct was asked once. */
  private accounting: boolean | undefined;

  /** The accounting record of each job (one sacct), none where the site keeps no accounting or sacct fails. */
  private async accounted(s: SshSession, handles: readonly JobHandle[]): Promise<Map<string, SlurmJobRow>> {
    const out = new Map<string, SlurmJobRow>();
    const ids = [...new Set(handles.map((h) => h.id).filter((id) => id))];
    if (!ids.length || this.accounting === false) return out;
    this.slurmCommands++;
    const r = await this.run(s, ['sacct', '-n', '-P', '-X', `--jobs=${ids.join(',')}`, '-o', SACCT_FIELDS]);
    if (r.code !== 0) {
      if (/accounting storage is disabled/i.test(r.stderr)) this.accounting = false;
      return out;
    }
    this.accounting = true;
    const rows = parseSacct(r.stdout);
    for (const h of handles) {
      const row = rows.find((x) => x.jobId === h.id && x.runId === h.runId);
      if (row) out.set(h.runId, row);
    }
    return out;
  }

  /** Jobs Slurm no longer knows of: the exit status the job wrote in its folder, else lost. */
  private async statusFiles(s: SshSession, handles: JobHandle[], accounting: boolean): Promise<Map<string, JobState>> {
    const out = new Map<string, JobState>();
    const dirs = new Map(handles.map((h) => [jobFolderOf(this.settings, h.runId), h]));
    const r = await this.run(s, sh(READ_STATUSES, ...dirs.keys()));
    const codes = new Map(
      r.stdout
        .split('\n')
        .map((l) => l.split(' '))
        .filter((p) => p.length === 2)
        .map(([d, c]) => [d!, Number(c)]),
    );
    for (const [dir, h] of dirs) {
      const code = codes.get(dir);
      out.set(
        h.runId,
        code !== undefined && Number.isInteger(code)
          ? { state: 'exited', code }
          : {
              state: 'lost',
              reason: `Slurm no longer knows ${h.id ? `job ${h.id}` : `a job of run ${h.runId}`}${accounting ? '' : ' (no accounting on this site)'} and it left no exit status`,
            },
      );
    }
    return out;
  }

  /** The job's output files, its exit status and the nodes it got (SLURM_JOB_NODELIST). */
  async collect(s: SshSession, handle: JobHandle): Promise<JobOutput & { nodeList?: string }> {
    const dir = jobFolderOf(this.settings, handle.runId);
    const meta = await this.run(s, sh(READ_META, dir));
    if (meta.code !== 0) throw new SshError('remote', `no job folder ${dir} on ${s.name} for run ${handle.runId}`, s.name);
    const kv = new Map(meta.stdout.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
    const out = await exec(s.host, sh(READ_OUTPUT, dir), { maxBufferBytes: 256 * 1024 * 1024 });
    const code = Number(kv.get('status'));
    const nodes = kv.get('nodes') ?? '';
    return {
      stdout: out.stdout,
      stderr: out.stderr,
      exitCode: kv.get('status') && Number.isInteger(code) ? code : null,
      ...(nodes ? { nodeList: nodes } : {}),
    };
  }

  /** scancel, then read the state back until Slurm says the job is over (with backoff); says so when it is not. */
  async cancel(s: SshSession, handle: JobHandle, o: { attempts?: number; initialDelayMs?: number } = {}): Promise<CancelReport> {
    const attempts = o.attempts ?? 8;
    let signalled = false;
    let last = '';
    for (let i = 0; i <= attempts; i++) {
      if (i > 0) await sleep(backoffDelay(i - 1, { initialDelayMs: o.initialDelayMs ?? 300, maxDelayMs: 5_000 }));
      try {
        const st = (await this.poll(s, [handle])).get(handle.runId);
        if (!st || (st.state !== 'queued' && st.state !== 'running')) return { attempts: i + 1, ...(signalled ? { signal: 'scancel' } : {}) };
        if (i === attempts) break;
        if (!signalled || i % 3 === 0) {
          await this.slurm(s, 'scancel', ['scancel', handle.id]);
          signalled = true;
        }
      } catch (e) {
        last = (e as Error).message;
      }
    }
    throw new SlurmError(`job ${handle.id} of run ${handle.runId} still queued or running after ${attempts} attempts${last ? `: ${last}` : ''}`);
  }

  async release(s: SshSession, handle: JobHandle): Promise<void> {
    const name = jobNameOf(handle.runId);
    const r = await this.run(s, sh(REMOVE, jobFolderOf(this.settings, handle.runId), name));
    if (r.code !== 0) throw new SlurmError(`removing the job folder of run ${handle.runId} on ${s.name} failed: ${r.stderr.trim()}`);
  }
}
