// netperf through VirtLab between two lab hosts and two lab guests. Only what is deterministic is checked:
// the process that really ran on the client is the netperf binary with exactly the argv a person would type
// (seen in the process table, not taken from VirtLab's own record), the same command typed by hand over
// OpenSSH works and reads the same way, netserver is started and stopped by pid (gone afterwards), and every
// stored metric equals the number in the stored raw output, read here by a parser of the test's own.
// How close VirtLab's figures are to hand runs is a measurement: `npm run bench -- netperf-shaping` and the
// fidelity bench, never a test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNetperfPair } from '../../../main/runner/netperf/run.ts';
import type { StoppedServer } from '../../../main/runner/netperf/netserver.ts';
import type { BenchRunResult, CommandRecord } from '../../../main/runner/result.ts';
import { run } from '../../lab/exec.ts';
import { shapeLink, sshArgs, unshapeLink, type LabEndpointAny } from '../../lab/api.ts';
import { endpointNetns, liveIn, sameArgv, watchProcesses, type SeenProcess } from '../../lab/proc-watch.ts';
import { labBench, type LabBench } from './lab-bench.ts';

let lab: LabBench;
beforeAll(async () => {
  lab = await labBench(4);
});
afterAll(() => lab?.close());

const ssh = async (e: LabEndpointAny, command: string) => (await run('ssh', [...sshArgs(lab.inv, e), '--', command])).stdout;

const SECONDS = 2;
const RR_COLUMNS =
  'MEAN_LATENCY,P50_LATENCY,P99_LATENCY,STDDEV_LATENCY,MIN_LATENCY,MAX_LATENCY,TRANSACTION_RATE,THROUGHPUT,THROUGHPUT_UNITS,REQUEST_SIZE,RESPONSE_SIZE,ELAPSED_TIME,CONFIDENCE_LEVEL,CONFIDENCE_ITERATION,THROUGHPUT_CONFID';
const STREAM_COLUMNS = 'THROUGHPUT,THROUGHPUT_UNITS,LOCAL_SEND_SIZE,ELAPSED_TIME,CONFIDENCE_LEVEL,CONFIDENCE_ITERATION,THROUGHPUT_CONFID';

type Test = 'TCP_RR' | 'TCP_STREAM';

/** The command line a person would type for what VirtLab is asked to run (netperf's omni output selectors). */
function typedCommand(test: Test, peer: string, port: number, headers: boolean): string {
  const noHeader = headers ? '' : ' -P 0';
  return test === 'TCP_RR'
    ? `netperf -H ${peer} -p ${port} -t TCP_RR -l ${SECONDS} -j${noHeader} -- -r 1,1 -o ${RR_COLUMNS}`
    : `netperf -H ${peer} -p ${port} -t TCP_STREAM -l ${SECONDS}${noHeader} -- -o ${STREAM_COLUMNS}`;
}

/** The test's own reading of netperf omni CSV output: selector -> text, by the -o list when there is no header. */
function readOmniCsv(stdout: string, columns: string[], headers: boolean): Map<string, string> {
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes(','));
  expect(lines).toHaveLength(headers ? 2 : 1);
  const values = lines.at(-1)!.split(',');
  expect(values).toHaveLength(columns.length);
  if (headers) expect(lines[0]!.split(',')).toHaveLength(columns.length);
  return new Map(columns.map((c, i) => [c, values[i]!]));
}

function metric(r: BenchRunResult, name: string): number {
  const m = r.metrics.find((x) => x.name === name);
  if (!m) throw new Error(`no ${name} in ${JSON.stringify(r.metrics.map((x) => x.name))}; error ${r.error}`);
  return m.value;
}

