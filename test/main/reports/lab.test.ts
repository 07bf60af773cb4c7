// The report's lab section and environment appendix over real probe output (test/fixtures/outputs/facts, parsed by
// the facts parser into the results fixture's database): the runs' own snapshots first, the host's latest probe next,
// "not probed" without either, snapshots in another format named as such, and declared vs detected virtualization.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResultsDb } from '../../e2e/support/results-fixture.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { parseFacts } from '../../../main/facts/parse.ts';
import { HostFactsSchema } from '../../../main/contract/facts.ts';
import { loadCampaignData } from '../../../main/reports/figures.ts';
import { environmentSection, labEndpoints, labSection } from '../../../main/reports/lab.ts';
import { buildReport } from '../../../main/reports/model.ts';
import type { ReportSection, Table } from '../../../main/contract/results.ts';

const FACTS = resolve(import.meta.dirname, '../../fixtures/outputs/facts');
const hostProbe = parseFacts(readFileSync(join(FACTS, 'lab-host.txt'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'vl-lab-report-'));
let campaignId: number;

beforeAll(() => {
  campaignId = buildResultsDb(join(dir, 'base.db'), { repetitions: 2 }).campaignId;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the fixture database to change for one test. */
function copy(name: string): Database {
  copyFileSync(join(dir, 'base.db'), join(dir, name));
  return openDatabase({ path: join(dir, name) });
}

const table = (s: ReportSection, id: string): Table => s.tables.find((t) => t.id === id)!;
const rowOf = (t: Table, host: string) => {
  const i = t.columns.indexOf('host');
  return Object.fromEntries(t.columns.map((c, j) => [c, t.rows.find((r) => r[i] === host)![j]]));
};
const platformId = (db: Database, name: string) => createRepos(db).platforms.findByName(name)!.id;

describe('lab and hardware section', () => {
  it('shows the facts the runs recorded, validated by the contract schema', () => {
    const db = copy('recorded.db');
    try {
      expect(HostFactsSchema.safeParse(hostProbe).success).toBe(true);
      const lab = labSection(db, campaignId, loadCampaignData(db, campaignId, {}));
      const hw = rowOf(table(lab, 'lab-endpoints'), 'kvm-node1');
      expect(hw).toMatchObject({
        platform: 'kvm',
        rank: 0,
        cpu: 'AMD EPYC',
        topology: '1 socket x 2 core x 1 thread',
        'logical cpus': 2,
        memory: '23.5 GiB',
        'numa nodes': 1,
      });
      expect(hw.facts).toMatch(/^runs' snapshot #\d+, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      expect(rowOf(table(lab, 'lab-software'), 'kvm-node1')).toEqual({
        host: 'kvm-node1',
        os: 'Debian GNU/Linux 12 (bookworm)',
        kernel: '6.18.44-fc-v669',
        arch: 'x86_64',
        gcc: 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0',
        gfortran: 'GNU Fortran (Debian 12.2.0-14+deb12u1) 12.2.0',
        mpi: 'Open MPI 4.1.4 (also installed: MPICH)',
      });
    } finally {
      db.close();
    }
  });

  it('puts declared next to detected virtualization and says every contradiction in the text', () => {
    const db = copy('virt.db');
    try {
      const lab = labSection(db, campaignId, loadCampaignData(db, campaignId, {}));
      const virt = table(lab, 'lab-virtualization');
      // The recorded lab host is a docker container inside a KVM guest; the OS-level platform runs in the nested guest.
      expect(rowOf(virt, 'native-node1')).toMatchObject({ declared: 'native (bare metal)', detected: 'container docker in VM kvm', check: 'CONTRADICTS' });
      expect(rowOf(virt, 'native-node1').note).toMatch(/declared native but this endpoint runs inside a docker container/);
      expect(rowOf(virt, 'kvm-node1')).toMatchObject({ declared: 'hw-vm (KVM)', check: 'CONTRADICTS' });
      expect(rowOf(virt, 'openvz-node1')).toMatchObject({ declared: 'os-level (OpenVZ)', detected: 'container virtlab-lab in VM kvm', check: 'CONTRADICTS' });
      expect(rowOf(virt, 'openvz-node1').note).toMatch(/declared product "OpenVZ" but systemd-detect-virt reports virtlab-lab/);
      const notes = lab.paragraphs.filter((p) => p.startsWith('Contradiction on '));
      expect(notes).toHaveLength(3);
      expect(notes[0]).toMatch(/^Contradiction on native-node1 \(platform native, declared native, bare metal\): declared native but/);

      // A bare-metal probe (same host, nothing detected) agrees with "native", and the note goes away.
      const bare = { ...hostProbe, virtualization: { kind: 'none' as const, vm: null, container: null, evidence: ['systemd-detect-virt: none'] } };
      const repos = createRepos(db);
      const ep = repos.platforms.listEndpoints(platformId(db, 'native'))[0]!;
      const snap = repos.facts.record(ep.id, bare, Date.now() + 1000);
      db.prepare('UPDATE runs SET facts_snapshot_id = ? WHERE platform_id = ?').run(snap, platformId(db, 'native'));
      const again = labSection(db, campaignId, loadCampaignData(db, campaignId, {}));
      expect(rowOf(table(again, 'lab-virtualization'), 'native-node1')).toMatchObject({
        detected: 'none',
        check: 'agrees',
        note: 'no virtualization detected',
      });
      expect(again.paragraphs.filter((p) => p.startsWith('Contradiction on native-node1'))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('falls back to the host\'s latest probe, says "not probed" without one, and names snapshots in another format', () => {
    const db = copy('fallback.db');
    try {
      // kvm: runs recorded no snapshot, the host was probed from the Lab. openvz: nothing at all.
      db.prepare('UPDATE runs SET facts_snapshot_id = NULL WHERE platform_id IN (?, ?)').run(platformId(db, 'kvm'), platformId(db, 'openvz'));
      db.prepare('DELETE FROM host_facts WHERE host_id = (SELECT id FROM hosts WHERE name = ?)').run('openvz-node1');
      // native: its runs point at a snapshot in the guessed key names of older builds.
      const repos = createRepos(db);
      const ep = repos.platforms.listEndpoints(platformId(db, 'native'))[0]!;
      const legacy = repos.facts.record(ep.id, { cpuModel: 'Intel Xeon', cores: 2, kernel: '6.1.0' });
      db.prepare('UPDATE runs SET facts_snapshot_id = ? WHERE platform_id = ?').run(legacy, platformId(db, 'native'));

      const endpoints = labEndpoints(db, campaignId);
      expect(endpoints.map((e) => [e.host, e.facts.state])).toEqual([
        ['native-node1', 'invalid'],
        ['kvm-node1', 'probed'],
        ['openvz-node1', 'not-probed'],
      ]);
      const lab = labSection(db, campaignId, loadCampaignData(db, campaignId, {}));
      const hw = table(lab, 'lab-endpoints');
      expect(rowOf(hw, 'kvm-node1').facts).toMatch(/^host probe #\d+/);
      expect(rowOf(hw, 'kvm-node1').cpu).toBe('AMD EPYC');
      expect(rowOf(hw, 'openvz-node1')).toMatchObject({ cpu: 'not probed', memory: 'not probed', facts: 'not probed' });
      expect(rowOf(table(lab, 'lab-software'), 'openvz-node1').kernel).toBe('not probed');
      expect(rowOf(table(lab, 'lab-virtualization'), 'openvz-node1')).toMatchObject({ detected: 'not probed', check: 'unknown' });
      expect(String(rowOf(hw, 'native-node1').cpu)).toMatch(/^not in the facts format \(hostname: /);
      expect(lab.paragraphs[1]).toBe("Facts of 1 of 3 endpoint(s): the snapshot their runs recorded where there is one, else the host's latest probe.");

      const env = environmentSection(db, campaignId);
      expect(table(env, 'environment-facts-openvz-node1')).toMatchObject({ title: 'Host facts: openvz-node1 (not probed)', rows: [['facts', 'not probed']] });
      expect(table(env, 'environment-facts-native-node1').rows[0]![1]).toMatch(/^not in the facts format/);
      const kvmTable = table(env, 'environment-facts-kvm-node1');
      expect(kvmTable.title).toMatch(/^Host facts: kvm-node1 \(host probe #\d+, /);
      const kvm = new Map(kvmTable.rows.map((r) => [r[0], r[1]]));
      expect(kvm.get('cpu.model')).toBe('AMD EPYC');
      expect(kvm.get('memoryBytes')).toBe(String(24684084 * 1024));
      expect(kvm.get('virtualization.evidence')).toContain('systemd-detect-virt --vm: kvm');
      expect(kvm.get('mpi.alsoInstalled')).toBe('MPICH');
    } finally {
      db.close();
    }
  });

  it('the whole report carries both sections, and a database without any facts reads "not probed"', () => {
    const db = copy('nofacts.db');
    try {
      db.exec('UPDATE runs SET facts_snapshot_id = NULL; DELETE FROM facts_snapshots; DELETE FROM host_facts;');
      const report = buildReport({
        db,
        campaignId,
        data: loadCampaignData(db, campaignId, {}),
        mode: 'relative',
        source: { kind: 'live', path: join(dir, 'nofacts.db'), readonly: false, campaigns: 1 },
      });
      const lab = report.sections.find((s) => s.id === 'lab')!;
      expect(lab.paragraphs[1]).toBe('None of the 3 endpoint(s) was probed: hardware and virtualization below read "not probed".');
      expect(table(lab, 'lab-virtualization').rows.map((r) => r[3])).toEqual(['not probed', 'not probed', 'not probed']);
      const env = report.sections.find((s) => s.id === 'environment')!;
      expect(env.paragraphs).toEqual(["No facts were collected for this campaign's endpoints: not probed."]);
    } finally {
      db.close();
    }
  });
});
