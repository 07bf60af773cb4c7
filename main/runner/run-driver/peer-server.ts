// The server side of a two-role run (netperf's netserver, or any module's 'server' requirement), on the peer: a
// detached job of its own (<remoteRunId>.server) whose folder records the server's pid, so any later process (after
// a restart, a cancel, a failure) stops exactly that process by pid. A watchdog ends it if nobody comes back.
import { DetachedRuns } from '../../ssh/detached.ts';
import { RunnerError } from '../errors.ts';
import { listeningTcpPorts, waitPidGone } from '../procs.ts';
import { mustRun, shArgv, type BenchEndpoint } from '../remote.ts';
import { stopNetserver } from '../netperf/netserver.ts';

export const serverRunId = (remoteRunId: string): string => `${remoteRunId}.server`;

// $1 watchdog seconds, then the server's argv. Runs in the job's folder: server_pid is read by stop.
const SERVER_JOB = [
  'w=$1; shift',
  '"$@" & s=$!',
  'echo "$s" > server_pid.tmp && mv server_pid.tmp server_pid',
  '{ sleep "$w"; kill "$s"; } >/dev/null 2>&1 &',
  'wait "$s"',
].join('\n');

// $1 job folder: the recorded pids, key=value.
const READ_PIDS = 'd="$HOME/.virtlab/runs/$1"; echo "runner=$(cat "$d/pid" 2>/dev/null)"; echo "server=$(cat "$d/server_pid" 2>/dev/null)"';

// $1 pid, $2 signal, $3 command name: signals the pid only if it still runs that command (not a reused pid).
const KILL_IF_SAME = 'if [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$3" ]; then kill -s "$2" "$1" 2>/dev/null; fi; true';

async function recordedPids(peer: BenchEndpoint, runId: string): Promise<{ runner: number; server: number }> {
  const r = await mustRun(peer, shArgv(READ_PIDS, runId), 'reading the server pid');
  const kv = new Map(r.stdout.split('\n').map((l) => l.split('=') as [string, string]));
  return { runner: Number(kv.get('runner') || 0), server: Number(kv.get('server') || 0) };
}

export interface PeerServer { pid: number; port: number }
export interface ServerCommand { argv: readonly string[]; comm: string; port: number; watchdogSec: number }

/** Starts the server and returns once it listens on its port (its pid recorded in the job folder). */
export async function startPeerServer(peer: BenchEndpoint, remoteRunId: string, cmd: ServerCommand, timeoutMs = 15_000): Promise<PeerServer> {
  const id = serverRunId(remoteRunId);
  const runs = new DetachedRuns(peer.host, { timeoutMs: 15_000 });
  await runs.start(id, shArgv(SERVER_JOB, String(Math.ceil(cmd.watchdogSec)), ...cmd.argv), { cwd: `.virtlab/runs/${id}` });
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const pids = await recordedPids(peer, id);
      if (pids.server && (await listeningTcpPorts(peer)).has(cmd.port)) return { pid: pids.server, port: cmd.port };
      const st = await runs.reattach(id);
      if (st.state !== 'running') {
        const c = await runs.collect(id).catch(() => undefined);
        throw new RunnerError('remote', `${cmd.comm} on ${peer.name} stopped before listening on port ${cmd.port}: ${(c?.stderr || c?.stdout || '').trim() || 'no output'}`);
      }
      if (Date.now() > until) throw new RunnerError('timeout', `${cmd.comm} on ${peer.name} did not listen on port ${cmd.port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (e) {
    await stopPeerServer(peer, remoteRunId, cmd.comm).catch(() => undefined);
    throw e;
  }
}

/**
 * Stops the run's server by its recorded pid (TERM to its group, KILL if needed, checked gone) and removes the job
 * folder. Nothing to do when the folder is already gone; returns the pid it stopped, if any.
 */
export async function stopPeerServer(peer: BenchEndpoint, remoteRunId: string, comm: string): Promise<number | undefined> {
  const id = serverRunId(remoteRunId);
  const runs = new DetachedRuns(peer.host, { timeoutMs: 15_000 });
  const st = await runs.reattach(id);
  if (st.state === 'missing') return undefined;
  const pids = await recordedPids(peer, id);
  if (st.state === 'running') {
    await stopNetserver({ endpoint: peer, runId: id, controlPort: 0, runnerPid: pids.runner, pid: pids.server, argv: [] });
  } else if (pids.server) {
    // The job's shell is gone; a server that outlived it (same pid, same command) is stopped by pid.
    for (const sig of ['TERM', 'KILL']) {
      await mustRun(peer, shArgv(KILL_IF_SAME, String(pids.server), sig, comm), `stopping ${comm}`);
      if (await waitPidGone(peer, pids.server, 3000)) break;
    }
    await runs.cleanup(id);
  } else {
    await runs.cleanup(id);
  }
  return pids.server || undefined;
}
