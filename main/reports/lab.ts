// The report's lab and hardware section and its environment appendix, from the facts format of main/contract/facts.ts:
// per endpoint, the snapshot its runs in this campaign recorded (facts_snapshots via runs.facts_snapshot_id, or as a
// run's peer via run_peer_facts), else the host's latest probe (host_facts) where the endpoint is that host (a native
// platform, or an enrolled guest, which is its own host record; never a guest a provider made on it, which is another
// machine). Every snapshot is validated with HostFactsSchema; an endpoint without one reads "not probed". Declared virtualization (the platform) is checked against the detected one (main/lab-model), and a
// contradiction is said in the text, not only in a table cell.
import type { Database } from '../store/database.ts';
import { HostFactsSchema, type HostFactsData } from '../contract/facts.ts';
import type { ReportSection, Table } from '../contract/results.ts';
import { checkTechnology, type TechnologyCheck } from '../lab-model/detect-virt.ts';
import { isTechnology } from '../lab-model/technology.ts';
import { createFactsRepo } from '../store/repos/facts.ts';
import { describeProvider } from '../platforms/catalog.ts';
import { providerOf } from '../lab-model/platforms.ts';
import { campaignEndpoints, campaignVersions, hasTable, runSnapshotOf } from '../store/queries/lab.ts';
import type { CampaignData } from './figures.ts';

export const NOT_PROBED = 'not probed';
/** A fact the probe looked for and did not find. */
const UNKNOWN = 'unknown';

export type FactsSource = { kind: 'run'; snapshotId: number; takenAt: number } | { kind: 'host'; snapshotId: number; takenAt: number };

/** What the report knows about one endpoint: valid facts, facts in another format (with why), or nothing. */
export type EndpointFacts =
  { state: 'probed'; facts: HostFactsData; source: FactsSource } | { state: 'invalid'; problem: string; source: FactsSource } | { state: 'not-probed' };

export interface LabEndpoint {
  platform: string;
  technology: string;
  product: string;
  provider: string | null;
  host: string;
  hostId: number;
  endpointId: number;
  ordinal: number;
  facts: EndpointFacts;
}

function validate(json: unknown, source: FactsSource): EndpointFacts {
  const parsed = HostFactsSchema.safeParse(json);
  if (parsed.success) return { state: 'probed', facts: parsed.data, source };
  const issue = parsed.error.issues[0];
  return { state: 'invalid', source, problem: `not in the facts format${issue ? ` (${issue.path.join('.') || 'snapshot'}: ${issue.message})` : ''}` };
}

/** Whether the host's own probe describes the endpoint: its platform runs on the hosts as they are, or on guests enrolled
 * as hosts; a guest the provider makes on the host (a VM, a container) is not the host. */
function hostIsEndpoint(r: { provider: string | null; technology: string }): boolean {
  const d = describeProvider(providerOf(r));
  return d !== undefined && (d.endpoints === 'guests' || d.technology === 'native');
}

/** Every endpoint of the campaign's platforms with the facts the report shows for it. */
export function labEndpoints(db: Database, campaignId: number): LabEndpoint[] {
  const rows = campaignEndpoints(db, campaignId);
  const snapshotOf = runSnapshotOf(db, campaignId);
  // Databases and bundles from before host snapshots existed have no host_facts table: runs' snapshots only.
  const facts = hasTable(db, 'host_facts') ? createFactsRepo(db) : undefined;
  return rows.map((r) => {
    const run = snapshotOf(r.endpointId);
    if (run) return { ...r, facts: validate(JSON.parse(run.json), { kind: 'run', snapshotId: run.id, takenAt: run.takenAt }) };
    const host = hostIsEndpoint(r) ? facts?.latestForHost(r.hostId) : undefined;
    if (host) return { ...r, facts: validate(host.facts, { kind: 'host', snapshotId: host.id, takenAt: host.takenAt }) };
    return { ...r, facts: { state: 'not-probed' } };
  });
}

/** How the probe saw the endpoint, in words: "container docker in VM kvm", "none". */
export function detectedText(v: HostFactsData['virtualization']): string {
  if (v.kind === 'none') return 'none';
  return [v.container && `container ${v.container}`, v.vm && `VM ${v.vm}`].filter(Boolean).join(' in ') || v.kind;
}

