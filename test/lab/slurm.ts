// A Slurm cluster on a lab instance: one munged (root namespace, its socket under the instance folder), slurmctld in
// host 1's namespaces and one slurmd per host, all with their own config, state, logs and pid files under
// <instance>/slurm/ (never /etc/slurm or /var/spool as shared state). Each host's mount namespace sees that config
// folder at /etc/slurm, so sbatch/squeue over ssh work as on a site; the root namespace's /etc/slurm is untouched.
import { existsSync, mkdirSync, readFileSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import * as C from './config.ts';
import type { LabConfig } from './config.ts';
import { run } from './exec.ts';
import type { LabHost, LabInventory } from './inventory.ts';
import { isAlive, stopPid, waitFor } from './pids.ts';
import { writeJson } from './state.ts';
import { accountingConfLines, accountingDown, accountingUp } from './slurm-accounting.ts';

export const SLURM_PARTITION = 'lab';
/** Time limit (minutes) of the lab partition: the backend's checks compare a run's limit against it. */
export const SLURM_PARTITION_MAX_MINUTES = 60;

export interface LabSlurm {
  /** Folder every host sees at /etc/slurm (slurm.conf, cgroup.conf). */
  etc: string;
  /** Folder on the filesystem all hosts share (not /tmp, /root, /home): job scripts and outputs go here. */
  work: string;
  /** Slurm's job completion log (jobcomp/filetxt): one line per finished job. */
  jobcomp: string;
  /** slurmdbd and its database run too: `sacct` answers for every job (test/lab/slurm-accounting.ts). */
  accounting: boolean;
  partition: string;
  controller: string;
  nodes: string[];
  pids: { munged: number; slurmctld: number; slurmd: Record<string, number>; mariadbd?: number; slurmdbd?: number };
}

export const slurmDirs = (c: LabConfig) => {
  const root = resolve(c.dir, 'slurm');
  return {
    root,
    munge: resolve(root, 'munge'),
    etc: resolve(root, 'etc'),
    state: resolve(root, 'state'),
    spool: resolve(root, 'spool'),
    log: resolve(root, 'log'),
    run: resolve(root, 'run'),
    work: resolve(root, 'work'),
    record: resolve(root, 'slurm.json'),
  };
};

export function slurmConf(c: LabConfig, hosts: LabHost[]): string {
  const d = slurmDirs(c);
  const ctl = hosts[0]!;
  return [
    '# Written by test/lab/slurm.ts',
    `ClusterName=${c.prefix}`,
    `SlurmctldHost=${ctl.name}(${ctl.address})`,
    'AuthType=auth/munge',
    `AuthInfo=socket=${resolve(d.munge, 'munge.socket.2')}`,
    'CredType=cred/munge',
    'SlurmUser=root',
    'SlurmdUser=root',
    `StateSaveLocation=${d.state}`,
    `SlurmdSpoolDir=${d.spool}/%n`,
    `SlurmctldPidFile=${d.run}/slurmctld.pid`,
    `SlurmdPidFile=${d.run}/slurmd-%n.pid`,
    `SlurmctldLogFile=${d.log}/slurmctld.log`,
    `SlurmdLogFile=${d.log}/slurmd-%n.log`,
    // Namespaces here have no cgroup hierarchy mounted: track processes by parentage, no task binding.
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    // Job records go to the instance's own slurmdbd (sacct); Slurm's job completion log records every finished job too.
    ...accountingConfLines(ctl, resolve(d.munge, 'munge.socket.2')),
    // sacct -B shows the batch script each job ran (what a container platform's job wrapped its command in).
    'AccountingStoreFlags=job_script',
    'JobCompType=jobcomp/filetxt',
    `JobCompLoc=${d.log}/jobcomp.txt`,
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'MpiDefault=none',
    // A node an administrator set down stays down until resumed (as on most sites); one that stopped answering returns.
    'ReturnToService=1',
    // Finished jobs stay visible to squeue/scontrol for an hour (the backend polls them there without accounting).
    'MinJobAge=3600',
    'SlurmctldTimeout=30',
    'SlurmdTimeout=60',
    ...hosts.map((h) => `NodeName=${h.name} NodeAddr=${h.address} CPUs=2 State=UNKNOWN`),
    `PartitionName=${SLURM_PARTITION} Nodes=ALL Default=YES MaxTime=${SLURM_PARTITION_MAX_MINUTES} State=UP`,
    '',
  ].join('\n');
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

const pidFileOf = (c: LabConfig, daemon: string) => resolve(slurmDirs(c).run, `${daemon}.pid`);

/** Runs argv inside a host's namespaces (its sshd's mount, net and uts namespaces). */
export async function inHost(h: LabHost, argv: string[]): Promise<string> {
  const r = await run('nsenter', ['-t', String(h.pids.sshd), '-m', '-n', '-u', '--', ...argv]);
  return r.stdout;
}

// Binds the instance's config folder at /etc/slurm inside the host's private mount namespace (idempotent).
const BIND_ETC = 'mountpoint -q /etc/slurm || mount --bind "$1" /etc/slurm';

export function readLabSlurm(c: LabConfig): LabSlurm | undefined {
  const f = slurmDirs(c).record;
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as LabSlurm) : undefined;
}

/** Brings Slurm up on every host of the instance (fresh state each time); returns where things are. */
export async function slurmUp(c: LabConfig, inv: LabInventory): Promise<LabSlurm> {
  await slurmDown(c);
  const d = slurmDirs(c);
  for (const dir of [d.root, d.munge, d.etc, d.state, d.spool, d.log, d.run, d.work]) mkdirSync(dir, { recursive: true });
  // munged refuses a socket folder others can write to, and a key others can read.
  for (const dir of [d.root, d.munge]) chmodSync(dir, 0o755);
  const key = resolve(d.munge, 'munge.key');
  if (!existsSync(key)) writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  writeFileSync(resolve(d.etc, 'slurm.conf'), slurmConf(c, inv.hosts));
  writeFileSync(resolve(d.etc, 'cgroup.conf'), 'CgroupPlugin=cgroup/v1\n');
  rmSync(resolve(d.log, 'jobcomp.txt'), { force: true });
  const ctl = inv.hosts[0]!;

  await run('munged', [
    '-S',
    resolve(d.munge, 'munge.socket.2'),
    `--key-file=${key}`,
    `--log-file=${d.log}/munged.log`,
    `--pid-file=${pidFileOf(c, 'munged')}`,
    `--seed-file=${resolve(d.munge, 'munged.seed')}`,
  ]);
  const munged = await waitFor('munged pid file', () => readPid(pidFileOf(c, 'munged')));
  const record: LabSlurm = {
    etc: d.etc,
    work: d.work,
    jobcomp: resolve(d.log, 'jobcomp.txt'),
    accounting: true,
    partition: SLURM_PARTITION,
    controller: ctl.name,
    nodes: inv.hosts.map((h) => h.name),
    pids: { munged, slurmctld: 0, slurmd: {} },
  };
  writeJson(d.record, record);
  await Promise.all(inv.hosts.map((h) => inHost(h, ['sh', '-c', BIND_ETC, 'bind-etc', d.etc])));
  Object.assign(
    record.pids,
    await accountingUp({ slurmRoot: d.root, etc: d.etc, logDir: d.log, mungeSocket: resolve(d.munge, 'munge.socket.2'), ctl, clusterName: c.prefix, inHost }),
  );
  writeJson(d.record, record);
  // -c: a clean start (no jobs or node states from an earlier run of this instance).
  await inHost(ctl, ['slurmctld', '-c', '-f', '/etc/slurm/slurm.conf']);
  record.pids.slurmctld = await waitFor('slurmctld pid file', () => readPid(pidFileOf(c, 'slurmctld')));
  writeJson(d.record, record);
  for (const h of inv.hosts) {
    await inHost(h, ['slurmd', '-N', h.name]);
    record.pids.slurmd[h.name] = await waitFor(`slurmd pid file of ${h.name}`, () => readPid(pidFileOf(c, `slurmd-${h.name}`)));
    writeJson(d.record, record);
  }
  await waitIdle(ctl, inv.hosts.length);
  return record;
}

async function waitIdle(ctl: LabHost, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = await inHost(ctl, ['sinfo', '-h', '-N', '-o', '%N %T']).catch(() => '');
    const idle = out.split('\n').filter((l) => / idle$/.test(l)).length;
    if (idle === n) return;
    if (Date.now() > deadline) throw new Error(`Slurm nodes not idle after 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops the instance's Slurm daemons by their recorded pids (slurmd, slurmctld, munged) and forgets them. */
export async function slurmDown(c: LabConfig): Promise<void> {
  const d = slurmDirs(c);
  const rec = readLabSlurm(c);
  const slurmd = rec ? Object.values(rec.pids.slurmd) : [];
  await Promise.all(slurmd.map((p) => stopPid(p)));
  await stopPid(rec?.pids.slurmctld ?? readPid(pidFileOf(c, 'slurmctld')));
  await accountingDown(d.root, rec?.pids);
  await stopPid(rec?.pids.munged ?? readPid(pidFileOf(c, 'munged')));
  rmSync(d.record, { force: true });
  for (const dir of [d.state, d.spool, d.run]) rmSync(dir, { recursive: true, force: true });
}

/** A host name of the instance (for tests that set a node down). */
export const slurmNode = (c: LabConfig, i: number): string => C.hostName(c, i);
