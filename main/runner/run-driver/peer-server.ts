// The server side of a two-role run (netperf's netserver, or any module's 'server' requirement), on the peer: a
// detached job of its own (<remoteRunId>.server) whose folder records the server's pid, so any later process (after
// a restart, a cancel, a failure) stops exactly that process by pid. A watchdog ends it if nobody comes back.
import { DetachedRuns } from '../../ssh/detached.ts';
import { RunnerError } from '../errors.ts';
import { pickFreePort } from '../procs.ts';
import { mustRun, run, shArgv, type BenchEndpoint } from '../remote.ts';
import { READ_LINE, START_SCRIPT, ZOMBIE } from '../../ssh/detached-scripts.ts';
import { parseKeyValues } from '../../ssh/key-values.ts';
import { limitOn } from '../endpoint-limits.ts';

/** How long a server may take to listen on a host or a guest that declares nothing (its ssh command gets twice that). */
export const DEFAULT_SERVER_START_SEC = 15;

/** The start timeout for a server on `peer`: what its platform declares for its guests (Reach.serverStartSec), else the default. */
export function serverStartTimeoutMs(peer: Pick<BenchEndpoint, 'serverStartSec'>): number {
  return Math.round((peer.serverStartSec ?? DEFAULT_SERVER_START_SEC) * 1000);
}

export const serverRunId = (remoteRunId: string): string => `${remoteRunId}.server`;

// $1 watchdog seconds, then the server's argv. Runs in the job's folder: server_pid is read by stop.
const SERVER_JOB = [
  'w=$1; shift',
  '"$@" & s=$!',
  'echo "$s" > server_pid.tmp && mv server_pid.tmp server_pid',
  '{ sleep "$w"; kill "$s"; } >/dev/null 2>&1 &',
  'wait "$s"',
].join('\n');

// $1 the detached start script, $2 port, $3 seconds to wait, then the start script's own arguments ($4 the job id...).
// One round trip from nothing to a server listening: refuses a port something already listens on (exit 75), starts the
// job, then waits on the peer itself until the job has recorded the server's pid and the port listens (prints
// server=), or the job ended first (exit 3), or the peer's clock passed the deadline (exit 4). A deadline, not a count
// of checks: in an emulated guest each check (ss, awk) takes far longer than the 20 ms between checks. The clock is
// read every 25th check only (date is a process start).
export const SERVER_UP = [
  'start=$1; port=$2; secs=$3; shift 3',
  READ_LINE,
  'command -v ss >/dev/null 2>&1 || { echo "ss (iproute2) is not installed: cannot see the server listen" >&2; exit 127; }',
  // ss -ltnH: State Recv-Q Send-Q Local:Port Peer:Port; a local address ending in :PORT listens on it (any address).
  'listening() { ss -ltnH 2>/dev/null | awk -v p=":$1" \'{ if (substr($4, length($4) - length(p) + 1) == p) f = 1 } END { exit !f }\'; }',
  'if listening "$port"; then echo busy; exit 75; fi',
  // In a subshell of this one rather than a new sh (a fork without an exec); not in an and-or list, where the start
  // script's set -e would be ignored.
  '( eval "$start" ); rc=$?',
  '[ "$rc" -eq 0 ] || exit "$rc"',
  'd="$HOME/.virtlab/runs/$1"',
  'n=0; end=$(( $(date +%s) + secs ))',
  'while :; do',
  '  if rd "$d/server_pid" && listening "$port"; then echo "server=$v"; exit 0; fi',
  '  [ -f "$d/exit_status" ] && exit 3',
  '  rd "$d/pid" && ! kill -0 "$v" 2>/dev/null && exit 3',
  '  n=$((n + 1)); if [ $((n % 25)) -eq 0 ] && [ "$(date +%s)" -ge "$end" ]; then exit 4; fi',
  '  sleep 0.02 2>/dev/null || sleep 1',
  'done',
].join('\n');

export interface PeerServer {
  pid: number;
  port: number;
}
export interface ServerCommand {
  argv(port: number): readonly string[];
  comm: string;
  watchdogSec: number;
  /** The only port peers reach (a guest's published port): used as it is, never another. */
  port?: number;
}

/**
 * Starts the server on a free port (picked at random in 20000-29999; one something listens on is refused there and
 * another tried) and returns once it listens there, its pid recorded in the job folder.
 */
