import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from './fixture.ts';
import { IllegalTransitionError } from '../../../main/store/repos/runs.ts';
import type { MetricRow } from '../../../main/store/repos/metrics.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { join } from 'node:path';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

const newRun = (planIndex = 0) => ({
  campaignId: f.campaignId,
  planIndex,
  platformId: f.platforms.native!,
  benchmark: 'netperf',
  params: { point: '64' },
  nodeCount: 2,
});

describe('runs', () => {
  it('records every state change with a transition row, start and end times, and patched fields', () => {
    const id = f.repos.runs.create(newRun());
    expect(f.repos.runs.get(id)).toMatchObject({ state: 'planned', attempt: 1, nodeCount: 2, params: { point: '64' }, startedAt: null });
    f.repos.runs.transition(id, 'installing', { detail: 'netperf missing' });
    const running = f.repos.runs.transition(id, 'running', { remoteRunId: 'vl-123', command: ['netperf', '-t', 'TCP_RR'], benchmarkVersion: '2.7.0' });
    expect(running).toMatchObject({ state: 'running', remoteRunId: 'vl-123', command: ['netperf', '-t', 'TCP_RR'], benchmarkVersion: '2.7.0' });
    expect(running.startedAt).not.toBeNull();
    expect(f.repos.runs.findByRemoteRunId('vl-123')?.id).toBe(id);
    expect(f.repos.runs.listActive().map((r) => r.id)).toEqual([id]);
    const failed = f.repos.runs.transition(id, 'failed', { error: 'netserver not reachable' });
    expect(failed).toMatchObject({ state: 'failed', error: 'netserver not reachable', remoteRunId: 'vl-123' });
    expect(failed.endedAt).not.toBeNull();
    expect(f.repos.runs.transitions(id).map((t) => [t.fromState, t.toState, t.detail])).toEqual(
      [
        [null, 'planned', null],
        ['planned', 'installing', null],
        ['installing', 'running', null],
        ['running', 'failed', null],
      ].map(([a, b], i) => [a, b, i === 1 ? 'netperf missing' : null]),
    );
    expect(f.repos.runs.listActive()).toEqual([]);
  });

  it('refuses illegal transitions and changes nothing', () => {
    const id = f.repos.runs.create(newRun());
    f.repos.runs.transition(id, 'running');
    f.repos.runs.transition(id, 'parsing');
    f.repos.runs.transition(id, 'done');
    expect(() => f.repos.runs.transition(id, 'running')).toThrow(IllegalTransitionError);
    expect(f.repos.runs.get(id)!.state).toBe('done');
    expect(f.repos.runs.transitions(id)).toHaveLength(4);
    expect(() => f.repos.runs.transition(9999, 'running')).toThrow(/does not exist/);
  });

  it('an interrupted run can be reattached; a retry is a new attempt of the same plan entry', () => {
    const id = f.repos.runs.create(newRun(3));
    f.repos.runs.transition(id, 'running', { remoteRunId: 'r1' });
    f.repos.runs.transition(id, 'interrupted', { detail: 'app restarted' });
    expect(f.repos.runs.transition(id, 'running').state).toBe('running');
    f.repos.runs.transition(id, 'failed', { error: 'exit 1' });
    const retry = f.repos.runs.planRetry(id);
    expect(f.repos.runs.get(retry)).toMatchObject({ planIndex: 3, attempt: 2, state: 'planned', params: { point: '64' } });
    expect(f.repos.runs.listByCampaign(f.campaignId).map((r) => [r.planIndex, r.attempt])).toEqual([
      [3, 1],
      [3, 2],
    ]);
  });

  it('a plan is stored whole or not at all', () => {
    expect(() => f.repos.runs.createMany([newRun(0), newRun(1), { ...newRun(2), platformId: 4242 }])).toThrow(/FOREIGN KEY/);
    expect(f.repos.runs.listByCampaign(f.campaignId)).toEqual([]);
  });
});

