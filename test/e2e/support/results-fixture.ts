// A real results database for UI tests and the UI bench: metrics come from the parsers run over the recorded outputs in
// test/fixtures/outputs (netperf 2.7.0, IOzone 3.489, NPB 3.3/3.4 stand-ins), written through the store's repositories.
// The recordings are of one machine, so the other platforms and message sizes are derived from them with fixed factors
// and a seeded jitter (documented below); nothing is typed into the UI tests by hand. Host facts are the recorded
// probe outputs of a lab host and a lab guest (test/fixtures/outputs/facts), parsed by the facts parser.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { netperf } from '../../../main/benchmarks/netperf/index.ts';
import { iozone } from '../../../main/benchmarks/iozone/index.ts';
import { npb } from '../../../main/benchmarks/npb/index.ts';
import type { ParseResult } from '../../../main/benchmarks/types.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import type { MetricRow } from '../../../main/store/repos/metrics.ts';
import { parseFacts } from '../../../main/facts/parse.ts';
import { Scenario } from '../../../main/contract/scenarios.ts';
import { seededRandom } from '../../../main/scenarios/rng.ts';

const OUT = resolve(import.meta.dirname, '..', '..', 'fixtures', 'outputs');
const read = (f: string) => readFileSync(resolve(OUT, f), 'utf8');
const argv = (f: string) =>
  read(f.replace(/\.txt$/, '.cmd'))
    .split('\n')[0]!
    .trim()
    .split(/\s+/);
const first = (r: ParseResult, name: string) => r.metrics.find((m) => m.name === name)!;

/** Platform effects applied to the recorded (native) numbers: time-like values multiply, throughput divides. */
export const PLATFORMS = [
  { name: 'native', technology: 'native' as const, product: 'bare metal', slow: { net: 1, bw: 1, io: 1, npb: 1, mpi: 1 } },
  { name: 'kvm', technology: 'hw-vm' as const, product: 'KVM', slow: { net: 1.6, bw: 1.35, io: 1.25, npb: 1.04, mpi: 1.12 } },
  { name: 'openvz', technology: 'os-level' as const, product: 'OpenVZ', slow: { net: 1.05, bw: 1.03, io: 1.02, npb: 1.01, mpi: 1.02 } },
];
const MESSAGE_SIZES = [1, 64, 256, 1024, 4096, 16384];
const STREAM_SIZES = [1024, 4096, 16384];

interface Item {
  benchmark: string;
  params: Record<string, unknown>;
  nodeCount: number;
  version: string;
  command: string[];
  metrics: (slow: (typeof PLATFORMS)[number]['slow'], jitter: () => number) => Omit<MetricRow, 'runId'>[];
}