/** The platform's declared technology against what the endpoint's facts detected (main/lab-model/detect-virt.ts). */
export function virtualizationCheck(e: LabEndpoint): TechnologyCheck {
  if (e.facts.state === 'not-probed') return { status: 'unknown', message: NOT_PROBED };
  if (e.facts.state === 'invalid') return { status: 'unknown', message: e.facts.problem };
  if (!isTechnology(e.technology)) return { status: 'unknown', message: `unknown declared technology ${e.technology}` };
  const v = e.facts.facts.virtualization;
  return checkTechnology({ technology: e.technology, ...(e.product ? { product: e.product } : {}) }, { vm: v.vm ?? 'none', container: v.container ?? 'none' });
}

const text = (v: string | null): string => v ?? UNKNOWN;
const count = (v: number | null): string | number => v ?? UNKNOWN;

function gib(bytes: number | null): string {
  return bytes === null ? UNKNOWN : `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

function topology(c: HostFactsData['cpu']): string {
  const part = (v: number | null) => (v === null ? '?' : String(v));
  if (c.sockets === null && c.coresPerSocket === null && c.threadsPerCore === null) return UNKNOWN;
  return `${part(c.sockets)} socket x ${part(c.coresPerSocket)} core x ${part(c.threadsPerCore)} thread`;
}

function mpiText(m: HostFactsData['mpi']): string {
  const main = m.implementation ? `${m.implementation}${m.version ? ` ${m.version}` : ''}` : 'none found';
  return m.alsoInstalled.length ? `${main} (also installed: ${m.alsoInstalled.join(', ')})` : main;
}

export function sourceText(facts: EndpointFacts): string {
  if (facts.state === 'not-probed') return NOT_PROBED;
  const when = new Date(facts.source.takenAt).toISOString().replace('T', ' ').slice(0, 16);
  return `${facts.source.kind === 'run' ? "runs' snapshot" : 'host probe'} #${facts.source.snapshotId}, ${when} UTC`;
}

/** Cells of one endpoint's facts, or the same reason in each when there are none to show. */
function factCells(e: LabEndpoint, width: number, cells: (f: HostFactsData) => (string | number)[]): (string | number)[] {
  if (e.facts.state === 'probed') return cells(e.facts.facts);
  const why = e.facts.state === 'invalid' ? e.facts.problem : NOT_PROBED;
  return Array.from({ length: width }, () => why);
}

export function labSection(db: Database, campaignId: number, data: CampaignData): ReportSection {
  const endpoints = labEndpoints(db, campaignId);
  const checks = endpoints.map((e) => ({ e, check: virtualizationCheck(e) }));
  const probed = endpoints.filter((e) => e.facts.state === 'probed').length;
  const paragraphs = [
    `${data.platforms.length} platform(s) compared against ${data.baseline} (the baseline).`,
    endpoints.length === 0
      ? "No endpoints are recorded for this campaign's platforms."
      : probed === 0
        ? `None of the ${endpoints.length} endpoint(s) was probed: hardware and virtualization below read "${NOT_PROBED}".`
        : `Facts of ${probed} of ${endpoints.length} endpoint(s): the snapshot their runs recorded where there is one, else the host's latest probe.`,
  ];
  for (const { e, check } of checks) {
    if (check.status !== 'contradicts') continue;
    paragraphs.push(
      `Contradiction on ${e.host} (platform ${e.platform}, declared ${e.technology}${e.product ? `, ${e.product}` : ''}): ${check.message}. ` +
        `Results of ${e.platform} were measured on what was detected, not on what was declared.`,
    );
  }
  const hardware: Table = {
    id: 'lab-endpoints',
    title: 'Endpoints: hardware',
    columns: ['platform', 'host', 'rank', 'cpu', 'topology', 'logical cpus', 'memory', 'numa nodes', 'facts'],
    rows: endpoints.map((e) => [
      e.platform,
      e.host,
      e.ordinal,
      ...factCells(e, 5, (f) => [text(f.cpu.model), topology(f.cpu), count(f.cpu.logicalCpus), gib(f.memoryBytes), count(f.numaNodes)]),
      sourceText(e.facts),
    ]),
  };
  const software: Table = {
    id: 'lab-software',
    title: 'Endpoints: system and toolchain',
    columns: ['host', 'os', 'kernel', 'arch', 'gcc', 'gfortran', 'mpi'],
    rows: endpoints.map((e) => [
      e.host,
      ...factCells(e, 6, (f) => [
        text(f.os.prettyName ?? (f.os.id && `${f.os.id} ${f.os.versionId ?? ''}`.trim())),
        text(f.kernel),
        text(f.arch),
        text(f.compilers.gcc),
        text(f.compilers.gfortran),
        mpiText(f.mpi),
      ]),
    ]),
  };
  const virtualization: Table = {
    id: 'lab-virtualization',
    title: 'Virtualization: declared vs detected',
    columns: ['platform', 'host', 'declared', 'detected', 'check', 'note'],
    rows: checks.map(({ e, check }) => [
      e.platform,
      e.host,
      `${e.technology}${e.product ? ` (${e.product})` : ''}`,
      e.facts.state === 'probed' ? detectedText(e.facts.facts.virtualization) : e.facts.state === 'invalid' ? e.facts.problem : NOT_PROBED,
      check.status === 'contradicts' ? 'CONTRADICTS' : check.status,
      check.message,
    ]),
  };
  return {
    id: 'lab',
    title: 'Lab and hardware',
    paragraphs,
    tables: [
      {
        id: 'lab-platforms',
        title: 'Platforms',
        columns: ['platform', 'technology', 'product', 'version', 'baseline'],
        rows: data.platforms.map((p) => [p.name, p.technology, p.product, p.version, p.name === data.baseline]),
      },
      virtualization,
      hardware,
      software,
    ],
  };
}