export async function startPeerServer(
  peer: BenchEndpoint,
  remoteRunId: string,
  cmd: ServerCommand,
  timeoutMs = DEFAULT_SERVER_START_SEC * 1000,
): Promise<PeerServer> {
  const id = serverRunId(remoteRunId);
  const busy = new Set<number>();
  try {
    for (;;) {
      const port = cmd.port ?? pickFreePort(busy);
      const job = shArgv(SERVER_JOB, String(Math.ceil(cmd.watchdogSec)), ...cmd.argv(port));
      const secs = Math.max(1, Math.ceil(timeoutMs / 1000));
      const r = await run(peer, shArgv(SERVER_UP, START_SCRIPT, String(port), String(secs), id, JSON.stringify(job), `.virtlab/runs/${id}`, ...job), {
        timeoutMs: timeoutMs * 2,
      });
      if (r.timedOut) throw new RunnerError('timeout', `starting ${cmd.comm} on ${peer.name} timed out after ${r.durationMs} ms`);
      const kv = parseKeyValues(r.stdout);
      if (r.code === 0 && Number(kv.get('server'))) return { pid: Number(kv.get('server')), port };
      if (r.code === 75 && cmd.port === undefined && busy.size < 20) {
        busy.add(port);
        continue;
      }
      if (r.code === 75) throw new RunnerError('remote', `${cmd.comm} on ${peer.name}: port ${port}, the only one peers reach, is in use`);
      if (r.code === 3) {
        const c = await new DetachedRuns(peer.host, { timeoutMs: limitOn(peer, 15_000) }).collect(id).catch(() => undefined);
        throw new RunnerError(
          'remote',
          `${cmd.comm} on ${peer.name} stopped before listening on port ${port}: ${(c?.stderr || c?.stdout || '').trim() || 'no output'}`,
        );
      }
      if (r.code === 4) throw new RunnerError('timeout', `${cmd.comm} on ${peer.name} did not listen on port ${port} within ${timeoutMs} ms`);
      throw new RunnerError(
        'remote',
        `starting ${cmd.comm} on ${peer.name} failed: ${r.stderr.trim() || (r.signal ? `signal ${r.signal}` : `exit code ${r.code}`)}`,
      );
    }
  } catch (e) {
    await stopPeerServer(peer, remoteRunId, cmd.comm).catch(() => undefined);
    throw e;
  }
}

// $1 server job id, $2 the server's command name. One round trip from a running server to its folder gone: TERM to
// the job's process group (its runner is a session leader) and to the recorded server pid, KILL after 5 s, removal
// once both are gone (exit 16 if they outlive KILL by 3 s). A pid counts as ours only while it still runs what we
// started (the runner's virtlab-run, the server's command name), never a reused pid; without /proc, while it exists.
// Prints server=<pid> when the folder recorded one; nothing when there is no folder.
const STOP_SERVER = [
  'd="$HOME/.virtlab/runs/$1"; comm=$2',
  '[ -d "$d" ] || exit 0',
  READ_LINE,
  ZOMBIE,
  'rd "$d/pid"; runner=$v; rd "$d/server_pid"; server=$v',
  'echo "server=$server"',
  // Read with the shell's own read, not grep or cat: the wait below checks every 20 ms until both are gone.
  'live() { [ -n "$1" ] || return 1; if [ -d /proc/self ]; then [ -r "/proc/$1/status" ] && ! zombie "$1"; else kill -0 "$1" 2>/dev/null; fi; }',
  'runner_ours() { live "$runner" && { [ ! -d /proc/self ] || grep -q virtlab-run "/proc/$runner/cmdline" 2>/dev/null; }; }',
  'server_ours() { live "$server" && { [ ! -d /proc/self ] || { rd "/proc/$server/comm" && [ "$v" = "$comm" ]; }; }; }',
  'signal() { if runner_ours; then kill -s "$1" -- "-$runner" 2>/dev/null; fi; if server_ours; then kill -s "$1" "$server" 2>/dev/null; fi; true; }',
  'gone_within() { n=0; while runner_ours || server_ours; do n=$((n + 1)); [ "$n" -ge "$1" ] && return 1; sleep 0.02 2>/dev/null || sleep 1; done; }',
  'signal TERM',
  'if ! gone_within 250; then signal KILL; gone_within 150 || { echo "$comm (pid $server) is still running after TERM and KILL" >&2; exit 16; }; fi',
  'rm -rf -- "$d"',
].join('\n');

/**
 * Stops the run's server by its recorded pids (TERM to its group, KILL if needed, checked gone) and removes the job
 * folder, in one round trip. Nothing to do when the folder is already gone; returns the pid it stopped, if any.
 */
export async function stopPeerServer(peer: BenchEndpoint, remoteRunId: string, comm: string): Promise<number | undefined> {
  const r = await mustRun(peer, shArgv(STOP_SERVER, serverRunId(remoteRunId), comm), `stopping ${comm}`, { timeoutMs: limitOn(peer, 30_000) });
  return Number(parseKeyValues(r.stdout).get('server')) || undefined;
}
