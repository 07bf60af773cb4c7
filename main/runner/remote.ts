// One benchmark endpoint as the runner sees it, and small helpers to run argv arrays on it over SSH.
import { exec, type ExecOptions, type ExecResult } from '../ssh/exec.ts';
import type { ChannelHost } from '../ssh/pool.ts';
import { RunnerError } from './errors.ts';

export interface BenchEndpoint {
  /** Name used in messages and results (the host record's name). */
  name: string;
  /** Pooled session handle for this endpoint. */
  host: ChannelHost;
  /** Address other endpoints use to reach this one (netperf -H, MPI hostfile). */
  address: string;
  /** Login user on the endpoint (root changes some launcher flags). */
  user: string;
  /** The argv that runs a command inside the endpoint's guest (a container platform), for a job a batch system starts
   *  on the node itself rather than over `host` (which wraps every command already). Absent: the host itself. */
  wrap?: (argv: readonly string[]) => string[];
  /** A guest whose MPI ranks the host's own launcher starts through the runtime (the provider's 'wrapped' MPI model):
   *  the host itself as an endpoint (its session, address, user) and the argv every rank runs behind. */
  ranksFromHost?: { host: BenchEndpoint; rankPrefix: readonly string[]; network: string };
  /** The only ports peers reach on it (a guest behind published ports): a server role listens on ports[0], data on ports[1]. */
  ports?: readonly number[];
  /** How long a server role may take to start listening here (the platform's Reach.serverStartSec); absent: the default. */
  serverStartSec?: number;
  /** How long a short control command may take here (the platform's Reach.controlSec); absent: the default. Every
   *  short-command limit on this endpoint scales with it (main/runner/endpoint-limits.ts). */
  controlSec?: number;
  /** Store ids when the endpoint is part of a platform (install records, facts snapshots). */
  endpointId?: number;
  factsSnapshotId?: number;
}

/** argv that runs a fixed POSIX script with positional arguments: the arguments are data, never code. */
export function shArgv(script: string, ...args: string[]): string[] {
  return ['sh', '-c', script, 'virtlab-runner', ...args];
}

export function run(ep: BenchEndpoint, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return exec(ep.host, argv, opts);
}

/** Runs argv and fails with the command's stderr unless it exits 0. */
export async function mustRun(ep: BenchEndpoint, argv: readonly string[], what: string, opts: ExecOptions = {}): Promise<ExecResult> {
  const r = await exec(ep.host, argv, opts);
  if (r.timedOut) throw new RunnerError('timeout', `${what} on ${ep.name} timed out after ${r.durationMs} ms`, { stdout: r.stdout, stderr: r.stderr });
  if (r.code !== 0) {
    const why = lastLines(r.stderr || r.stdout, 5) || (r.signal ? `signal ${r.signal}` : `exit code ${r.code}`);
    throw new RunnerError('remote', `${what} on ${ep.name} failed: ${why}`, { stdout: r.stdout, stderr: r.stderr });
  }
  return r;
}

export function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/** Remote $HOME, resolved once per call (paths in results are absolute). */
export async function remoteHome(ep: BenchEndpoint): Promise<string> {
  const r = await mustRun(ep, shArgv('printf "%s\\n" "$HOME"'), 'reading $HOME');
  const home = r.stdout.trim();
  if (!home.startsWith('/')) throw new RunnerError('remote', `${ep.name} reported a strange home folder ${JSON.stringify(home)}`);
  return home;
}
