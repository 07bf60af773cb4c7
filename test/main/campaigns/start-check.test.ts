// A campaign whose platform is not usable is refused at start, with every problem, before it is stored: no campaign,
// no run. The checks are the provider's own (a stand-in here: lab tests run the real ones on real hosts); MPI runs on a
// platform whose provider cannot run ranks are refused with its reason. Service, store and SQLite are real.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { startCampaign } from '../../../main/campaigns/launch.ts';
import { platformPreflight } from '../../../main/campaigns/start-check.ts';
import { InputProblem } from '../../../main/campaigns/input-problem.ts';
import type { AnyPlatformProvider, MpiModel } from '../../../main/platforms/provider.ts';
import { describeProvider } from '../../../main/platforms/catalog.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const scenario = (benchmarks: string) => `
name: refused
platforms: [native, boxed]
baseline: native
repetitions: 1
benchmarks:
${benchmarks}
`;
const IOZONE = '  - benchmark: iozone\n    params: { fileSizes: [1024], recordSize: 64 }';
const NPB_MPI = '  - benchmark: npb\n    params: { kernels: [EP], classes: [S], variants: [mpi], mpiNodes: [2] }';

let db: Database;
let repos: Repos;
let problems: string[];
let mpi: MpiModel;
const checked: string[] = [];
const closed: number[] = [];
const provider = (): AnyPlatformProvider => ({
  describe: { ...describeProvider('native')!, name: 'boxed', title: 'Boxes' },
  check: async (_s, hosts) => {
    checked.push(hosts.map((h) => h.name).join(','));
    return problems;
  },
  estimatePrepare: (_s, n) => ({ what: `${n} box(es)`, sec: 2 }),
  prepare: async () => undefined,
  health: async () => [],
  wrap: (_g, argv) => [...argv],
  reach: (g) => ({ address: g.host.address }),
  mpi: () => mpi,
  teardown: async () => [],
});

beforeEach(() => {
  db = openDatabase({ path: ':memory:' });
  repos = createRepos(db);
  problems = [];
  mpi = { kind: 'host' };
  checked.length = 0;
  closed.length = 0;
  const hostIds = ['node1', 'node2'].map((name, i) =>
    repos.hosts.save({ name, address: `192.0.2.${i + 1}`, port: 22, user: 'root', auth: { kind: 'agent' }, jump: [], tags: [] }),
  );
  for (const [name, provider] of [
    ['native', 'native'],
    ['boxed', 'boxed'],
  ] as const) {
    const platformId = repos.platforms.create({
      name,
      technology: name === 'native' ? 'native' : 'os-level',
      product: name,
      isBaseline: name === 'native',
      provider,
      settings: {},
    });
    hostIds.forEach((hostId, ordinal) => repos.platforms.addEndpoint({ platformId, hostId, ordinal }));
  }
});
afterEach(() => db.close());

async function start(text: string) {
  const service = createCampaignService(db, repos);
  const lookup = (n: string) =>
    n === 'boxed' ? provider() : n === 'native' ? { ...provider(), estimatePrepare: () => undefined, mpi: () => ({ kind: 'host' }) as const } : undefined;
  const preflight = platformPreflight(
    repos,
    () => ({
      runner: () => async () => ({ code: 0, stdout: '', stderr: '' }),
      close: async () => {
        closed.push(1);
      },
    }),
    lookup,
  );
  return startCampaign(
    service,
    scenarioFromText(text),
    {},
    { driver: 'benchmark', npbSource: 'https://example.invalid/npb.tar' },
    { dataDir: '/nonexistent', env: {} },
    preflight,
  );
}
const campaigns = () => (db.prepare('SELECT COUNT(*) AS n FROM campaigns').get() as { n: number }).n;
const runs = () => (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;

describe('campaign start checks its platforms', () => {
  it('stores and starts the campaign when every platform is fine, having checked each once on its hosts', async () => {
    const { campaignId } = await start(scenario(IOZONE));
    expect(campaignId).toBeGreaterThan(0);
    expect(checked).toEqual(['node1,node2']);
    expect(closed).toEqual([1]);
  });

  it('refuses a platform its provider finds problems with, every problem said, nothing stored', async () => {
    problems = ['node1: Podman has no image no-such-image', "node2: a CPU limit of 4096 is above the host's 2 CPU(s)"];
    const refused = start(scenario(IOZONE));
    await expect(refused).rejects.toThrow(InputProblem);
    await expect(refused).rejects.toThrow(
      "The campaign was not started: platform boxed: node1: Podman has no image no-such-image; platform boxed: node2: a CPU limit of 4096 is above the host's 2 CPU(s)",
    );
    expect([campaigns(), runs(), closed.length]).toEqual([0, 0, 1]);
  });

  it('refuses MPI runs on a platform whose provider cannot run ranks, and not the same platform without MPI runs', async () => {
    mpi = { kind: 'unsupported', why: 'MPI across boxes is not built yet' };
    await expect(start(scenario(NPB_MPI))).rejects.toThrow(
      'The campaign was not started: platform boxed: its MPI runs cannot run there: MPI across boxes is not built yet',
    );
    expect([campaigns(), runs()]).toEqual([0, 0]);
    expect((await start(scenario(IOZONE))).campaignId).toBeGreaterThan(0);
  });
});