function items(mpiNodes: readonly number[] = [1, 2, 4], printedTimes = false): Item[] {
  const rr = netperf.parse(read('netperf/tcp_rr_virtlab_default.txt'));
  const rrSize = Number(first(rr, 'half_rtt').point.size);
  const halfRtt = first(rr, 'half_rtt').value;
  const stream = netperf.parse(read('netperf/tcp_stream_virtlab_default.txt'));
  const tput = first(stream, 'throughput');
  const io = iozone.parse(read('iozone/writer_reader_auto_1m_64m_excel.txt'));
  const out: Item[] = [];
  // Latency grows with the message size by the per-byte cost of a 16 KiB stream at the recorded bandwidth.
  for (const size of MESSAGE_SIZES) {
    const base = halfRtt + ((size - rrSize) * 8) / tput.value;
    out.push({
      benchmark: 'netperf',
      params: { test: 'TCP_RR', messageSize: size },
      nodeCount: 2,
      version: '2.7.0',
      command: argv('netperf/tcp_rr_virtlab_default.txt'),
      metrics: (s, j) => [{ name: 'half_rtt', point: String(size), value: base * s.net * j(), unit: 'us', better: 'lower' }],
    });
  }
  for (const size of STREAM_SIZES) {
    const base = tput.value * Math.min(1, 0.55 + size / 36000);
    out.push({
      benchmark: 'netperf',
      params: { test: 'TCP_STREAM', messageSize: size },
      nodeCount: 2,
      version: '2.7.0',
      command: argv('netperf/tcp_stream_virtlab_default.txt'),
      metrics: (s, j) => [{ name: 'throughput', point: String(size), value: (base / s.bw) * j(), unit: tput.unit, better: 'higher' }],
    });
  }
  const ioRows = io.metrics.filter((m) => m.name === 'writer' || m.name === 'reader');
  out.push({
    benchmark: 'iozone',
    params: { test: 'writer/reader', recordKB: 1024 },
    nodeCount: 1,
    version: String(io.info.version),
    command: argv('iozone/writer_reader_auto_1m_64m_excel.txt'),
    metrics: (s, j) =>
      ioRows.map((m) => ({ name: m.name, point: String(m.point.fileSizeKB), value: (m.value / s.io) * j(), unit: m.unit, better: 'higher' as const })),
  });
  // NPB time in seconds; IS class S finishes under the 10 ms timer resolution, so its time is recomputed from the
  // recorded Mop/s (IS counts iterations x keys operations), unless the time as NPB printed it is asked for (0.00 s).
  const npbTime = (file: string): number => {
    const r = npb.parse(read(file));
    const t = first(r, 'time').value;
    if (t >= 0.05 || printedTimes) return t;
    return (Number(r.info.iterations || 10) * Number(r.info.size)) / (first(r, 'mops_total').value * 1e6);
  };
  const npbVersion = (file: string) => String(npb.parse(read(file)).info.version);
  for (const [variant, benchmark, suffix] of [
    ['serial', 'npb-serial', 'ser'],
    ['omp', 'npb-omp', 'omp2'],
  ] as const) {
    for (const kernel of ['ep', 'is']) {
      const file = `npb/${kernel}.S.${suffix}.txt`;
      const t = npbTime(file);
      out.push({
        benchmark,
        params: { kernel, class: 'S', variant },
        nodeCount: 1,
        version: npbVersion(file),
        command: argv(file),
        metrics: (s, j) => [{ name: 'time', point: kernel, value: t * s.npb * j(), unit: 's', better: 'lower' }],
      });
    }
  }
  for (const kernel of ['ep', 'is']) {
    for (const nodes of mpiNodes) {
      const file = `npb/${kernel}.S.mpi${nodes}.txt`;
      const t = npbTime(file);
      out.push({
        benchmark: 'npb-mpi',
        params: { kernel, class: 'S', ranks: nodes },
        nodeCount: nodes,
        version: npbVersion(file),
        command: argv(file),
        metrics: (s, j) => [{ name: 'time', point: kernel, value: t * s.mpi ** Math.log2(2 * nodes) * j(), unit: 's', better: 'lower' }],
      });
    }
  }
  return out;
}

// Deterministic numbers: every database built with the same seed holds the same values.
const rng = seededRandom;

export interface ResultsFixture {
  path: string;
  campaignId: number;
  runs: number;
  metrics: number;
  failures: number;
}

/**
 * Writes a campaign to the database at `path`: every item x platform x repetition as a finished run with its metrics,
 * plus failed runs with the reasons a real engine records (NPB verification, a full scratch disk).
 * `benchmarks` keeps only those benchmarks' runs (the failed runs stay); `mpiNodes` the node counts NPB MPI ran on
 * (1, 2 and 4; each has a recorded output); `printedTimes` keeps NPB's printed times (IS class S on 1 node: 0.00 s).
 */
