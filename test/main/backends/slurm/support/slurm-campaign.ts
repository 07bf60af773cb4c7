// The lab's Slurm as the campaign lab tests read it: a VirtLab data folder on the instance's hosts, Slurm's
// accounting (sacct on the login node), and a campaign's runs as the store has them.
import { expect } from 'vitest';
import { openDatabase } from '../../../../../main/store/open-database.ts';
import { inHost, labUp, slurmUp, type LabConfig, type LabSlurm } from '../../../../lab/api.ts';
import { labDataDir, runFacts, type LabData } from '../../../campaigns/support/lab-campaign.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type SacctJob = { jobId: string; name: string; state: string; nodes: string };
export type RunRow = {
  id: number;
  p: number;
  state: string;
  benchmark: string;
  nodes: number;
  remote: string | null;
  jobId: string | null;
  nodeList: string | null;
  error: string | null;
};

export interface SlurmCampaignLab {
  data: LabData;
  slurm: LabSlurm;
  /** Backend settings of a platform on this Slurm (login host 1, the lab partition, the shared work folder), and `extra`. */
  settings(timeLimitMin: number, extra?: Record<string, unknown>): string;
  sacct(expectIds?: readonly string[]): Promise<SacctJob[]>;
  campaignNamed(name: string): number;
  runsOf(id: number): { rows: RunRow[]; campaign: { state: string; paused: number; reason: string | null } } & ReturnType<typeof runFacts>;
  /** Every done run has exactly one Slurm job (COMPLETED, the stored id and nodes) and no run has two; returns how many were submitted. */
  oneJobPerRun(rows: RunRow[]): Promise<number>;
}

export async function slurmCampaignLab(config: LabConfig, hosts: number): Promise<SlurmCampaignLab> {
  const inv = await labUp({ hosts, config });
  const slurm = await slurmUp(config, inv);
  const data = await labDataDir(hosts, config);

  /** Every job in Slurm's accounting (sacct on the login node, all users, since the instance came up). */
  async function sacctOnce(): Promise<SacctJob[]> {
    const out = await inHost(data.inv.hosts[0]!, ['sacct', '-n', '-P', '-X', '-a', '--starttime=2000-01-01', '-o', 'JobID,JobName,State,NodeList']);
    return out
      .split('\n')
      .filter((l) => /^\d+\|/.test(l))
      .map((l) => {
        const [jobId, name, state, nodes] = l.split('|');
        return { jobId: jobId!, name: name!, state: state!, nodes: nodes! };
      });
  }

  /** sacct once slurmdbd has every job's end, and every job in `expect` (slurmctld sends records asynchronously: a
   *  short job's start and end can reach slurmdbd a few seconds after it ended). */
  async function sacct(expectIds: readonly string[] = []): Promise<SacctJob[]> {
    const end = Date.now() + 30_000;
    for (;;) {
      const jobs = await sacctOnce();
      const settled = !jobs.some((j) => /^(PENDING|RUNNING|COMPLETING)/.test(j.state)) && expectIds.every((id) => jobs.some((j) => j.jobId === id));
      if (settled || Date.now() > end) return jobs;
      await sleep(500);
    }
  }

  function campaignNamed(name: string): number {
    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      return (
        db.prepare('SELECT c.id FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE s.name = ? ORDER BY c.id DESC').get(name) as { id: number }
      ).id;
    } finally {
      db.close();
    }
  }

  function runsOf(id: number) {
    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT r.id, r.plan_index AS p, r.state, r.benchmark, r.node_count AS nodes, r.remote_run_id AS remote, r.job_id AS jobId, r.node_list AS nodeList, r.error
        FROM runs r WHERE r.campaign_id = ? ORDER BY r.id`,
        )
        .all(id) as RunRow[];
      const c = db.prepare('SELECT state, paused, pause_reason AS reason FROM campaigns WHERE id = ?').get(id) as {
        state: string;
        paused: number;
        reason: string | null;
      };
      return { rows, campaign: c, ...runFacts(db, id) };
    } finally {
      db.close();
    }
  }

  async function oneJobPerRun(rows: RunRow[]): Promise<number> {
    const submitted = rows.filter((r) => r.remote !== null);
    const byName = new Map<string, SacctJob[]>();
    for (const j of await sacct(submitted.flatMap((r) => (r.jobId ? [r.jobId] : [])))) byName.set(j.name, [...(byName.get(j.name) ?? []), j]);
    for (const r of submitted.filter((x) => x.state === 'done')) {
      const jobs = byName.get(`virtlab-${r.remote}`) ?? [];
      expect(jobs.length, `run ${r.id} ${r.benchmark}`).toBe(1);
      expect(jobs[0]!.jobId).toBe(r.jobId);
      expect(jobs[0]!.nodes, `run ${r.id} ${r.benchmark}`).toBe(r.nodeList);
      expect(jobs[0]!.state, `run ${r.id} ${r.benchmark}`).toBe('COMPLETED');
    }
    const ours = new Set(submitted.map((r) => `virtlab-${r.remote}`));
    for (const [name, jobs] of byName) if (ours.has(name)) expect(jobs.length, name).toBe(1);
    return submitted.length;
  }

  return {
    data,
    slurm,
    sacct,
    campaignNamed,
    runsOf,
    oneJobPerRun,
    settings: (timeLimitMin, extra = {}) =>
      JSON.stringify({ login: `${data.inv.prefix}-h01`, partition: slurm.partition, timeLimitMin, workDir: slurm.work, ...extra }),
  };
}
