// A small real campaign in a temp SQLite file: platforms, a scenario, a campaign and helpers to run plan entries.
import { join } from 'node:path';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import type { NewRun } from '../../../main/store/repos/runs.ts';
import type { MetricRow } from '../../../main/store/repos/metrics.ts';
import { tempDir } from './temp-db.ts';

export interface Fixture {
  db: Database;
  repos: Repos;
  dir: string;
  campaignId: number;
  platforms: Record<string, number>;
  cleanup(): void;
  /** Creates a run, walks it through installing/running/parsing, stores its metrics and ends it done (or failed). */
  finish(
    run: Omit<NewRun, 'campaignId' | 'platformId'> & { platform: string },
    metrics: Omit<MetricRow, 'runId'>[],
    end?: 'done' | 'failed',
    error?: string,
  ): number;
}

export function makeFixture(platformNames = ['native', 'xen', 'openvz']): Fixture {
  const tmp = tempDir();
  const db = openDatabase({ path: join(tmp.dir, 'virtlab.db') });
  const repos = createRepos(db);
  const platforms: Record<string, number> = {};
  platformNames.forEach((name, i) => {
    platforms[name] = repos.platforms.create({
      name,
      technology: i === 0 ? 'native' : name === 'openvz' ? 'os-level' : 'para-virt',
      product: name,
      isBaseline: i === 0,
    });
  });
  const scenario = repos.scenarios.save('paper', { benchmarks: ['netperf'], baseline: 'native' });
  const campaignId = repos.campaigns.create(scenario.id, 'c1');
  return {
    db,
    repos,
    dir: tmp.dir,
    campaignId,
    platforms,
    cleanup: () => {
      if (db.open) db.close();
      tmp.cleanup();
    },
    finish(run, metrics, end = 'done', error) {
      const { platform, ...rest } = run;
      const id = repos.runs.create({ ...rest, campaignId, platformId: platforms[platform]! });
      repos.runs.transition(id, 'running');
      if (end === 'failed') {
        repos.runs.transition(id, 'failed', { error: error ?? null });
        return id;
      }
      repos.runs.transition(id, 'parsing');
      repos.metrics.insertMetrics(metrics.map((m) => ({ ...m, runId: id })));
      repos.runs.transition(id, 'done');
      return id;
    },
  };
}