/** Fact name/value pairs of a validated snapshot, in the schema's order ("cpu.model", "virtualization.evidence"...). */
export function factRows(f: HostFactsData): [string, string][] {
  const out: [string, string][] = [];
  const walk = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (Array.isArray(value)) out.push([path, value.length ? value.join('; ') : '(none)']);
    else out.push([path, value === null ? UNKNOWN : String(value)]);
  };
  walk(f, '');
  return out;
}

export function environmentSection(db: Database, campaignId: number): ReportSection {
  const endpoints = labEndpoints(db, campaignId);
  const versions = campaignVersions(db, campaignId);
  // One table a host (fact, value), titled with where its facts come from: a host in two platforms comes once, unless
  // another platform's endpoint there saw something else (a VM or a container on it): that one gets its own table.
  const perHost: Table[] = [];
  const hosts = new Set<string>();
  const shown = new Set<string>();
  const idOf = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');
  for (const e of endpoints) {
    const rows = e.facts.state === 'probed' ? factRows(e.facts.facts) : [['facts', e.facts.state === 'invalid' ? e.facts.problem : NOT_PROBED]];
    const seen = `${e.host}\u0000${JSON.stringify(rows)}`;
    if (shown.has(seen) || (hosts.has(e.host) && e.facts.state === 'not-probed')) continue;
    shown.add(seen);
    const first = !hosts.has(e.host);
    hosts.add(e.host);
    perHost.push({
      id: first ? `environment-facts-${idOf(e.host)}` : `environment-facts-${idOf(e.host)}-${idOf(e.platform)}`,
      title: first ? `Host facts: ${e.host} (${sourceText(e.facts)})` : `Facts: ${e.platform} on ${e.host} (${sourceText(e.facts)})`,
      columns: ['fact', 'value'],
      rows,
    });
  }
  const probed = endpoints.filter((e) => e.facts.state === 'probed').map((e) => e.host);
  return {
    id: 'environment',
    title: 'Environment appendix',
    paragraphs: [
      probed.length
        ? `Facts of ${new Set(probed).size} of ${hosts.size} host(s), as probed (main/contract/facts.ts); "${UNKNOWN}" = looked for and not found.`
        : "No facts were collected for this campaign's endpoints: not probed.",
    ],
    tables: [
      {
        id: 'environment-versions',
        title: 'Software versions',
        columns: ['benchmark', 'platform', 'version', 'compiler'],
        rows: versions.map((v) => [v.benchmark, v.platform, v.version, v.compiler]),
      },
      ...perHost,
    ],
  };
}
