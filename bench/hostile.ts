// Hostile inputs: a corpus of crafted scenarios, selectors, host fields, raw logs, secrets files and bundles (valid
// checksums included), each run through the product's own entry point and expected to be refused. Reports the
// corpus by kind, the slowest case and the peak memory, then plan time at 1k, 10k and 100k runs with its growth
// (ratio of times against the ratio of sizes: linear growth keeps them close).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateRawSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import { Scenario, type PlatformInfo } from '../main/contract/scenarios.ts';
import { HostRecord } from '../main/contract/hosts.ts';
import { buildPlan } from '../main/scenarios/plan.ts';
import { validateScenarioText } from '../main/scenarios/validate.ts';
import { selectHosts } from '../main/hosts/selector.ts';
import { openDatabase } from '../main/store/open-database.ts';
import { createRepos } from '../main/store/repos/index.ts';
import { definePlatform } from '../main/lab-model/platforms.ts';
import { createCampaignService } from '../main/campaigns/service.ts';
import { exportBundle } from '../main/store/bundle/export.ts';
import { importBundle } from '../main/campaigns/bundle/import.ts';
import { openEncryptedFileStore } from '../main/secrets/encrypted-file-store.ts';
import { craftBundle } from '../test/main/campaigns/bundle/hostile-bundle.ts';
import { scenarioFromText } from '../test/support/scenario-text.ts';

/** expect: 'refused', or 'bounded' (a legitimate input that must be handled quickly, e.g. a 20k-run plan). */
interface Case {
  kind: string;
  name: string;
  run: () => unknown;
  expect?: 'refused' | 'bounded';
}

const platforms: PlatformInfo[] = [
  { name: 'native', technology: 'native', product: 'bare metal', version: null, isBaseline: true, endpoints: ['h1', 'h2', 'h3', 'h4'] },
  { name: 'container', technology: 'os-level', product: 'namespaces', version: null, isBaseline: false, endpoints: ['g1', 'g2', 'g3', 'g4'] },
];
const hosts = Array.from({ length: 64 }, (_, i) => ({ name: `node${i + 1}` }));

