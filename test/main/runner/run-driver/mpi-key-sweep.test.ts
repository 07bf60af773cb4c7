// What a campaign's driver sweeps for MPI keys when it closes: the host sets of the runs that started MPI ranks on more
// than one endpoint (one entry per distinct set and platform), not netperf pairs or single-node runs, and nothing on a
// platform whose backend starts the ranks itself. Key ids derive from the campaign, so a resumed process removes the
// keys its killed predecessor installed. Real SQLite and the real scenario planner.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../../main/campaigns/service.ts';
import { MpiKeyRing } from '../../../../main/runner/mpi/key-ring.ts';
import { mpiKeyOwner, mpiNodeSets } from '../../../../main/runner/run-driver/mpi-key-sweep.ts';
import type { Repos } from '../../../../main/store/repos/index.ts';
import { scenarioFromText } from '../../../support/scenario-text.ts';
import { nativeStore } from '../../campaigns/support/native-store.ts';

const SCENARIO = `
name: sweep
platforms: [native]
baseline: native
benchmarks:
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial, mpi], mpiNodes: [1, 2, 3] }
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1] }
repetitions: 2
`;

let db: Database;
let repos: Repos;
let campaignId: number;
beforeEach(() => {
  ({ db, repos } = nativeStore(['n1', 'n2', 'n3']));
  campaignId = createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO)).campaignId;
  // Where each run went, as the executor records it when the run starts.
  const ordered = (n: number, rep: number) => (rep % 2 === 0 ? ['n1', 'n2', 'n3'] : ['n3', 'n2', 'n1']).slice(0, n);
  for (const run of repos.runs.listByCampaign(campaignId)) {
    const nodes = run.benchmark === 'netperf' ? 2 : run.nodeCount;
    repos.execution.setRunEndpoints(run.id, ordered(nodes, run.repetition));
  }
});
afterEach(() => db.close());

const names = (sets: Map<string, { name: string }[][]>) => new Map([...sets].map(([p, s]) => [p, s.map((hs) => hs.map((h) => h.name).join(','))]));

describe('the MPI node sets a closing campaign driver sweeps', () => {
  it('are the distinct host sets of its multi-node MPI runs, as they ran', () => {
    const sets = names(mpiNodeSets(repos, campaignId, () => false));
    expect([...sets.keys()]).toEqual(['native']);
    expect([...sets.get('native')!].sort()).toEqual(['n1,n2', 'n1,n2,n3', 'n3,n2', 'n3,n2,n1']);
  });

  it('leave out a platform whose execution backend starts the ranks (no keys there)', () => {
    expect(mpiNodeSets(repos, campaignId, (p) => p === 'native').size).toBe(0);
  });

  it('get key ids that every process of the campaign derives alike, and another campaign does not', () => {
    const owner = mpiKeyOwner(repos, campaignId, 'native');
    expect(owner).toBe(`${repos.execution.get(campaignId)!.uuid}/native`);
    const port = () => 22;
    expect(new MpiKeyRing(port, owner).keyId(['n1', 'n2'])).toBe(new MpiKeyRing(port, mpiKeyOwner(repos, campaignId, 'native')).keyId(['n1', 'n2']));
    const other = createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO)).campaignId;
    expect(new MpiKeyRing(port, mpiKeyOwner(repos, other, 'native')).keyId(['n1', 'n2'])).not.toBe(new MpiKeyRing(port, owner).keyId(['n1', 'n2']));
  });
});
