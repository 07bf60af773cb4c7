// netserver on the peer endpoint, owned by pid: started in the foreground (-D) as a detached run on a port
// checked to be free there, and stopped by pid (never by name), with a check that the process is really gone.
import { netserverArgv } from '../../benchmarks/netperf/command.ts';
import { DetachedRuns } from '../../ssh/detached.ts';
import { RunnerError } from '../errors.ts';
import { childProcesses, listeningTcpPorts, pickFreePort, waitPidGone } from '../procs.ts';
import type { BenchEndpoint } from '../remote.ts';

export interface NetserverHandle {
  endpoint: BenchEndpoint;
  runId: string;
  controlPort: number;
  /** The detached runner (session leader of the server's process group). */
  runnerPid: number;
  /** netserver itself. */
  pid: number;
  argv: string[];
}

export interface StoppedServer {
  pid: number;
  runnerPid: number;
  gone: boolean;
  stdout: string;
  stderr: string;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Picks a free control port on the peer unless one is given (then it must be free). */
export async function chooseControlPort(peer: BenchEndpoint, wanted?: number, avoid: ReadonlySet<number> = new Set()): Promise<number> {
  const busy = await listeningTcpPorts(peer);
  if (wanted !== undefined) {
    if (busy.has(wanted)) throw new RunnerError('refused', `TCP port ${wanted} is already in use on ${peer.name}; pick another netperf control port`);
    return wanted;
  }
  return pickFreePort(busy, 20000, 29999, avoid);
}

export async function startNetserver(peer: BenchEndpoint, runId: string, controlPort: number, timeoutMs = 10_000): Promise<NetserverHandle> {
  const runs = new DetachedRuns(peer.host);
  const argv = netserverArgv({ controlPort });
  const { pid: runnerPid } = await runs.start(runId, argv);
  const handle: NetserverHandle = { endpoint: peer, runId, controlPort, runnerPid, pid: 0, argv };
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!handle.pid) {
        const kids = await childProcesses(peer, runnerPid);
        const server = kids.find((k) => k.comm === 'netserver') ?? kids[0];
        if (server) handle.pid = server.pid;
      }
      if (handle.pid && (await listeningTcpPorts(peer)).has(controlPort)) return handle;
      const status = await runs.reattach(runId);
      if (status.state !== 'running') {
        const c = await runs.collect(runId);
        throw new RunnerError(
          'remote',
          `netserver on ${peer.name} stopped before listening on port ${controlPort}: ${(c.stderr || c.stdout).trim() || 'no output'}`,
        );
      }
      if (Date.now() > until) throw new RunnerError('timeout', `netserver on ${peer.name} did not listen on port ${controlPort} within ${timeoutMs} ms`);
      await sleep(100);
    }
  } catch (e) {
    await stopNetserver(handle).catch(() => undefined);
    throw e;
  }
}

/** Stops the server's process group by the runner's pid, escalates to KILL, and checks both pids are gone. */
export async function stopNetserver(h: NetserverHandle): Promise<StoppedServer> {
  const runs = new DetachedRuns(h.endpoint.host);
  const ep = h.endpoint;
  await runs.stop(h.runId, 'TERM');
  let gone = (h.pid ? await waitPidGone(ep, h.pid, 5000) : true) && (await waitPidGone(ep, h.runnerPid, 3000));
  if (!gone) {
    await runs.stop(h.runId, 'KILL');
    gone = (h.pid ? await waitPidGone(ep, h.pid, 5000) : true) && (await waitPidGone(ep, h.runnerPid, 3000));
  }
  let stdout = '';
  let stderr = '';
  try {
    const c = await runs.collect(h.runId);
    stdout = c.stdout;
    stderr = c.stderr;
    if (gone) await runs.cleanup(h.runId);
  } catch {
    /* the output is a nicety; the pid check above is what matters */
  }
  if (!gone) throw new RunnerError('cleanup', `netserver (pid ${h.pid}) on ${ep.name} is still running after TERM and KILL`);
  return { pid: h.pid, runnerPid: h.runnerPid, gone, stdout, stderr };
}