describe('metrics', () => {
  const rows = (runId: number, n: number): MetricRow[] =>
    Array.from({ length: n }, (_, i) => ({
      runId,
      name: i % 2 ? 'bandwidth_mbps' : 'latency_us',
      point: String(i >> 1),
      value: i + 0.5,
      unit: i % 2 ? 'Mbit/s' : 'us',
      better: i % 2 ? 'higher' : 'lower',
    }));

  it('inserts batches of any size (multi-row chunks plus a tail) and reads them back', () => {
    const id = f.repos.runs.create(newRun());
    expect(f.repos.metrics.insertMetrics(rows(id, 1000))).toBe(1000);
    const back = f.repos.metrics.listByRun(id);
    expect(back).toHaveLength(1000);
    expect(back.find((m) => m.name === 'latency_us' && m.point === '7')).toEqual({
      runId: id,
      name: 'latency_us',
      point: '7',
      value: 14.5,
      unit: 'us',
      better: 'lower',
    });
    expect(f.repos.metrics.insertMetrics([])).toBe(0);
  });

  it('rolls back the whole batch on a bad value, a duplicate point or an unknown run', () => {
    const id = f.repos.runs.create(newRun());
    const good = rows(id, 300);
    expect(() => f.repos.metrics.insertMetrics([...good, { ...good[0]!, point: 'x', value: NaN }])).toThrow(/finite/);
    expect(() => f.repos.metrics.insertMetrics([...good, good[5]!])).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => f.repos.metrics.insertMetrics([{ ...good[0]!, runId: 777 }])).toThrow(/FOREIGN KEY/);
    expect(f.repos.metrics.listByRun(id)).toEqual([]);
  });
});

describe('raw logs', () => {
  it('round-trips compressed output and detects corruption', () => {
    const id = f.repos.runs.create(newRun());
    const text = 'MIGRATED TCP REQUEST/RESPONSE TEST\n'.repeat(2000);
    const info = f.repos.rawLogs.put(id, 'stdout', text);
    expect(info.size).toBe(Buffer.byteLength(text));
    expect(info.compressedSize).toBeLessThan(info.size / 20);
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(f.repos.rawLogs.getText(id, 'stdout')).toBe(text);
    f.repos.rawLogs.put(id, 'stdout', 'replaced');
    expect(f.repos.rawLogs.getText(id, 'stdout')).toBe('replaced');
    expect(f.repos.rawLogs.get(id, 'stderr')).toBeUndefined();
    f.db.prepare("UPDATE raw_logs SET sha256 = 'x' WHERE run_id = ?").run(id);
    expect(() => f.repos.rawLogs.get(id, 'stdout')).toThrow(/corrupt/);
  });
});