function corpus(dir: string): Case[] {
  const sizes = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');
  // Validated then planned as the service does: refused (over the bound) or planned within the bound.
  const scenario = (body: string) => () => {
    const v = validateScenarioText(body, { platforms });
    if (!v.ok) throw new Error(v.issues[0]?.message);
    return buildPlan(v.scenario!, platforms, { seed: 1 });
  };
  const cases: Case[] = [
    {
      kind: 'scenario',
      name: '5 sizes x 2 tests x 1000 repetitions',
      expect: 'bounded',
      run: scenario(
        `name: q\nplatforms: [native, container]\nbenchmarks:\n  - benchmark: netperf\n    params: { tests: [TCP_RR, TCP_STREAM], messageSizes: [${sizes(5)}], streamSizes: [${sizes(5)}] }\nrepetitions: 1000\n`,
      ),
    },
    {
      kind: 'scenario',
      name: '10,000 sizes x 1000 repetitions',
      run: scenario(
        `name: q\nplatforms: [native, container]\nbenchmarks:\n  - benchmark: netperf\n    params: { tests: [TCP_RR], messageSizes: [${sizes(10_000)}] }\nrepetitions: 1000\n`,
      ),
    },
    {
      kind: 'scenario',
      name: 'YAML alias bomb',
      run: scenario(
        `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n`,
      ),
    },
    { kind: 'selector', name: '20 comma items of 99,999', run: () => selectHosts(`n[${Array(20).fill('1-99999').join(',')}]`, hosts) },
    { kind: 'selector', name: '20,000 bracket groups', run: () => selectHosts(`n${'[1]'.repeat(20_000)}`, hosts) },
    { kind: 'selector', name: '40 terms of 60,000', run: () => selectHosts(Array.from({ length: 40 }, (_, i) => `t${i}[1-60000]`).join(','), hosts) },
    ...['n\n  ProxyCommand touch /tmp/x', '-oProxyCommand=x', 'n\u001b]0;t\u0007', 'a'.repeat(300)].map((address) => ({
      kind: 'host',
      name: `address ${JSON.stringify(address.slice(0, 24))}`,
      run: () => HostRecord.parse({ name: 'n1', address, user: 'root', auth: { kind: 'agent' } }),
    })),
    {
      kind: 'host',
      name: 'user with a newline',
      run: () => HostRecord.parse({ name: 'n1', address: 'n1', user: 'root\nProxyCommand x', auth: { kind: 'agent' } }),
    },
  ];
  // Bundles and raw logs need a real database and a real export.
  const src = openDatabase({ path: join(dir, 'src.db') });
  const repos = createRepos(src);
  repos.hosts.save(HostRecord.parse({ name: 'h1', address: '10.0.0.1', user: 'root', auth: { kind: 'agent' } }));
  definePlatform(repos, { name: 'native', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1'] });
  const { campaignId } = createCampaignService(src, repos).createCampaign(
    scenarioFromText('name: b\nplatforms: [native]\nbenchmarks:\n  - benchmark: iozone\n    params: { fileSizes: [1024], recordSize: 64 }\nrepetitions: 2\n'),
  );
  const runId = repos.runs.listByCampaign(campaignId)[0]!.id;
  src
    .prepare("INSERT INTO raw_logs (run_id, stream, encoding, data, size, sha256, created_at) VALUES (?, 'stdout', 'deflate', ?, 100, ?, 0)")
    .run(runId, deflateRawSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }), 'a'.repeat(64));
  cases.push({ kind: 'raw-log', name: '64 MiB bomb claiming 100 bytes (get)', run: () => repos.rawLogs.get(runId, 'stdout') });
  cases.push({ kind: 'raw-log', name: '64 MiB bomb claiming 100 bytes (tail)', run: () => repos.rawLogs.tail(runId, 'stdout', 262_144) });
  src.prepare('DELETE FROM raw_logs').run();
  const good = join(dir, 'good.vlbundle');
  exportBundle(src, good);
  src.close();
  const target = openDatabase({ path: join(dir, 'target.db') });
  const crafted: [string, (d: BetterSqlite3.Database) => void][] = [
    ['generated column', (d) => d.exec('ALTER TABLE platforms ADD COLUMN g BLOB GENERATED ALWAYS AS (zeroblob(100000000)) VIRTUAL')],
    ['trigger', (d) => d.exec('CREATE TRIGGER t AFTER INSERT ON platforms BEGIN SELECT 1; END')],
    ['view', (d) => d.exec('CREATE VIEW v AS SELECT randomblob(1000000000)')],
    [
      'escape codes in a platform name',
      (d) => {
        d.pragma('foreign_keys = OFF');
        d.prepare('UPDATE platforms SET name = ?').run('\u001b[2Jx');
        d.prepare('UPDATE runs SET platform = ?').run('\u001b[2Jx');
      },
    ],
    ['invalid scenario', (d) => d.prepare('UPDATE scenarios SET json = ?').run('{"name":"b","platforms":7}')],
    [
      'raw log of 10^12 bytes',
      (d) => d.prepare("INSERT INTO raw_logs SELECT uuid, 'stdout', 'deflate', x'00', 1000000000000, lower(hex(randomblob(32))), 0 FROM runs LIMIT 1").run(),
    ],
  ];
  crafted.forEach(([name, change], i) => {
    const p = craftBundle(good, join(dir, `crafted-${i}.vlbundle`), change);
    cases.push({ kind: 'bundle', name, run: () => importBundle(target, p) });
  });
  // Secrets files whose header asks for too much, or whose tag is cut short.
  const secrets = join(dir, 'secrets.json');
  cases.push({
    kind: 'secrets-file',
    name: 'scrypt N=2^20 r=32',
    run: async () => {
      writeFileSync(
        secrets,
        JSON.stringify({
          format: 'virtlab-secrets',
          version: 1,
          cipher: 'aes-256-gcm',
          kdf: { name: 'scrypt', N: 2 ** 20, r: 32, p: 1, salt: Buffer.alloc(16).toString('base64') },
          iv: Buffer.alloc(12).toString('base64'),
          tag: Buffer.alloc(16).toString('base64'),
          data: '',
        }),
      );
      await openEncryptedFileStore({ path: secrets, passphrase: 'correct horse battery' });
    },
  });
  cases.push({
    kind: 'secrets-file',
    name: '4-byte tag',
    run: async () => {
      writeFileSync(
        secrets,
        JSON.stringify({
          format: 'virtlab-secrets',
          version: 1,
          cipher: 'aes-256-gcm',
          kdf: { name: 'scrypt', N: 2 ** 14, r: 8, p: 1, salt: Buffer.alloc(16).toString('base64') },
          iv: Buffer.alloc(12).toString('base64'),
          tag: Buffer.alloc(4).toString('base64'),
          data: '',
        }),
      );
      await openEncryptedFileStore({ path: secrets, passphrase: 'correct horse battery' });
    },
  });
  return cases;
}