/** Every stored metric is exactly the number in the stored raw output (no rounding, no other source). */
function expectMetricsFromRaw(r: BenchRunResult, rec: CommandRecord, test: Test, headers: boolean) {
  const columns = (test === 'TCP_RR' ? RR_COLUMNS : STREAM_COLUMNS).split(',');
  const raw = readOmniCsv(rec.stdout, columns, headers);
  const n = (k: string) => Number(raw.get(k));
  if (test === 'TCP_RR') {
    expect(metric(r, 'rtt_mean')).toBe(n('MEAN_LATENCY'));
    expect(metric(r, 'half_rtt')).toBe(n('MEAN_LATENCY') / 2);
    expect(metric(r, 'rtt_p50')).toBe(n('P50_LATENCY'));
    expect(metric(r, 'rtt_p99')).toBe(n('P99_LATENCY'));
    expect(metric(r, 'rtt_min')).toBe(n('MIN_LATENCY'));
    expect(metric(r, 'rtt_max')).toBe(n('MAX_LATENCY'));
    expect(metric(r, 'rtt_stddev')).toBe(n('STDDEV_LATENCY'));
    expect(metric(r, 'transaction_rate')).toBe(n('TRANSACTION_RATE'));
    expect(r.metrics.map((m) => m.name).sort()).toEqual(['half_rtt', 'rtt_max', 'rtt_mean', 'rtt_min', 'rtt_p50', 'rtt_p99', 'rtt_stddev', 'transaction_rate']);
  } else {
    expect(raw.get('THROUGHPUT_UNITS')).toBe('10^6bits/s');
    expect(metric(r, 'throughput')).toBe(n('THROUGHPUT'));
    expect(r.metrics.map((m) => m.name)).toEqual(['throughput']);
  }
}

interface Observed {
  r: BenchRunResult;
  stopped: StoppedServer;
  client: SeenProcess[];
  server: SeenProcess[];
}

/** VirtLab's run, with the process table watched for the netperf/netserver processes it really starts. */
async function viaVirtlab(client: LabEndpointAny, peer: LabEndpointAny, test: Test, headers = true): Promise<Observed> {
  let stopped: StoppedServer | undefined;
  const watch = watchProcesses(['netperf', 'netserver']);
  let r: BenchRunResult;
  try {
    r = await runNetperfPair({
      client: await lab.bench(client),
      peer: await lab.bench(peer),
      params: { test, messageSizes: test === 'TCP_RR' ? [1] : [], durationSec: SECONDS, headers },
      onServerStopped: (s) => {
        stopped = s;
      },
    });
  } finally {
    watch.stop();
  }
  expect(r.error).toBeUndefined();
  expect(r.status).toBe('ok');
  expect(stopped?.gone).toBe(true);
  const [clientNs, peerNs] = [endpointNetns(client), endpointNetns(peer)];
  const seen = watch.seen();
  return {
    r,
    stopped: stopped!,
    client: seen.filter((p) => p.comm === 'netperf' && p.netns === clientNs && p.argv.includes(peer.address)),
    // stopped.pid is the pid as the peer sees it (a guest has its own pid namespace).
    server: seen.filter((p) => p.comm === 'netserver' && p.netns === peerNs && p.nsPid === stopped!.pid),
  };
}

