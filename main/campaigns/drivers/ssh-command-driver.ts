// A RunDriver that runs one command detached (main/ssh/detached.ts) on a run's first endpoint and reads
// `name=value` lines as metrics. It is what the campaign tests execute on the lab, and a way to run any
// scripted measurement before a benchmark has its own runner.
import { pointKey } from '../../scenarios/points.ts';
import type { StoredHost } from '../../store/repos/hosts.ts';
import { DetachedRuns } from '../../ssh/detached.ts';
import { stopDetachedRun } from '../../ssh/stop-detached.ts';
import type { SshEndpoint } from '../../ssh/endpoint.ts';
import { SshError } from '../../ssh/errors.ts';
import type { SshPool } from '../../ssh/pool.ts';
import { EndpointBusyError, EndpointDownError, type Collected, type DriverRun, type ParseOutcome, type RunDriver, type RunTarget } from '../driver.ts';

export interface SshCommandDriverOptions {
  pool: SshPool;
  endpointOf(host: StoredHost): SshEndpoint;
  /** The command (argv) a run executes on its first endpoint; the other endpoints' names are in target.endpoints. */
  argvOf(target: RunTarget): string[];
}

const LINE = /^([A-Za-z_][A-Za-z0-9_.-]*)=(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?:\s+(\S+))?\s*$/;

/** `name=value [unit]` lines -> metrics (higher is better unless the name ends in _s, _us or _ms). */
export function parseKeyValueMetrics(run: DriverRun, out: Collected): ParseOutcome {
  const metrics = [];
  for (const raw of out.stdout.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) return { ok: false, error: `line ${JSON.stringify(line.slice(0, 80))} is not name=value` };
    const name = m[1]!;
    metrics.push({
      name,
      point: pointKey(run.benchmark, run.params),
      value: Number(m[2]),
      unit: m[3] ?? '',
      better: /(_s|_us|_ms)$/.test(name) ? ('lower' as const) : ('higher' as const),
    });
  }
  if (metrics.length === 0) return { ok: false, error: 'no name=value line in the output' };
  return { ok: true, metrics };
}

function down(host: StoredHost, e: unknown): unknown {
  if (e instanceof SshError && e.kind === 'handshake-timeout') return new EndpointBusyError(host.name, e.message);
  if (e instanceof SshError && ['unreachable', 'timeout', 'closed', 'channel'].includes(e.kind)) return new EndpointDownError(host.name, e.message);
  // A control command that got no exit status at all (timed out on a connection that went silent) says the same.
  if (e instanceof SshError && e.kind === 'remote' && /exit code null|signal [A-Z]+$/.test(e.message)) return new EndpointDownError(host.name, e.message);
  return e;
}

export function createSshCommandDriver(opts: SshCommandDriverOptions): RunDriver {
  const runsOn = (t: RunTarget) => {
    const host = t.endpoints[0]!;
    return { host, runs: new DetachedRuns(opts.pool.host(opts.endpointOf(host)), { timeoutMs: 15_000 }) };
  };
  const guard = async <T>(t: RunTarget, f: (runs: DetachedRuns) => Promise<T>): Promise<T> => {
    const { host, runs } = runsOn(t);
    try {
      return await f(runs);
    } catch (e) {
      throw down(host, e);
    }
  };
  return {
    start: (t) =>
      guard(t, async (runs) => {
        await runs.start(t.remoteRunId, opts.argvOf(t));
      }),
    status: (t) =>
      guard(t, async (runs) => {
        const s = await runs.reattach(t.remoteRunId);
        return s.state;
      }),
    wait: (t, maxMs, signal) =>
      guard(t, async (runs) => {
        await runs.waitEnd(t.remoteRunId, maxMs, signal);
      }),
    collect: (t) =>
      guard(t, async (runs) => {
        const c = await runs.collect(t.remoteRunId);
        return { stdout: c.stdout, stderr: c.stderr, exitCode: c.status.state === 'exited' ? c.status.code : null };
      }),
    stop: (t) => guard(t, (runs) => stopDetachedRun(runs, t.remoteRunId, t.endpoints[0]!.name)).then(() => undefined),
    cleanup: (t) => guard(t, (runs) => runs.cleanup(t.remoteRunId)),
    parse: parseKeyValueMetrics,
  };
}
