// The facts of a run's other endpoint (netperf's peer) are recorded for the platform's endpoint on that host, as probed
// there: a VM platform's VM on host 2 reads qemu and TCG in the report, not host 2 itself. Before, the executor kept a
// peer's probe as the host's own (host_facts), once per host name whichever platform came first, and the report's lab
// section showed the VM's host-2 endpoint with the native platform's probe of host 2. The executor, its store, SQLite
// and the report's lookup are real; the driver stands in for the endpoints with recorded probe outputs (a lab host,
// and a TCG VM VirtLab booted on one: test/fixtures/outputs/facts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { CampaignExecutor } from '../../../main/campaigns/executor.ts';
import type { RunDriver, RunTarget } from '../../../main/campaigns/driver.ts';
import { parseFacts } from '../../../main/facts/parse.ts';
import { qemuSettings } from '../../../main/platforms/qemu/settings.ts';
import { emulatorOf } from '../../../main/lab-model/emulation.ts';
import { environmentSection, labEndpoints } from '../../../main/reports/lab.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const FACTS = resolve(import.meta.dirname, '..', '..', 'fixtures', 'outputs', 'facts');
const hostProbe = parseFacts(readFileSync(resolve(FACTS, 'lab-host.txt'), 'utf8'));
const vmProbe = parseFacts(readFileSync(resolve(FACTS, 'lab-tcg-vm.txt'), 'utf8'));

const SCENARIO = (order: string) => `
name: peers
platforms: [${order}]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }
repetitions: 2
maxParallel: 1
failure: { retries: 0 }
`;

/** What the probe sees on an endpoint of a run: the VM on that host for the VM platform, the host itself otherwise. */
const probeOn = (t: RunTarget, host: string) => (t.run.platform === 'vm' ? { ...vmProbe, hostname: `vm-${host}` } : { ...hostProbe, hostname: host });

const driver: RunDriver = {
  start: async (t) => ({
    facts: { endpoint: t.endpoints[0]!.name, facts: probeOn(t, t.endpoints[0]!.name) },
    peerFacts: t.endpoints.slice(1).map((e) => ({ endpoint: e.name, facts: probeOn(t, e.name) })),
  }),
  status: async () => 'exited',
  collect: async () => ({ stdout: 'x', stderr: '', exitCode: 0 }),
  stop: async () => undefined,
  parse: () => ({ ok: true, metrics: [{ name: 'half_rtt', point: '1', value: 100, unit: 'us', better: 'lower' }] }),
};

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHn3AZzq4ELVpXmzjV7FzQtfzUJ1oD0rWyfFw7dlCI1t virtlab';
const VM = qemuSettings.parse({ addresses: ['198.51.100.1', '198.51.100.2'], authorizedKeys: [KEY], accelerator: 'tcg' }) as Record<string, unknown>;

let db: Database;
let repos: Repos;
beforeEach(() => {
  db = openDatabase({ path: ':memory:' });
  repos = createRepos(db);
  const native = repos.platforms.create({ name: 'native', technology: 'native', product: 'bare metal', isBaseline: true });
  const vm = repos.platforms.create({ name: 'vm', technology: 'full-virt', product: 'QEMU', isBaseline: false, provider: 'qemu', settings: VM });
  ['node1', 'node2'].forEach((name, ordinal) => {
    const hostId = repos.hosts.save({ name, address: `192.0.2.${ordinal + 1}`, port: 22, user: 'bench', auth: { kind: 'agent' }, jump: [], tags: [] });
    repos.platforms.addEndpoint({ platformId: native, hostId, ordinal });
    repos.platforms.addEndpoint({ platformId: vm, hostId, ordinal });
  });
});
afterEach(() => db.close());

describe("a run's peer facts", () => {
  for (const order of ['native, vm', 'vm, native']) {
    it(`are the platform endpoint's own, as probed there, whichever platform runs first (${order})`, async () => {
      const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO(order)));
      expect(await new CampaignExecutor({ db, repos, driver, pollMs: 5 }, campaignId).run()).toBe('done');
      const runs = repos.runs.listByCampaign(campaignId);
      expect(runs.map((r) => r.nodeCount)).toEqual([2, 2, 2, 2]);

      const seen = labEndpoints(db, campaignId).map((e) => {
        if (e.facts.state !== 'probed') return [e.platform, e.host, e.facts.state];
        return [
          e.platform,
          e.host,
          e.facts.facts.hostname,
          e.facts.facts.virtualization.vm ?? 'none',
          emulatorOf(e.facts.facts) ?? 'none',
          e.facts.source.kind,
        ];
      });
      // The lab's hosts are themselves this machine, a KVM guest: their probe says kvm, the VMs' qemu under TCG.
      expect(seen).toEqual([
        ['native', 'node1', 'node1', 'kvm', 'none', 'run'],
        ['native', 'node2', 'node2', 'kvm', 'none', 'run'],
        ['vm', 'node1', 'vm-node1', 'qemu', 'TCG', 'run'],
        ['vm', 'node2', 'vm-node2', 'qemu', 'TCG', 'run'],
      ]);
      // The VM's probe is not passed off as host 2's own.
      expect(repos.facts.latestForHost(repos.hosts.idOf('node2')!)?.facts).toBeUndefined();
      // The environment appendix gives the VM on each host its own table.
      const titles = environmentSection(db, campaignId).tables.map((t) => t.title.replace(/ \(.*\)$/, ''));
      expect(titles.slice(1)).toEqual(['Host facts: node1', 'Host facts: node2', 'Facts: vm on node1', 'Facts: vm on node2']);
    });
  }

  it("a guest a provider made never shows its host's own probe; native endpoints still fall back to it", () => {
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO('native, vm')));
    // No run has reported facts yet; host 2 was probed from the Lab.
    repos.facts.recordForHost(repos.hosts.idOf('node2')!, { ...hostProbe, hostname: 'node2' });
    const seen = labEndpoints(db, campaignId).map((e) => [e.platform, e.host, e.facts.state, e.facts.state === 'probed' ? e.facts.source.kind : '']);
    expect(seen).toEqual([
      ['native', 'node1', 'not-probed', ''],
      ['native', 'node2', 'probed', 'host'],
      ['vm', 'node1', 'not-probed', ''],
      ['vm', 'node2', 'not-probed', ''],
    ]);
  });
});