function planScenario(runs: number): Scenario {
  // 50 points x 2 platforms x repetitions.
  return Scenario.parse({
    name: 'bench',
    platforms: ['native', 'container'],
    order: 'randomized',
    seed: 7,
    repetitions: runs / 100,
    benchmarks: [{ benchmark: 'netperf', params: { tests: ['TCP_RR'], messageSizes: Array.from({ length: 50 }, (_, i) => i + 1) } }],
  });
}

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-bench-hostile-'));
  try {
    const cases = corpus(dir);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 5);
    const byKind: Record<string, number> = {};
    let slowest = { kind: '', name: '', ms: 0 };
    const accepted: string[] = [];
    for (const c of cases) {
      byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
      const t0 = performance.now();
      let refused = false;
      try {
        await c.run();
      } catch {
        refused = true;
      }
      const ms = performance.now() - t0;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (refused !== ((c.expect ?? 'refused') === 'refused')) accepted.push(`${c.kind}: ${c.name}`);
      if (ms > slowest.ms) slowest = { kind: c.kind, name: c.name, ms };
      console.log(`${c.kind.padEnd(13)} ${c.name.padEnd(42)} ${refused ? 'refused ' : 'planned '} ${ms.toFixed(1).padStart(8)} ms`);
    }
    clearInterval(sampler);

    const sizes = [1_000, 10_000, 100_000];
    const planMs: Record<string, number> = {};
    for (const n of sizes) {
      const s = planScenario(n);
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const p = buildPlan(s, platforms, { machineOf: (h) => h.replace('g', 'h') });
        best = Math.min(best, performance.now() - t0);
        if (p.entries.length !== n) throw new Error(`planned ${p.entries.length} runs, expected ${n}`);
      }
      planMs[n] = best;
      console.log(`plan ${String(n).padStart(7)} runs: ${best.toFixed(1)} ms (best of 3)`);
    }
    const growth10k = planMs[10_000]! / planMs[1_000]!;
    const growth100k = planMs[100_000]! / planMs[10_000]!;
    console.log(`growth: x${growth10k.toFixed(2)} for 10x runs (1k->10k), x${growth100k.toFixed(2)} for 10x runs (10k->100k)`);
    console.log(
      `corpus: ${cases.length} cases (${Object.entries(byKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(
          ', ',
        )}), ${accepted.length} not as expected; slowest ${slowest.kind} "${slowest.name}" ${slowest.ms.toFixed(1)} ms; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
    );
    return {
      cases: cases.length,
      byKind,
      unexpected: accepted,
      slowestCase: `${slowest.kind}: ${slowest.name}`,
      slowestMs: Math.round(slowest.ms * 10) / 10,
      peakRssMiB: Math.round(peakRss / 2 ** 20),
      planMs1k: round(planMs[1_000]!),
      planMs10k: round(planMs[10_000]!),
      planMs100k: round(planMs[100_000]!),
      growth1kTo10k: round(growth10k),
      growth10kTo100k: round(growth100k),
      sizeRatio: 10,
      plan100kUnder2s: planMs[100_000]! < 2000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const round = (x: number) => Math.round(x * 100) / 100;
