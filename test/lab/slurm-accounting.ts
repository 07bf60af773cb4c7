// Slurm accounting on a lab instance, so `sacct` answers as on a site: a private MariaDB (Debian's mariadbd, its own
// data folder, socket and pid file under <instance>/slurm/db, listening only on host 1's own loopback) and slurmdbd in
// host 1's namespaces (its slurmdbd.conf beside slurm.conf, mode 0600 as slurmdbd demands). Both are started fresh at
// every slurmUp and removed at slurmDown (job ids restart at 1 with slurmctld's clean start, so an old database would hold other jobs under
// the same ids) and stopped by their recorded pids.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { run } from './exec.ts';
import type { LabHost } from './inventory.ts';
import { isAlive, stopPid, waitFor } from './pids.ts';

/** Port of slurmdbd on host 1's address, and of MariaDB on host 1's own loopback (a private network namespace). */
export const SLURMDBD_PORT = 6819;
const DB_PORT = 3306;
const DB_NAME = 'slurm_acct_db';
const DB_USER = 'slurm';

export const accountingDirs = (slurmRoot: string) => {
  const db = resolve(slurmRoot, 'db');
  return { db, data: resolve(db, 'data'), run: resolve(db, 'run'), log: resolve(db, 'log'), init: resolve(db, 'init.sql') };
};

/** The slurm.conf lines that send job records to the instance's slurmdbd. */
export const accountingConfLines = (ctl: LabHost, mungeSocket: string): string[] => [
  'AccountingStorageType=accounting_storage/slurmdbd',
  `AccountingStorageHost=${ctl.address}`,
  `AccountingStoragePort=${SLURMDBD_PORT}`,
  // With munge, this names the munge socket the accounting connections use (slurm.conf's AuthInfo does not cover them).
  `AccountingStoragePass=${mungeSocket}`,
];

export function slurmdbdConf(o: { ctl: LabHost; mungeSocket: string; logDir: string; runDir: string; password: string }): string {
  return [
    '# Written by test/lab/slurm-accounting.ts',
    'AuthType=auth/munge',
    `AuthInfo=socket=${o.mungeSocket}`,
    `DbdHost=${o.ctl.name}`,
    `DbdAddr=${o.ctl.address}`,
    `DbdPort=${SLURMDBD_PORT}`,
    'SlurmUser=root',
    `LogFile=${o.logDir}/slurmdbd.log`,
    `PidFile=${o.runDir}/slurmdbd.pid`,
    'StorageType=accounting_storage/mysql',
    'StorageHost=127.0.0.1',
    `StoragePort=${DB_PORT}`,
    `StorageUser=${DB_USER}`,
    `StoragePass=${o.password}`,
    `StorageLoc=${DB_NAME}`,
    '',
  ].join('\n');
}

const readPid = (file: string): number | undefined => {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && isAlive(pid) ? pid : undefined;
};

type InHost = (h: LabHost, argv: string[]) => Promise<string>;

/** A fresh database and slurmdbd in host 1's namespaces; returns their pids. slurm.conf must already name it. */
export async function accountingUp(o: {
  slurmRoot: string;
  etc: string;
  logDir: string;
  mungeSocket: string;
  ctl: LabHost;
  clusterName: string;
  inHost: InHost;
}): Promise<{ mariadbd: number; slurmdbd: number }> {
  const d = accountingDirs(o.slurmRoot);
  rmSync(d.db, { recursive: true, force: true });
  for (const dir of [d.db, d.run, d.log]) mkdirSync(dir, { recursive: true });
  // Small buffers: the lab's database holds a few hundred job records.
  const dbOptions = ['--no-defaults', `--datadir=${d.data}`, '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=8M'];
  await run('mariadb-install-db', [...dbOptions, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db', '--skip-name-resolve']);
  const password = randomBytes(18).toString('base64url');
  writeFileSync(
    d.init,
    [`CREATE USER IF NOT EXISTS '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${password}';`, `GRANT ALL ON \`${DB_NAME}\`.* TO '${DB_USER}'@'127.0.0.1';`, ''].join(
      '\n',
    ),
    { mode: 0o600 },
  );
  const dbPidFile = resolve(d.run, 'mariadbd.pid');
  // mariadbd stays in the foreground: started detached inside host 1's namespaces, found by its pid file.
  await o.inHost(o.ctl, [
    'sh',
    '-c',
    'ip link set lo up; "$@" </dev/null >/dev/null 2>&1 &',
    'mariadbd',
    'mariadbd',
    ...dbOptions,
    `--socket=${resolve(d.run, 'mysqld.sock')}`,
    `--pid-file=${dbPidFile}`,
    '--bind-address=127.0.0.1',
    `--port=${DB_PORT}`,
    '--user=root',
    '--skip-name-resolve',
    `--init-file=${d.init}`,
    `--log-error=${resolve(d.log, 'mariadbd.log')}`,
  ]);
  const mariadbd = await waitFor('mariadbd pid file', () => readPid(dbPidFile), 60_000);
  writeFileSync(resolve(o.etc, 'slurmdbd.conf'), slurmdbdConf({ ctl: o.ctl, mungeSocket: o.mungeSocket, logDir: o.logDir, runDir: d.run, password }), {
    mode: 0o600,
  });
  const dbdPidFile = resolve(d.run, 'slurmdbd.pid');
  await o.inHost(o.ctl, ['slurmdbd']);
  const slurmdbd = await waitFor('slurmdbd pid file', () => readPid(dbdPidFile), 60_000);
  // The cluster's record, so slurmctld's registration and every job record are accepted (sacctmgr waits for slurmdbd).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await o
      .inHost(o.ctl, ['sh', '-c', 'sacctmgr -i add cluster "$1" >/dev/null 2>&1; sacctmgr -n -P list cluster format=Cluster', 'acct', o.clusterName])
      .catch(() => '');
    if (r.split('\n').includes(o.clusterName)) break;
    if (Date.now() > deadline) throw new Error(`slurmdbd did not register cluster ${o.clusterName} in 60 s (see ${o.logDir}/slurmdbd.log)`);
    await new Promise((r2) => setTimeout(r2, 500));
  }
  return { mariadbd, slurmdbd };
}

/** Stops slurmdbd, then MariaDB (by recorded pid, else pid file); the database is removed at the next up. */
export async function accountingDown(slurmRoot: string, pids?: { mariadbd?: number; slurmdbd?: number }): Promise<void> {
  const d = accountingDirs(slurmRoot);
  await stopPid(pids?.slurmdbd ?? readPid(resolve(d.run, 'slurmdbd.pid')));
  // InnoDB flushes on SIGTERM: give it time before SIGKILL.
  const mariadbd = pids?.mariadbd ?? readPid(resolve(d.run, 'mariadbd.pid'));
  await stopPid(mariadbd, 15_000);
  if (!isAlive(mariadbd)) rmSync(d.db, { recursive: true, force: true });
}