describe('inventory', () => {
  it('stores hosts and guests as contract records, with secret references only', () => {
    f.repos.hosts.save({
      name: 'node01',
      address: '10.77.0.2',
      port: 22,
      user: 'root',
      auth: { kind: 'password', secretRef: 'host:node01:password' },
      jump: [],
      tags: ['rack1'],
    });
    f.repos.hosts.save({
      name: 'vm01',
      address: '10.77.1.2',
      port: 2222,
      user: 'u',
      auth: { kind: 'key', keyPath: '/k/id', passphraseRef: 'key:/k/id:passphrase' },
      jump: ['node01'],
      tags: [],
      guestOf: 'node01',
      technology: 'xen',
    });
    expect(f.repos.hosts.get('vm01')).toMatchObject({
      guestOf: 'node01',
      technology: 'xen',
      jump: ['node01'],
      auth: { kind: 'key', keyPath: '/k/id', passphraseRef: 'key:/k/id:passphrase' },
    });
    expect(f.repos.hosts.listGuests('node01').map((h) => h.name)).toEqual(['vm01']);
    expect(() =>
      f.repos.hosts.save({ name: 'bad', address: 'x', port: 22, user: 'u', auth: { kind: 'password', secretRef: 'hunter2' }, jump: [], tags: [] }),
    ).toThrow(/secret reference/);
    // Saving again updates in place; dropping guestOf makes it a plain host.
    f.repos.hosts.save({ name: 'vm01', address: '10.77.1.3', port: 22, user: 'u', auth: { kind: 'agent' }, jump: [], tags: [] });
    const vm = f.repos.hosts.get('vm01')!;
    expect(vm).toMatchObject({ address: '10.77.1.3', auth: { kind: 'agent' } });
    expect(vm.guestOf).toBeUndefined();
    const all = JSON.stringify(f.db.prepare('SELECT * FROM hosts').all());
    expect(all).not.toMatch(/hunter2/);
  });

  it('platforms, endpoints, facts, installs and versioned scenarios', () => {
    const host = f.repos.hosts.save({ name: 'n1', address: '10.0.0.1', port: 22, user: 'root', auth: { kind: 'agent' }, jump: [], tags: [] });
    const ep = f.repos.platforms.addEndpoint({ platformId: f.platforms.native!, hostId: host });
    expect(f.repos.platforms.listEndpoints(f.platforms.native!)).toEqual([{ id: ep, platformId: f.platforms.native!, hostId: host, ordinal: 0 }]);
    expect(f.repos.platforms.findByName('native')).toMatchObject({ technology: 'native', isBaseline: true });
    f.repos.facts.record(ep, { kernel: '6.1' }, 1);
    const snap = f.repos.facts.record(ep, { kernel: '6.2', virt: 'kvm' }, 2);
    expect(f.repos.facts.latest(ep)).toMatchObject({ id: snap, facts: { kernel: '6.2', virt: 'kvm' } });
    f.repos.installs.record({ endpointId: ep, benchmark: 'netperf', version: '2.7.0', method: 'package', at: 5 });
    expect(f.repos.installs.latest(ep, 'netperf')).toMatchObject({ version: '2.7.0', method: 'package' });
    const v1 = f.repos.scenarios.latest('paper')!;
    expect(f.repos.scenarios.save('paper', { benchmarks: ['netperf'], baseline: 'native' }).version).toBe(v1.version);
    expect(f.repos.scenarios.save('paper', { benchmarks: ['netperf', 'iozone'], baseline: 'native' }).version).toBe(v1.version + 1);
    expect(f.repos.scenarios.getVersion('paper', 1)!.definition).toEqual({ benchmarks: ['netperf'], baseline: 'native' });
  });

  it("keeps a run's exit status as a column, set with the move to parsing", () => {
    const id = f.repos.runs.create({ campaignId: f.campaignId, planIndex: 0, platformId: f.platforms.native!, benchmark: 'netperf' });
    f.repos.runs.transition(id, 'running');
    expect(f.repos.runs.get(id)!.exitCode).toBeNull();
    f.repos.runs.transition(id, 'parsing', { detail: 'collected', exitCode: 3 });
    expect(f.repos.runs.get(id)!.exitCode).toBe(3);
    f.repos.runs.transition(id, 'failed', { error: 'exited with code 3' });
    expect(f.repos.runs.get(id)!.exitCode).toBe(3);
  });

  it('campaign states set start and end times', () => {
    f.repos.campaigns.setState(f.campaignId, 'running');
    f.repos.campaigns.setState(f.campaignId, 'done');
    const c = f.repos.campaigns.get(f.campaignId)!;
    expect(c.state).toBe('done');
    expect(c.startedAt).not.toBeNull();
    expect(c.endedAt).not.toBeNull();
  });

  it('writes from one connection are visible to a second one on the same file (WAL)', () => {
    const other = openDatabase({ path: join(f.dir, 'virtlab.db') });
    try {
      const id = createRepos(other).runs.create(newRun(9));
      expect(f.repos.runs.get(id)?.planIndex).toBe(9);
    } finally {
      other.close();
    }
  });
});
