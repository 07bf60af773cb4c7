// Hostile inputs against the real CLI (bin/virtlab.mjs in its own process over a real results database): scenario
// files, outputs to parse, host fields, selectors and bundles crafted with valid checksums. Each must be refused with a
// short message and a non-zero exit (no stack trace, no signal), leave the database unchanged, and stay within 10x the
// wall time and 10x the peak memory of a legitimate command of the same kind measured in the same run (validating a
// legitimate 16 KiB scenario). Peak memory is the process's VmHWM sampled from outside it.
import { mkdtempSync, rmSync, truncateSync, copyFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli-run.ts';
import { databaseDigest } from './support/db-digest.ts';
import { CRAFTED_BUNDLES, craftedBundles, exportGoodBundle, populatedDataDir, SCENARIOS, sparseFile, textFile } from './support/fixtures.ts';

const BOUND = 10;
const GIANT = 1900 * 1024 * 1024; // a sparse file just under Node's 2 GiB read limit: costs nothing on disk
let dir: string;
let dataDir: string;
let db: string;
let digest: string;
const files: Record<string, string> = {};
let bundles: string[] = [];
const reference = { ms: 0, peakKiB: 0 };

interface Case {
  kind: string;
  name: string;
  args: () => string[];
}

const cases: Case[] = [
  { kind: 'scenario', name: 'YAML alias bomb', args: () => ['scenario', 'validate', files.aliasBomb!] },
  // The CLI is the file boundary: scenario text is parsed here and the core gets the object.
  { kind: 'scenario', name: 'YAML nested 50,000 deep', args: () => ['scenario', 'validate', files.deepNesting!] },
  { kind: 'scenario', name: 'JSON nested 50,000 deep', args: () => ['scenario', 'validate', files.deepJson!] },
  { kind: 'scenario', name: '1,600 unknown keys', args: () => ['scenario', 'validate', files.manyKeys!] },
  { kind: 'scenario', name: '10,000 sizes (78 KB)', args: () => ['scenario', 'plan', files.tenThousandSizes!] },
  { kind: 'scenario', name: 'over the plan bound (120,000 runs)', args: () => ['scenario', 'plan', files.overPlanBound!] },
  { kind: 'scenario', name: 'a 1.9 GiB sparse file', args: () => ['scenario', 'validate', files.giant!] },
  { kind: 'scenario', name: '/dev/zero', args: () => ['scenario', 'validate', '/dev/zero'] },
  { kind: 'output', name: 'a 1.9 GiB sparse file', args: () => ['parse', 'netperf', files.giant!] },
  { kind: 'output', name: '/dev/zero', args: () => ['parse', 'iozone', '/dev/zero'] },
  { kind: 'output', name: '4 MiB of random bytes', args: () => ['parse', 'npb', files.random!] },
  {
    kind: 'host',
    name: 'address with a newline and a directive',
    args: () => ['hosts', 'add', 'hostile1', '--address', 'n1\n  ProxyCommand touch /tmp/virtlab-pwned', '--user', 'bench', '--agent'],
  },
  { kind: 'selector', name: '20,000 bracket groups', args: () => ['hosts', 'list', `n${'[1]'.repeat(20_000)}`] },
  // The bridge suite opens every crafted bundle for review; here the import path takes the ones aimed at it.
  ...CRAFTED_BUNDLES.flatMap(([name], i): Case[] =>
    /generated|escape|bomb/.test(name) ? [{ kind: 'bundle', name, args: () => ['results', 'import', bundles[i]!] }] : [],
  ),
  { kind: 'bundle', name: 'a good bundle cut in half', args: () => ['results', 'import', files.truncated!] },
];

function expectRefused(r: CliResult): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stdout + r.stderr).not.toBe(0);
  expect(r.stderr.trim().length).toBeGreaterThan(0);
  expect(r.stderr.length, r.stderr.slice(0, 300)).toBeLessThan(4000);
  expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  // Nothing the bundle or file carried reaches the terminal as control characters.
  const control = [...(r.stdout + r.stderr)].filter((ch) => {
    const c = ch.charCodeAt(0);
    return (c < 0x20 && ch !== '\n' && ch !== '\t') || (c >= 0x7f && c <= 0x9f);
  });
  expect(control, 'control characters on the terminal').toEqual([]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'virtlab-hostile-cli-'));
  const data = populatedDataDir(join(dir, 'data'));
  dataDir = data.dataDir;
  db = data.db;
  const good = exportGoodBundle(db, join(dir, 'good.vlbundle'));
  bundles = craftedBundles(good, dir).map((b) => b.path);
  files.truncated = join(dir, 'truncated.vlbundle');
  copyFileSync(good, files.truncated);
  truncateSync(files.truncated, Math.floor(statSync(good).size / 2));
  for (const [name, text] of Object.entries(SCENARIOS)) files[name] = textFile(join(dir, `${name}.yaml`), text);
  files.giant = sparseFile(join(dir, 'giant.txt'), GIANT);
  files.random = textFile(join(dir, 'random.txt'), randomBytes(4 * 1024 * 1024));
  // The reference: a legitimate scenario at the size bound, validated; the first run also applies any migration.
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await runCli(dataDir, ['scenario', 'validate', files.reference!]);
    expect(r.code, r.stderr).toBe(0);
    times.push(r.ms);
    reference.peakKiB = Math.max(reference.peakKiB, r.peakKiB);
  }
  reference.ms = times.sort((a, b) => a - b)[1]!;
  digest = databaseDigest(db);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Concurrent: each case is its own process (2-3 s of start-up alone), measured from outside; the bounds are 10x.
describe.concurrent('hostile inputs against the real CLI', () => {
  it('has a corpus of every kind', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['scenario', 'output', 'host', 'selector', 'bundle']));
  });
  for (const c of cases) {
    it(`${c.kind}: ${c.name}`, async () => {
      let r = await runCli(dataDir, c.args(), 60_000);
      // A loaded machine can stall one process; a regression is slow every time, so an overrun is measured again.
      if (r.ms >= BOUND * reference.ms) r = await runCli(dataDir, c.args(), 60_000);
      if (process.env.VIRTLAB_HOSTILE_REPORT)
        process.stderr.write(
          `${`${c.kind}: ${c.name}`.padEnd(56)} exit ${String(r.code)} ${r.ms.toFixed(0).padStart(6)} ms ${(r.peakKiB / 1024).toFixed(0).padStart(5)} MiB (reference ${reference.ms.toFixed(0)} ms, ${(reference.peakKiB / 1024).toFixed(0)} MiB) ${r.stderr.trim().split('\n')[0]!.slice(0, 100)}\n`,
        );
      expectRefused(r);
      expect(r.ms, `${r.ms.toFixed(0)} ms against a reference of ${reference.ms.toFixed(0)} ms`).toBeLessThan(BOUND * reference.ms);
      expect(r.peakKiB, `peak ${r.peakKiB} KiB against a reference of ${reference.peakKiB} KiB`).toBeLessThan(BOUND * reference.peakKiB);
      expect(databaseDigest(db), 'the database changed').toBe(digest);
    }, 150_000);
  }
});

describe('after the hostile CLI corpus', () => {
  it('still answers a normal command', async () => {
    const r = await runCli(dataDir, ['campaign', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Walters 2008/);
  });
});
