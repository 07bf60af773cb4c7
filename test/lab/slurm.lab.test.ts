// The lab's Slurm: munged, slurmctld, slurmdbd with its own MariaDB, and one slurmd per host of the 'vq' instance;
// sinfo, sbatch and sacct work over ssh as on a site, and lab:down stops every daemon by its pid.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, labDown, labSsh, labUp, slurmUp } from './api.ts';
import type { LabInventory, LabSlurm } from './api.ts';
import { LAB_INSTANCES } from './instances.ts';
import { slurmDirs } from './slurm.ts';

const config = LAB_INSTANCES.slurm;
let inv: LabInventory;
let slurm: LabSlurm;

beforeAll(async () => {
  inv = await labUp({ hosts: 3, config });
  slurm = await slurmUp(config, inv);
}, 120_000);

afterAll(async () => {
  await labDown(config);
}, 120_000);

describe('lab Slurm', () => {
  it('shows every host as an idle node of the lab partition, from a host over ssh', async () => {
    const out = await labSsh(inv.hosts[1]!, ['sinfo', '-h', '-N', '-o', "'%N|%P|%T'"], inv);
    expect(out.trim().split('\n').sort()).toEqual(inv.hosts.map((h) => `${h.name}|${slurm.partition}*|idle`));
  });

  it('runs an sbatch job on two nodes; its output lands in the shared work folder and Slurm logs one job', async () => {
    const out = resolve(slurm.work, 'lab-test-%j.out');
    const id = (
      await labSsh(
        inv.hosts[0]!,
        ['sbatch', '--parsable', '-N', '2', '--ntasks-per-node=1', '-J', 'lab-test', '-o', out, '--wrap', "'srun hostname; echo nodes=$SLURM_JOB_NODELIST'"],
        inv,
      )
    ).trim();
    expect(id).toMatch(/^\d+$/);
    const file = out.replace('%j', id);
    const deadline = Date.now() + 60_000;
    while (!(existsSync(slurm.jobcomp) && readFileSync(slurm.jobcomp, 'utf8').includes(`JobId=${id} `))) {
      if (Date.now() > deadline) throw new Error(`job ${id} not finished in 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.slice(0, 2).sort()).toEqual([inv.hosts[0]!.name, inv.hosts[1]!.name]);
    expect(lines[2]).toBe(`nodes=${inv.hosts[0]!.name.slice(0, -2)}[01-02]`);
    const record = readFileSync(slurm.jobcomp, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`JobId=${id} `));
    expect(record).toHaveLength(1);
    expect(record[0]).toContain('JobState=COMPLETED');
    // The same job in Slurm's accounting, asked from another node. Accounting is written behind the job: a fresh-clone
    // run once saw this job as '1|allocation|COMPLETED|<first node>' before its own record, so wait for the job's name.
    const deadline2 = Date.now() + 60_000;
    let acct = '';
    while (
      !(acct = await labSsh(inv.hosts[2]!, ['sacct', '-n', '-P', '-X', `--jobs=${id}`, '-o', 'JobID,JobName,State,NodeList'], inv)).includes(
        '|lab-test|COMPLETED|',
      )
    ) {
      if (Date.now() > deadline2) throw new Error(`sacct never showed job ${id} completed: ${acct}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(acct.trim()).toBe(`${id}|lab-test|COMPLETED|${inv.hosts[0]!.name.slice(0, -2)}[01-02]`);
  });

  it('lab down stops munged, slurmctld, slurmdbd, its MariaDB and every slurmd by pid, and removes the database', async () => {
    const pids = [slurm.pids.munged, slurm.pids.slurmctld, slurm.pids.slurmdbd, slurm.pids.mariadbd, ...Object.values(slurm.pids.slurmd)];
    expect(pids).not.toContain(undefined);
    expect(pids.every((p) => isAlive(p))).toBe(true);
    await labDown(config);
    expect(pids.filter((p) => isAlive(p))).toEqual([]);
    expect(existsSync(slurmDirs(config).record)).toBe(false);
    expect(existsSync(resolve(slurmDirs(config).root, 'db'))).toBe(false);
  });
});
