// A VirtLab data folder whose inventory is the lab: every lab host and guest saved as a host record (root, lab key),
// a "native" platform on the hosts and a "container" platform on their os-level guests; and the CLI as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HostRecord } from '../../../../main/contract/hosts.ts';
import { databaseFile } from '../../../../main/config/data-dir.ts';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { openDatabase, type Database } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { assertLabTarget, loadInventory, type LabConfig, type LabInventory } from '../../../lab/api.ts';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');

export interface LabData {
  inv: LabInventory;
  dir: string;
  dbPath: string;
  cleanup(): void;
}

/** `config` picks a lab instance other than the shared one (it must be up). */
export async function labDataDir(hosts = 4, config?: LabConfig): Promise<LabData> {
  const inv = loadInventory(config);
  for (const e of [...inv.hosts, ...inv.guests]) await assertLabTarget(e.address, inv.bridge);
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-campaign-'));
  const dbPath = databaseFile(dir);
  const db = openDatabase({ path: dbPath });
  try {
    const repos = createRepos(db);
    const auth = { kind: 'key' as const, keyPath: inv.keyPath };
    const hs = inv.hosts.slice(0, hosts);
    for (const h of hs) repos.hosts.save(HostRecord.parse({ name: h.name, address: h.address, port: h.port, user: inv.user, auth }));
    const gs = inv.guests.filter((g) => hs.some((h) => h.name === g.host));
    for (const g of gs)
      repos.hosts.save(HostRecord.parse({ name: g.name, address: g.address, port: g.port, user: inv.user, auth, guestOf: g.host, technology: 'namespace' }));
    definePlatform(repos, { name: 'native', technology: 'native', product: 'bare metal (lab netns host)', isBaseline: true, endpoints: hs.map((h) => h.name) });
    definePlatform(repos, { name: 'container', technology: 'os-level', product: 'unshare namespaces', isBaseline: false, endpoints: gs.map((g) => g.name) });
  } finally {
    db.close();
  }
  return { inv, dir, dbPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** `env`: added to this process's environment (e.g. an LD_PRELOAD that fakes the wall clock). */
export function cli(dataDir: string, args: string[], env?: Record<string, string>): CliRun {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'virtlab.mjs'), '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

export function commandDriverArgs(inv: LabInventory, shellLine: string): string[] {
  return ['--driver', 'command', '--command', shellLine, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet'];
}

/** Facts about a campaign's runs, read with a separate connection (as a second process would). */
export function runFacts(db: Database, campaignId: number) {
  const planned = (db.prepare('SELECT COUNT(DISTINCT plan_index) AS n FROM runs WHERE campaign_id = ?').get(campaignId) as { n: number }).n;
  const doneRows = db
    .prepare("SELECT plan_index AS p, COUNT(*) AS n FROM runs WHERE campaign_id = ? AND state = 'done' GROUP BY plan_index")
    .all(campaignId) as { p: number; n: number }[];
  const states = Object.fromEntries(
    (db.prepare('SELECT state, COUNT(*) AS n FROM runs WHERE campaign_id = ? GROUP BY state').all(campaignId) as { state: string; n: number }[]).map((r) => [
      r.state,
      r.n,
    ]),
  );
  const metricRuns = (
    db.prepare('SELECT COUNT(DISTINCT m.run_id) AS n FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.campaign_id = ?').get(campaignId) as { n: number }
  ).n;
  const metricsOnUnfinished = (
    db.prepare("SELECT COUNT(*) AS n FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.campaign_id = ? AND r.state <> 'done'").get(campaignId) as {
      n: number;
    }
  ).n;
  return { planned, doneEntries: doneRows.length, doubled: doneRows.filter((r) => r.n > 1).length, states, metricRuns, metricsOnUnfinished };
}
