// A netperf pair run: netserver on the peer (a free port, owned by pid), the catalog's client sweep on the
// client endpoint against the peer's address, and the server stopped whatever happens.
import { netperfSelectors, netperfSweep } from '../../benchmarks/netperf/command.ts';
import { netperfParamsSchema, type NetperfParams } from '../../benchmarks/netperf/params.ts';
import { parseNetperf } from '../../benchmarks/netperf/parse.ts';
import { RunnerError } from '../errors.ts';
import { commandFailure, recordedRun } from '../record.ts';
import type { BenchEndpoint } from '../remote.ts';
import { ResultBuilder, type BenchRunResult, type Progress } from '../result.ts';
import { toolVersion } from '../versions.ts';
import { chooseControlPort, startNetserver, stopNetserver, type StoppedServer } from './netserver.ts';

export interface NetperfRunOptions {
  client: BenchEndpoint;
  peer: BenchEndpoint;
  /** Raw parameters (validated by the catalog's schema). A controlPort given here is used as is (it must be free). */
  params?: Record<string, unknown>;
  /** Address the client uses for the peer (default: peer.address). */
  peerAddress?: string;
  /** Remote run id for the server's detached run folder. */
  runId?: string;
  signal?: AbortSignal;
  progress?: Progress;
  /** Called once the server is stopped (tests check the pid). */
  onServerStopped?: (s: StoppedServer) => void;
}

function timeoutFor(p: NetperfParams): number {
  const iterations = p.confidence ? p.confidence.maxIterations : 1;
  return (p.durationSec * iterations + 60) * 1000;
}

export async function runNetperfPair(o: NetperfRunOptions): Promise<BenchRunResult> {
  const raw = o.params ?? {};
  const explicitPort = typeof raw.controlPort === 'number' ? raw.controlPort : undefined;
  const say = o.progress ?? (() => {});
  const rb = new ResultBuilder('netperf', [o.client, o.peer], raw);
  const parsed = netperfParamsSchema.safeParse(raw);
  if (!parsed.success) {
    rb.error = `invalid netperf parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    return rb.finish();
  }
  if (o.client.name === o.peer.name) {
    rb.error = 'netperf needs two different endpoints (client and peer)';
    return rb.finish();
  }
  const runId = o.runId ?? `netserver-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let server: Awaited<ReturnType<typeof startNetserver>> | undefined;
  try {
    const [cv, sv] = await rb.step('versions', () => Promise.all([toolVersion(o.client, 'netperf'), toolVersion(o.peer, 'netperf')]));
    if (!cv) throw new RunnerError('refused', `netperf is not installed on ${o.client.name} (run \`virtlab bench install netperf\`)`);
    if (!sv) throw new RunnerError('refused', `netperf (netserver) is not installed on ${o.peer.name}`);
    rb.versions[`netperf@${o.client.name}`] = cv;
    rb.versions[`netserver@${o.peer.name}`] = sv;

    const avoid = new Set(parsed.data.dataPort !== undefined ? [parsed.data.dataPort] : []);
    const controlPort = await chooseControlPort(o.peer, explicitPort, avoid);
    const p: NetperfParams = { ...parsed.data, controlPort };
    rb.info.controlPort = controlPort;
    say(`starting netserver on ${o.peer.name} port ${controlPort}`);
    server = await rb.step('netserver start', () => startNetserver(o.peer, runId, controlPort));
    rb.info.netserverPid = server.pid;
    rb.commands.push({
      label: 'netserver',
      endpoint: o.peer.name,
      argv: server.argv,
      code: null,
      signal: null,
      stdout: '',
      stderr: '',
      startedAt: Date.now(),
      durationMs: 0,
    });

    const target = o.peerAddress ?? o.peer.address;
    const sweep = netperfSweep(p, target);
    for (const [i, point] of sweep.entries()) {
      if (o.signal?.aborted) throw new RunnerError('declined', 'cancelled');
      say(`${p.test} ${point.point.messageSize ?? 'default size'} (${i + 1}/${sweep.length}) ${o.client.name} -> ${o.peer.name}`);
      const rec = await rb.step(`${p.test} ${point.point.messageSize ?? ''}`.trim(), () =>
        recordedRun(rb, o.client, `netperf ${p.test}`, point.argv, {
          timeoutMs: timeoutFor(p),
          point: point.point,
          ...(o.signal ? { signal: o.signal } : {}),
        }),
      );
      const failure = commandFailure(rec);
      if (failure) throw new RunnerError('remote', failure);
      try {
        const out = parseNetperf(rec.stdout, {
          selectors: netperfSelectors(p),
          ...(p.confidence ? { confidenceWidthPercent: p.confidence.widthPercent } : {}),
          point: point.point,
        });
        rb.metrics.push(...out.metrics);
        rb.warnings.push(...out.warnings.map((w) => (point.point.messageSize !== undefined ? `${w} (message size ${point.point.messageSize})` : w)));
        for (const [k, v] of Object.entries(out.info)) rb.info[k] ??= v;
      } catch (e) {
        rec.parseError = (e as Error).message;
      }
    }
  } catch (e) {
    rb.error = (e as Error).message;
  } finally {
    if (server) {
      say(`stopping netserver (pid ${server.pid}) on ${o.peer.name}`);
      try {
        const stopped = await rb.step('netserver stop', () => stopNetserver(server!));
        const rec = rb.commands.find((c) => c.label === 'netserver');
        if (rec) {
          rec.stdout = stopped.stdout;
          rec.stderr = stopped.stderr;
          rec.durationMs = Date.now() - rec.startedAt;
        }
        rb.info.netserverGone = stopped.gone ? 1 : 0;
        o.onServerStopped?.(stopped);
      } catch (e) {
        rb.error = rb.error ?? (e as Error).message;
        rb.warnings.push((e as Error).message);
      }
    }
  }
  return rb.finish();
}
