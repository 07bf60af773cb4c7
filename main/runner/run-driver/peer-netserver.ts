// netserver for one campaign run, on the peer: a detached job of its own (<remoteRunId>.netserver) whose folder
// records the netserver's pid, so any later process (after a restart, a cancel, a failure) stops exactly that
// process by pid. A watchdog ends it on its own if nobody ever comes back.
import { DetachedRuns } from '../../ssh/detached.ts';
import { RunnerError } from '../errors.ts';
import { listeningTcpPorts, waitPidGone } from '../procs.ts';
import { mustRun, shArgv, type BenchEndpoint } from '../remote.ts';
import { stopNetserver } from '../netperf/netserver.ts';

export const netserverRunId = (remoteRunId: string): string => `${remoteRunId}.netserver`;

// $1 control port, $2 watchdog seconds. Runs in the job's folder: netserver_pid is read by stop.
const NETSERVER_JOB = [
  'netserver -p "$1" -D & ns=$!',
  'echo "$ns" > netserver_pid.tmp && mv netserver_pid.tmp netserver_pid',
  '{ sleep "$2"; kill "$ns"; } >/dev/null 2>&1 &',
  'wait "$ns"',
].join('\n');

// $1 job folder: the recorded pids, key=value.
const READ_PIDS = 'd="$HOME/.virtlab/runs/$1"; echo "runner=$(cat "$d/pid" 2>/dev/null)"; echo "netserver=$(cat "$d/netserver_pid" 2>/dev/null)"';

// $1 pid, $2 signal: signals the pid only if it is still a netserver (not a reused pid).
const KILL_IF_NETSERVER = 'if [ "$(cat "/proc/$1/comm" 2>/dev/null)" = netserver ]; then kill -s "$2" "$1" 2>/dev/null; fi; true';

async function recordedPids(peer: BenchEndpoint, runId: string): Promise<{ runner: number; netserver: number }> {
  const r = await mustRun(peer, shArgv(READ_PIDS, runId), 'reading the netserver pid');
  const kv = new Map(r.stdout.split('\n').map((l) => l.split('=') as [string, string]));
  return { runner: Number(kv.get('runner') || 0), netserver: Number(kv.get('netserver') || 0) };
}

export interface PeerNetserver { pid: number; controlPort: number }

/** Starts netserver on `port` and returns once it listens there (its pid recorded in the job folder). */
export async function startPeerNetserver(peer: BenchEndpoint, remoteRunId: string, port: number, watchdogSec: number, timeoutMs = 15_000): Promise<PeerNetserver> {
  const id = netserverRunId(remoteRunId);
  const runs = new DetachedRuns(peer.host, { timeoutMs: 15_000 });
  await runs.start(id, shArgv(NETSERVER_JOB, String(port), String(Math.ceil(watchdogSec))), { cwd: `.virtlab/runs/${id}` });
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const pids = await recordedPids(peer, id);
      if (pids.netserver && (await listeningTcpPorts(peer)).has(port)) return { pid: pids.netserver, controlPort: port };
      const st = await runs.reattach(id);
      if (st.state !== 'running') {
        const c = await runs.collect(id).catch(() => undefined);
        throw new RunnerError('remote', `netserver on ${peer.name} stopped before listening on port ${port}: ${(c?.stderr || c?.stdout || '').trim() || 'no output'}`);
      }
      if (Date.now() > until) throw new RunnerError('timeout', `netserver on ${peer.name} did not listen on port ${port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (e) {
    await stopPeerNetserver(peer, remoteRunId).catch(() => undefined);
    throw e;
  }
}

/**
 * Stops the run's netserver by its recorded pid (TERM to its group, KILL if needed, checked gone) and removes the
 * job folder. Nothing to do when the folder is already gone; returns the pid it stopped, if any.
 */
export async function stopPeerNetserver(peer: BenchEndpoint, remoteRunId: string): Promise<number | undefined> {
  const id = netserverRunId(remoteRunId);
  const runs = new DetachedRuns(peer.host, { timeoutMs: 15_000 });
  const st = await runs.reattach(id);
  if (st.state === 'missing') return undefined;
  const pids = await recordedPids(peer, id);
  if (st.state === 'running') {
    await stopNetserver({ endpoint: peer, runId: id, controlPort: 0, runnerPid: pids.runner, pid: pids.netserver, argv: [] });
  } else if (pids.netserver) {
    // The job's shell is gone; a netserver that outlived it (same pid, still netserver) is stopped by pid.
    for (const sig of ['TERM', 'KILL']) {
      await mustRun(peer, shArgv(KILL_IF_NETSERVER, String(pids.netserver), sig), 'stopping netserver');
      if (await waitPidGone(peer, pids.netserver, 3000)) break;
    }
    await runs.cleanup(id);
  } else {
    await runs.cleanup(id);
  }
  return pids.netserver || undefined;
}
