// netperf as a benchmark module: a client and a server endpoint, one netperf client run per message size.
import { netperfForm } from './form.ts';
import type { BenchmarkModule, ToolRequirement } from '../module.ts';
import { bytesLabel } from '../sweep.ts';
import { netperfPointArgv, netperfSelectors, netserverArgv, netperfVersionArgv } from './command.ts';
import { netperfMetrics } from './metrics.ts';
import { parseNetperf } from './parse.ts';
import { netperfSweepEntry, NetperfPoint, type NetperfSweep } from './sweep.ts';
import { parseNetperfVersion } from './version.ts';

/** Connecting, starting netserver on the peer, collecting and storing: per run, seconds. */
const RUN_OVERHEAD_SEC = 3;
/** A step is cut at its duration plus this much (netperf's own connect and wrap-up). */
const STEP_SLACK_SEC = 60;

const TOOL: ToolRequirement = { kind: 'tool', tool: 'netperf', package: 'netperf', versionArgv: netperfVersionArgv, parseVersion: parseNetperfVersion };

/** netperf ends a -l N test on a kernel timer but computes its rates over the time between two reads of the host's wall
 * clock: an elapsed time far from N (negative, under half, or past twice N plus a minute) means that clock stepped
 * during the measurement, and every rate it printed is off by that step. */
function checkElapsed(elapsed: unknown, durationSec: number): void {
  if (typeof elapsed !== 'number') return;
  if (elapsed > durationSec / 2 && elapsed < durationSec * 2 + 60) return;
  throw new Error(
    `netperf timed ${elapsed} s for a ${durationSec} s test (-l ${durationSec}): the host's wall clock stepped during the measurement, so its rates are not trusted`,
  );
}

export const netperf = {
  id: 'netperf',
  title: 'Netperf',
  summary: 'TCP_RR half-round-trip latency over 1 B..16 KiB messages and TCP_STREAM bandwidth between two endpoints.',
  sweep: netperfSweepEntry,
  form: netperfForm,
  params: NetperfPoint,
  runNames: ['netperf'] as const,
  runName: () => 'netperf',

  points(s) {
    return s.tests.flatMap((test) => {
      const sizes: (number | undefined)[] = test === 'TCP_RR' ? s.messageSizes : s.streamSizes.length ? s.streamSizes : [undefined];
      const median = test === 'TCP_RR' && s.latency === 'median';
      return sizes.map((messageSize) => ({
        params: { test, ...(messageSize !== undefined ? { messageSize } : {}), durationSec: s.durationSec, ...(median ? { latency: 'median' as const } : {}) },
        label: `${messageSize !== undefined ? `${test} ${bytesLabel(messageSize)}` : test}${median ? ' (median RTT)' : ''}`,
        nodeCount: 2,
      }));
    });
  },

  check(_s, platforms) {
    return platforms
      .filter((p) => p.endpoints.length < 2)
      .map((p) => ({ path: '', message: `netperf needs a pair of endpoints but platform "${p.name}" has ${p.endpoints.length}` }));
  },

  endpoints: () => 2,
  estimate: (p) => ({ runSec: p.durationSec + RUN_OVERHEAD_SEC, setup: [] }),

  tool: TOOL,
  requirements: (p) => [
    TOOL,
    { kind: 'server', role: 1, comm: 'netserver', argv: (port) => netserverArgv({ controlPort: port }), watchdogSec: p.durationSec + STEP_SLACK_SEC + 120 },
  ],

  job(p, ctx) {
    if (ctx.serverPort === undefined || ctx.addresses[1] === undefined) throw new Error('netperf needs its server endpoint and port');
    return {
      steps: [
        {
          point: { test: p.test, ...(p.messageSize !== undefined ? { messageSize: p.messageSize } : {}) },
          argv: netperfPointArgv(p, ctx.addresses[1], ctx.serverPort, ctx.dataPort),
          timeoutSec: p.durationSec + STEP_SLACK_SEC,
        },
      ],
    };
  },

  parseSaved: (text, o) => parseNetperf(text, { ...(o.selectors ? { selectors: o.selectors } : {}), ...(o.test ? { test: o.test } : {}) }),
  parse(text, marker, p) {
    const out = parseNetperf(text, { selectors: netperfSelectors(p), point: marker, ...(p.latency ? { halfRttFrom: p.latency } : {}) });
    checkElapsed(out.info.elapsedSec, p.durationSec);
    return {
      // The point is the params' message size (the rule in module.ts): a size netperf reports for a run that left it
      // to netperf (TCP_STREAM's default send size) is not a point; a reported size other than the one asked for
      // reaches the run driver, which refuses it.
      metrics: out.metrics.map((m) => ({
        name: m.name,
        point: p.messageSize !== undefined ? String(m.point.size ?? p.messageSize) : '',
        value: m.value,
        unit: m.unit,
        better: m.better,
      })),
      warnings: out.warnings,
    };
  },

  describePoint: (point) => (point ? `${point}-byte messages` : 'default send size'),
  pointKey: (p) => (p.messageSize !== undefined ? String(p.messageSize) : ''),
  metrics: netperfMetrics,
  figures: [
    {
      id: 'fig1a',
      title: 'Network latency',
      caption: 'Netperf TCP_RR half round-trip latency by message size (Walters et al. 2008, Fig. 1a).',
      logX: true,
      panels: [{ id: 'latency', title: 'Latency vs message size', xLabel: 'message size (bytes)', benchmark: 'netperf', metric: 'half_rtt', kind: 'absolute' }],
    },
    {
      id: 'fig1b',
      title: 'Network bandwidth relative to {baseline}',
      caption: 'Netperf TCP_STREAM bandwidth relative to the baseline (Fig. 1b).',
      logX: true,
      panels: [{ id: 'bandwidth', title: 'Bandwidth', xLabel: 'message size (bytes)', benchmark: 'netperf', metric: 'throughput', kind: 'relative' }],
    },
  ],
  headlines: [
    { label: 'Latency', benchmark: 'netperf', metric: 'half_rtt' },
    { label: 'Bandwidth', benchmark: 'netperf', metric: 'throughput' },
  ],
} satisfies BenchmarkModule<NetperfSweep, NetperfPoint>;
