// Cancel under load (issue 9.8): a 2-node NPB EP MPI run (class D: it cannot end by itself within the test) is
// cancelled through the CLI while CPU hogs saturate the machine from inside both hosts. Afterwards no process of
// the job is left on either host, found in /proc by what was recorded (the runner's pid, which is also the job's
// process group, the job's folders: the run folder mpirun works in and the NPB tree the ranks run from), never by name;
// and the run is recorded as cancelled, not as an endpoint that went down. Its run folder is removed like a finished
// run's, and the MPI key the campaign installed between the hosts leaves with it.
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../../main/config/data-dir.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { labDown, labUp, spawnIn, stopPid, type LabConfig, type LabHost } from '../../lab/api.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { waitFor } from '../../lab/pids.ts';
import { endpointNetns } from '../../lab/proc-watch.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';
import { cli, labDataDir, type LabData } from './support/lab-campaign.ts';

const config: LabConfig = LAB_INSTANCES.cancelUnderLoad;
/** Hogs per host: two hosts x two hogs keep both of the machine's cores busy. */
const HOGS_PER_HOST = 2;

const SCENARIO = `
name: cancel under load
platforms: [native]
baseline: native
benchmarks:
  - benchmark: npb
    params: { kernels: [EP], classes: [D], variants: [mpi], mpiNodes: [2] }
repetitions: 1
`;

/** A process as /proc shows it; `start` (clock ticks after boot) tells a reused pid from the original. */
interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  start: number;
  cwd: string;
  exe: string;
  netns: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3 (state).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (f[0] === 'Z' || f[0] === 'X') return undefined;
    const link = (what: string) => {
      try {
        return readlinkSync(`/proc/${pid}/${what}`);
      } catch {
        return '';
      }
    };
    return { pid, ppid: Number(f[1]), pgid: Number(f[2]), start: Number(f[19]), cwd: link('cwd'), exe: link('exe'), netns: link('ns/net') };
  } catch {
    return undefined; // gone meanwhile
  }
}

function processesIn(netns: ReadonlySet<string>): Proc[] {
  const out: Proc[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const p = readProc(Number(e));
    if (p && netns.has(p.netns)) out.push(p);
  }
  return out;
}

const stillThere = (p: Proc) => readProc(p.pid)?.start === p.start;

let data: LabData;
let hosts: LabHost[];
const hogs: number[] = [];

beforeAll(async () => {
  const inv = await labUp({ hosts: 2, config });
  hosts = inv.hosts.slice(0, 2);
  data = await labDataDir(2, config);
}, 180_000);