export function buildResultsDb(
  path: string,
  options: {
    repetitions?: number;
    seed?: number;
    name?: string;
    benchmarks?: readonly string[];
    mpiNodes?: readonly (1 | 2 | 4)[];
    printedTimes?: boolean;
  } = {},
): ResultsFixture {
  const repetitions = options.repetitions ?? 5;
  const random = rng(options.seed ?? 2008);
  const jitter = () => 1 + (random() - 0.5) * 0.04;
  const db = openDatabase({ path });
  const repos = createRepos(db);
  let runs = 0;
  let metrics = 0;
  let failures = 0;
  const campaignId = db.transaction(() => {
    const platformIds = PLATFORMS.map(
      (p) =>
        repos.platforms.findByName(p.name)?.id ??
        repos.platforms.create({ name: p.name, technology: p.technology, product: p.product, isBaseline: p.name === 'native' }),
    );
    // The OS-level platform runs in the lab's nested guest, the others on lab hosts: what each probe really saw.
    const hostFacts = parseFacts(read('facts/lab-host.txt'));
    const guestFacts = parseFacts(read('facts/lab-guest.txt'));
    const snapshotOf = new Map<number, number>();
    PLATFORMS.forEach((p, i) => {
      const hostId =
        repos.hosts.idOf(`${p.name}-node1`) ??
        repos.hosts.save({ name: `${p.name}-node1`, address: `10.77.0.${i + 10}`, port: 22, user: 'bench', auth: { kind: 'agent' }, jump: [], tags: [] });
      if (repos.platforms.listEndpoints(platformIds[i]!).length === 0) {
        const ep = repos.platforms.addEndpoint({ platformId: platformIds[i]!, hostId });
        const facts = p.technology === 'os-level' ? guestFacts : { ...hostFacts, hostname: `${p.name}-node1` };
        repos.facts.recordForHost(hostId, facts);
        snapshotOf.set(platformIds[i]!, repos.facts.record(ep, facts));
      }
    });
    const scenario = repos.scenarios.save(
      options.name ?? 'walters-2008',
      Scenario.parse({
        name: options.name ?? 'walters-2008',
        platforms: PLATFORMS.map((p) => p.name),
        baseline: 'native',
        repetitions,
        benchmarks: [
          { benchmark: 'netperf', params: { tests: ['TCP_RR', 'TCP_STREAM'], messageSizes: MESSAGE_SIZES, streamSizes: STREAM_SIZES } },
          { benchmark: 'iozone', params: { fileSizes: [1024, 2048, 4096, 8192, 16384, 32768, 65536], recordSize: 1024, tests: ['write', 'read'] } },
          {
            benchmark: 'npb',
            params: { kernels: ['ep', 'is'], classes: ['S'], variants: ['serial', 'openmp', 'mpi'], threads: [2], mpiNodes: options.mpiNodes ?? [1, 2, 4] },
          },
        ],
      }),
    );
    const cid = repos.campaigns.create(scenario.id, options.name ?? 'Walters 2008 reproduction');
    // A campaign that ran only some benchmarks (`benchmarks`: netperf, iozone, npb-serial, npb-omp, npb-mpi).
    const list = items(options.mpiNodes, options.printedTimes).filter((i) => !options.benchmarks || options.benchmarks.includes(i.benchmark));
    let plan = 0;
    for (let rep = 0; rep < repetitions; rep++) {
      PLATFORMS.forEach((p, pi) => {
        for (const item of list) {
          const id = repos.runs.create({
            campaignId: cid,
            planIndex: plan++,
            platformId: platformIds[pi]!,
            benchmark: item.benchmark,
            params: item.params,
            repetition: rep,
            nodeCount: item.nodeCount,
          });
          repos.runs.transition(id, 'running', {
            command: item.command,
            benchmarkVersion: item.version,
            compilerVersion: 'gfortran 12.2.0',
            factsSnapshotId: snapshotOf.get(platformIds[pi]!) ?? null,
          });
          const rows = item.metrics(p.slow, jitter).map((m) => ({ ...m, runId: id }));
          metrics += repos.metrics.insertMetrics(rows);
          repos.runs.transition(id, 'done');
          runs++;
        }
      });
    }
    const fail = (platform: number, benchmark: string, params: Record<string, unknown>, nodeCount: number, error: string) => {
      const id = repos.runs.create({ campaignId: cid, planIndex: plan++, platformId: platformIds[platform]!, benchmark, params, nodeCount });
      repos.runs.transition(id, 'running');
      repos.runs.transition(id, 'failed', { error });
      failures++;
    };
    const unsuccessful = npb.parse(read('npb/ep.S.mpi2.unsuccessful.txt'));
    fail(1, 'npb-mpi', { kernel: 'ep', class: 'S', ranks: 8 }, 8, `NPB verification ${unsuccessful.verified ? 'SUCCESSFUL' : 'UNSUCCESSFUL'} (ep.S, 8 ranks)`);
    fail(2, 'iozone', { fileSize: 131072, recordKB: 1024 }, 1, 'iozone exited with 1: Error writing block 97, fd= 3 write: No space left on device');
    repos.campaigns.setState(cid, 'done');
    // The repositories leave UUIDs to the campaign engine (they identify rows across bundles): give them here.
    for (const table of ['scenarios', 'campaigns', 'runs']) {
      const set = db.prepare(`UPDATE ${table} SET uuid = ? WHERE id = ?`);
      for (const { id } of db.prepare(`SELECT id FROM ${table} WHERE uuid IS NULL`).all() as { id: number }[]) set.run(randomUUID(), id);
    }
    return cid;
  })();
  db.close();
  return { path, campaignId, runs, metrics, failures };
}
