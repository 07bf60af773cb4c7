// All repositories over one connection.
import type { Database } from 'better-sqlite3';
import { createHostsRepo } from './hosts.ts';
import { createPlatformsRepo } from './platforms.ts';
import { createFactsRepo } from './facts.ts';
import { createInstallRecordsRepo } from './install-records.ts';
import { createScenariosRepo } from './scenarios.ts';
import { createCampaignsRepo } from './campaigns.ts';
import { createRunsRepo } from './runs.ts';
import { createMetricsRepo } from './metrics.ts';
import { createRawLogsRepo } from './raw-logs.ts';
import { createCampaignInputsRepo } from './campaign-inputs.ts';
import { createPlatformResourcesRepo } from './platform-resources.ts';
import { createCampaignExecutionRepo } from './campaign-execution.ts';
import { createPlatformPreparationsRepo } from './platform-preparations.ts';
import { createRunCleanupsRepo } from './run-cleanups.ts';

export function createRepos(db: Database, now: () => number = Date.now) {
  return {
    hosts: createHostsRepo(db, now),
    platforms: createPlatformsRepo(db, now),
    facts: createFactsRepo(db, now),
    installs: createInstallRecordsRepo(db, now),
    scenarios: createScenariosRepo(db, now),
    campaigns: createCampaignsRepo(db, now),
    runs: createRunsRepo(db, now),
    metrics: createMetricsRepo(db),
    rawLogs: createRawLogsRepo(db, now),
    campaignInputs: createCampaignInputsRepo(db, now),
    platformResources: createPlatformResourcesRepo(db, now),
    execution: createCampaignExecutionRepo(db, now),
    platformPreparations: createPlatformPreparationsRepo(db, now),
    runCleanups: createRunCleanupsRepo(db, now),
    /** Runs fn in one immediate transaction: every change in it is committed together or not at all (nested: a savepoint). */
    atomic: <T>(fn: () => T): T => db.transaction(fn).immediate(),
  };
}
export type Repos = ReturnType<typeof createRepos>;