/** The typed command, by hand over OpenSSH, against a netserver started by hand (stopped by pid). */
async function byHand(client: LabEndpointAny, peer: LabEndpointAny, command: (port: number) => string): Promise<string> {
  const port = 24001;
  const pid = Number((await ssh(peer, `netserver -p ${port} -D >/dev/null 2>&1 </dev/null & echo $!`)).trim());
  try {
    // Wait for the listener itself, however long a loaded machine takes (the test's own timeout bounds it).
    while (!(await ssh(peer, `ss -ltnH 'sport = :${port}'`)).trim()) await new Promise((r) => setTimeout(r, 50));
    return await ssh(client, command(port));
  } finally {
    await ssh(peer, `kill ${pid}`);
    while (await aliveOn(peer, pid)) await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a pid (as the endpoint numbers it) is a live process there; a zombie counts as gone. */
async function aliveOn(e: LabEndpointAny, pid: number): Promise<boolean> {
  const state = await ssh(e, `grep -s '^State:' /proc/${pid}/status || true`);
  return state.trim() !== '' && !/\s[ZX]\s/.test(state);
}

const pairs = [
  { what: 'two native hosts', client: () => lab.inv.hosts[0]!, peer: () => lab.inv.hosts[1]!, headers: true },
  { what: 'two guests (-P 0, no header)', client: () => lab.inv.guests[0]!, peer: () => lab.inv.guests[1]!, headers: false },
];

describe('netperf pair runs are the command a person would type', () => {
  for (const pair of pairs) {
    for (const test of ['TCP_RR', 'TCP_STREAM'] as const) {
      it(`${test} between ${pair.what}: typed argv, netserver by pid, metrics from the raw output`, async () => {
        const [client, peer] = [pair.client(), pair.peer()];
        const o = await viaVirtlab(client, peer, test, pair.headers);
        const port = Number(o.r.info.controlPort);
        const typed = typedCommand(test, peer.address, port, pair.headers);

        // What really ran on the client: the netperf binary a person's shell finds, with the typed argv.
        const binary = (await ssh(client, 'readlink -f "$(command -v netperf)"')).trim();
        expect(o.client).toHaveLength(1);
        expect(sameArgv(o.client[0]!, typed.split(' ')), `${o.client[0]!.argv.join(' ')} vs ${typed}`).toBe(true);
        expect(o.client[0]!.exe).toBe(binary);
        const rec = o.r.commands.find((c) => c.label === `netperf ${test}`)!;
        expect(rec.argv.join(' ')).toBe(typed);
        expect(rec.endpoint).toBe(client.name);
        expect(o.r.versions[`netperf@${client.name}`]).toMatch(/^2\.7\./);

        // netserver: started with the typed server command on the peer, the pid VirtLab stopped, gone now.
        const server = o.r.commands.find((c) => c.label === 'netserver')!;
        expect(server.argv).toEqual(['netserver', '-p', String(port), '-D']);
        expect(o.server).toHaveLength(1);
        expect(sameArgv(o.server[0]!, server.argv)).toBe(true);
        expect(o.stopped.pid).toBe(o.r.info.netserverPid);
        expect(liveIn(o.server[0]!.pid, endpointNetns(peer))).toBe(false);
        expect(await aliveOn(peer, o.stopped.pid)).toBe(false);
        expect(await aliveOn(peer, o.stopped.runnerPid)).toBe(false);

        expectMetricsFromRaw(o.r, rec, test, pair.headers);

        // The same command typed by hand prints output of the same shape (the numbers are a measurement).
        const hand = await byHand(client, peer, (p) => typedCommand(test, peer.address, p, pair.headers));
        const columns = (test === 'TCP_RR' ? RR_COLUMNS : STREAM_COLUMNS).split(',');
        const handRaw = readOmniCsv(hand, columns, pair.headers);
        const ours = readOmniCsv(rec.stdout, columns, pair.headers);
        for (const k of ['THROUGHPUT_UNITS', 'REQUEST_SIZE', 'RESPONSE_SIZE', 'LOCAL_SEND_SIZE'].filter((c) => columns.includes(c))) {
          expect(ours.get(k), k).toBe(handRaw.get(k));
        }
      });
    }
  }

  it('runs over a link shaped to 100 Mbit/s (tbf on both ends) and stores what netperf printed', async () => {
    const [a, b] = [lab.inv.hosts[2]!, lab.inv.hosts[3]!];
    await shapeLink(b.name, '100mbit', lab.config);
    try {
      // The shaping itself is checked where it is deterministic: the qdisc on the host's end of the link.
      const qdisc = (await run('tc', ['-n', b.netns, 'qdisc', 'show', 'dev', 'eth0'])).stdout;
      expect(qdisc).toMatch(/qdisc tbf .* rate 100Mbit/);
      const o = await viaVirtlab(a, b, 'TCP_STREAM');
      expectMetricsFromRaw(
        o.r,
        o.r.commands.find((c) => c.label === 'netperf TCP_STREAM')!,
        'TCP_STREAM',
        true,
      );
      console.log(`[netperf shaped 100mbit] TCP_STREAM ${metric(o.r, 'throughput').toFixed(1)} Mbit/s (range checked by npm run bench -- netperf-shaping)`);
    } finally {
      await unshapeLink(b.name, lab.config);
    }
  });
});
