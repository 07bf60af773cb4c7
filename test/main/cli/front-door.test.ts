// The CLI is a client of the core's handlers: each action prints what the matching procedure returns, over a real
// results database (test/e2e/support/results-fixture.ts), and no command opens a database or composes a core.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessCore } from '../../../main/bridge/headless-core.ts';
import { main } from '../../../main/cli/main.ts';
import { databaseFile } from '../../../main/config/data-dir.ts';
import type { Client } from '../../../main/contract/procedures.ts';
import { createLocalClient } from '../../../main/core/local-client.ts';
import { buildResultsDb, type ResultsFixture } from '../../e2e/support/results-fixture.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
let dataDir: string;
let fixture: ResultsFixture;

/** One CLI invocation in this process, as `virtlab --data-dir D ...args`. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, dataDir });
  return { code, out, err };
}
const cliJson = async (...args: string[]) => {
  const r = await cli(...args);
  expect(r.code, `${r.err}${r.out}`).toBe(0);
  return JSON.parse(r.out) as unknown;
};

/** The matching procedure, through a core of its own over the same data folder (closed after the call). */
async function handler<T>(call: (api: Client) => Promise<T>): Promise<T> {
  const core = startHeadlessCore({ dataDir, host: 'bridge' });
  try {
    return await call(createLocalClient(core.handlers));
  } finally {
    await core.close();
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'virtlab-front-door-'));
  fixture = buildResultsDb(databaseFile(dataDir), { repetitions: 2, seed: 7 });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('each CLI action prints what its handler returns', () => {
  it('info = app.info', async () => {
    expect(await cliJson('info')).toEqual(await handler((api) => api['app.info']({})));
  });

  it('hosts list = hosts.list, with and without a selector', async () => {
    expect(await cliJson('hosts', 'list', '--json')).toEqual(await handler((api) => api['hosts.list']({})));
    expect(await cliJson('hosts', 'list', 'kvm*', '--json')).toEqual(await handler((api) => api['hosts.list']({ selector: 'kvm*' })));
  });

  it('platforms list = platforms.list', async () => {
    expect(await cliJson('platforms', 'list', '--json')).toEqual(await handler((api) => api['platforms.list']({})));
  });

  it('facts --stored = facts.latest', async () => {
    expect(await cliJson('facts', 'native-node1', '--stored', '--json')).toEqual(await handler((api) => api['facts.latest']({ selector: 'native-node1' })));
  });

  it('campaign list and status = campaigns.list and campaigns.status (by id and by uuid)', async () => {
    const list = await handler((api) => api['campaigns.list']({}));
    expect(await cliJson('campaign', 'list', '--json')).toEqual(list);
    const status = await handler((api) => api['campaigns.status']({ id: fixture.campaignId }));
    expect(await cliJson('campaign', 'status', String(fixture.campaignId), '--json')).toEqual(status);
    expect(await cliJson('campaign', 'status', list[0]!.uuid, '--json')).toEqual(status);
  });

  it('results compare = results.compare', async () => {
    expect(await cliJson('results', 'compare', String(fixture.campaignId), '--benchmark', 'netperf', '--json')).toEqual(
      await handler((api) => api['results.compare']({ campaignId: fixture.campaignId, benchmark: 'netperf' })),
    );
    const missing = await cli('results', 'compare', '999');
    expect([missing.code, missing.err]).toEqual([1, 'no campaign 999\n']);
  });

  it('scenario validate and plan = scenarios.validate and scenarios.plan', async () => {
    const file = join(dataDir, 'scenario.yaml');
    // The stored scenario with only its single-endpoint benchmark (the fixture's platforms have one endpoint each).
    const stored = parse((await handler((api) => api['scenarios.export']({ name: 'walters-2008', format: 'yaml' }))).text) as {
      benchmarks: { benchmark: string }[];
    };
    const scenario = { ...stored, benchmarks: stored.benchmarks.filter((b) => b.benchmark === 'iozone') };
    writeFileSync(file, stringify(scenario));
    expect(await cliJson('scenario', 'validate', file, '--json')).toEqual(
      await handler(async (api) => {
        const v = await api['scenarios.validate']({ scenario });
        return { ok: v.ok, issues: v.issues };
      }),
    );
    expect(await cliJson('scenario', 'plan', file, '--seed', '11', '--json')).toEqual(await handler((api) => api['scenarios.plan']({ scenario, seed: 11 })));
    writeFileSync(file, 'name: broken\nplatforms: [nowhere]\n');
    const bad = await cli('scenario', 'validate', file);
    const issues = (await handler((api) => api['scenarios.validate']({ scenario: { name: 'broken', platforms: ['nowhere'] } }))).issues;
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`${file}: ${issues.length} problem(s)\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}\n`);
    // Text that is not YAML stops at the file boundary (the CLI), with the parser's line and column.
    writeFileSync(file, 'name: [unclosed\n');
    const unreadable = await cli('scenario', 'validate', file);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err.startsWith(`${file}: `)).toBe(true);
    expect(unreadable.err).toMatch(/problem\(s\)\n\(line \d+, column \d+\): /);
  });

  it('results export (json) writes what results.export writes', async () => {
    const viaCli = join(dataDir, 'cli-metrics.json');
    const viaHandler = join(dataDir, 'handler-metrics.json');
    const r = await cli('results', 'export', viaCli, '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const h = await handler((api) => api['results.export']({ path: viaHandler, format: 'json' }));
    expect(r.out).toBe(`${viaCli}: ${h.metrics} metric values\n`);
    expect(readFileSync(viaCli, 'utf8')).toBe(readFileSync(viaHandler, 'utf8'));
  });

  it('report csv writes what reports.exportCsv writes', async () => {
    const viaCli = join(dataDir, 'cli-csv');
    const viaHandler = join(dataDir, 'handler-csv');
    const r = await cli('report', 'csv', String(fixture.campaignId), '-o', viaCli, '--sections', 'fig1a,fig3');
    expect(r.code, r.err).toBe(0);
    const h = await handler((api) =>
      api['reports.exportCsv']({ campaignId: fixture.campaignId, mode: 'relative', sections: ['fig1a', 'fig3'], dir: viaHandler }),
    );
    expect(r.out).toBe(`${h.files.length} CSV file(s) written to ${viaCli}\n`);
    expect(readdirSync(viaCli).sort()).toEqual(readdirSync(viaHandler).sort());
    for (const f of readdirSync(viaHandler)) expect(readFileSync(join(viaCli, f), 'utf8')).toBe(readFileSync(join(viaHandler, f), 'utf8'));
  });

  it('campaign pause = campaigns.pause (the same summary afterwards)', async () => {
    const r = await cli('campaign', 'pause', String(fixture.campaignId));
    expect([r.code, r.out]).toEqual([0, `campaign ${fixture.campaignId}: paused (runs under way finish, no new run starts)\n`]);
    const viaCli = await handler((api) => api['campaigns.status']({ id: fixture.campaignId }));
    const viaHandler = await handler((api) => api['campaigns.pause']({ id: fixture.campaignId }));
    expect(viaCli.campaign).toEqual(viaHandler);
    expect(viaHandler.paused).toBe(true);
  });
});

describe('no CLI command opens a database or composes a core', () => {
  const dir = join(root, 'main', 'cli', 'commands');
  for (const file of readdirSync(dir)) {
    it(file, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toMatch(/from '[./]*\/store\/|better-sqlite3|\bopenDatabase\(|startCore|startHeadlessCore|createRepos|\.prepare\(/);
    });
  }
});