afterAll(async () => {
  for (const pid of hogs) await stopPid(pid);
  data?.cleanup();
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 120_000);

describe('cancelling a multi-node MPI run while the hosts are loaded', () => {
  it('stops mpirun, its daemons and every rank on every host, and records the run as cancelled', async () => {
    const file = join(data.dir, 'cancel.yaml');
    writeFileSync(file, SCENARIO);
    const mpiKeyLines = () =>
      hosts.map((h) =>
        readFileSync(join(h.dir, 'home', '.ssh', 'authorized_keys'), 'utf8')
          .split('\n')
          .filter((l) => l.includes('virtlab-mpi-')),
      );
    const keysBefore = mpiKeyLines();
    const run = cli(data.dir, [
      'scenario',
      'run',
      file,
      '--known-hosts',
      data.inv.knownHostsPath,
      '--npb-source',
      npbTestTarball(),
      '--quiet',
      '--poll-ms',
      '300',
    ]);
    const db = openDatabase({ path: databaseFile(data.dir), readonly: true });
    try {
      // The job is started once the run is 'running' with its remote id; its runner's pid file is in the head's home.
      const started = await waitFor(
        'the MPI run to start',
        () => {
          const failed = db.prepare("SELECT error FROM runs WHERE campaign_id = 1 AND state = 'failed'").get() as { error: string } | undefined;
          if (failed) throw new Error(`the run failed before it could be cancelled: ${failed.error}`);
          return db.prepare("SELECT id, remote_run_id AS rid FROM runs WHERE campaign_id = 1 AND state = 'running' AND remote_run_id IS NOT NULL").get() as
            { id: number; rid: string } | undefined;
        },
        300_000,
      );
      const runFolder = `/.virtlab/runs/${started.rid}`;
      const runner = await waitFor('the runner pid file', () => {
        try {
          return Number(readFileSync(join(hosts[0]!.dir, 'home', runFolder, 'pid'), 'utf8').trim()) || undefined;
        } catch {
          return undefined;
        }
      });

      // Load: CPU hogs inside both hosts, started and later stopped by their own pids.
      for (const h of hosts) {
        for (let i = 0; i < HOGS_PER_HOST; i++) hogs.push(spawnIn(h, ['sh', '-c', 'while :; do :; done']).pid!);
      }

      // The job's processes while it runs: on the head the runner's process group (mpirun and the shells before it)
      // and whatever works in the run's folder; on every host the ranks, which run the kernel built in the job's NPB
      // tree (~/.virtlab/npb/), with the chain that started them up to the host's sshd (Open MPI's daemon and the
      // SSH session mpirun opened for it) and every child.
      const netns = new Set(hosts.map((h) => endpointNetns(h)));
      const headNetns = endpointNetns(hosts[0]!);
      const daemons = new Set(hosts.map((h) => h.pids.sshd));
      const isRank = (p: Proc) => p.exe.includes('/.virtlab/npb/');
      const jobOf = (all: Proc[]): Proc[] => {
        const byPid = new Map(all.map((p) => [p.pid, p]));
        const job = new Map<number, Proc>();
        for (const p of all) {
          if (!((p.netns === headNetns && p.pgid === runner) || p.cwd.endsWith(runFolder) || isRank(p))) continue;
          for (let q: Proc | undefined = p; q && !daemons.has(q.pid) && q.pid !== 1; q = byPid.get(q.ppid)) job.set(q.pid, q);
        }
        for (let grew = true; grew;) {
          grew = false;
          for (const p of all)
            if (!job.has(p.pid) && job.has(p.ppid)) {
              job.set(p.pid, p);
              grew = true;
            }
        }
        return [...job.values()];
      };
      const during = await waitFor(
        'a rank of the job on both hosts',
        () => {
          const job = jobOf(processesIn(netns));
          const ranksOn = new Set(job.filter(isRank).map((p) => p.netns));
          return ranksOn.size === netns.size ? job : undefined;
        },
        300_000,
      ).catch((e: Error) => {
        const seen = processesIn(netns)
          .map((p) => `${p.pid} ppid ${p.ppid} pgid ${p.pgid} ${p.exe} in ${p.cwd}`)
          .join('\n');
        throw new Error(`${e.message}; runner ${runner}, processes on the hosts:\n${seen}`);
      });
      expect(during.some((p) => p.pid === runner)).toBe(true);

      const cancel = cli(data.dir, ['campaign', 'cancel', '1']);
      expect(await cancel.exit, cancel.stderr()).toBe(0);
      const code = await run.exit;
      expect(run.stderr()).not.toMatch(/down/i);
      expect(code).not.toBeNull();

      const r = db.prepare('SELECT state, error FROM runs WHERE id = ?').get(started.id) as { state: string; error: string | null };
      expect(r.state).toBe('cancelled');
      expect(r.error ?? '').not.toMatch(/endpoint .* down|no SSH handshake/);
      const transitions = db.prepare('SELECT to_state AS state, detail FROM run_transitions WHERE run_id = ? ORDER BY id').all(started.id) as {
        state: string;
        detail: string | null;
      }[];
      expect(transitions.at(-1)?.state).toBe('cancelled');
      expect(transitions.some((t) => /endpoint .* down/.test(t.detail ?? ''))).toBe(false);
      expect((db.prepare('SELECT state FROM campaigns WHERE id = 1').get() as { state: string }).state).toBe('cancelled');

      // Nothing of the job is left: not one of the processes seen while it ran (same pid and start time), and no
      // process on either host in the job's process group or its folder. The cap only guards against a hang; a
      // process still there after it fails the test, and so does a run that says it could not be stopped.
      const left = () => [...during.filter(stillThere), ...jobOf(processesIn(netns))];
      await waitFor('the job to be gone', () => left().length === 0, 60_000).catch(() => undefined);
      expect(left().map((p) => `${p.pid} ${p.exe} in ${p.cwd}`)).toEqual([]);
      expect(r.error ?? '').not.toMatch(/could not be stopped/);
      expect(r.error ?? '').not.toMatch(/could not be removed/);
      expect(existsSync(join(hosts[0]!.dir, 'home', runFolder))).toBe(false);
      expect(mpiKeyLines()).toEqual(keysBefore);
      expect(during.filter(isRank).length).toBeGreaterThanOrEqual(2);
    } finally {
      db.close();
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 600_000);
});
