// MPI across LXC system containers: what one rank's command does on a host, run through a real shell with a stand-in
// lxc-attach that reports its argv, its working folder, whether its stdout is a terminal, and exits with a given code.
// The launcher's daemon gives a rank a pty as stdout (script(1) plays that part here). And a rank whose lxc-attach is
// killed dies with it, with a stand-in that runs the command as its child the way lxc-attach does.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lxcProvider } from '../../../../main/platforms/lxc/provider.ts';
import { lxcSettings } from '../../../../main/platforms/lxc/settings.ts';
import { toShellCommand } from '../../../../main/ssh/quote.ts';

const settings = lxcSettings.parse({ imageArchive: '/img/base.tar' });
const mpi = lxcProvider.mpi(settings);
if (mpi.kind !== 'wrapped') throw new Error(`expected the wrapped model, got ${mpi.kind}`);
const prefix = mpi.rankPrefix({ campaignId: 7, platform: 'lx', settings });

// The stand-in: its argv one per line, its folder, whether stdout is a terminal, 300 numbered lines, then exit $CODE.
const STAND_IN = `#!/bin/sh
printf 'argv %s\\n' "$@"
echo "pwd $PWD"
if [ -t 1 ]; then echo "stdout tty"; else echo "stdout not a tty"; fi
i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i + 1)); done
exit "\${CODE:-0}"
`;

let dir: string;
let home: string;
let tmp: string;
let bin: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lxc-rank-'));
  home = join(dir, 'home');
  tmp = join(dir, 'tmp');
  bin = join(dir, 'bin');
  for (const d of [tmp, bin, join(home, '.virtlab/guests/virtlab-c7-lx'), join(home, '.virtlab/runs/42')]) mkdirSync(d, { recursive: true });
  // prepare wrote the host's container name into the guest folder (one path on every host).
  writeFileSync(join(home, '.virtlab/guests/virtlab-c7-lx/lxc-container'), 'virtlab-c7-lx-1\n');
  writeFileSync(join(bin, 'lxc-attach'), STAND_IN, { mode: 0o755 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const env = (code = 0) => ({ PATH: `${bin}:/usr/bin:/bin`, HOME: home, TMPDIR: tmp, CODE: String(code), OMPI_COMM_WORLD_RANK: '1' });
const rankCommand = (binary = 'ep.S.2') => toShellCommand([...prefix, binary, '-x y']);

describe('an MPI rank in an LXC container', () => {
  it("attaches to the host's container in its mount and PID namespaces only, keeps the launcher's variables, starts in the run folder", () => {
    expect(prefix.slice(0, 2)).toEqual(['sh', '-c']);
    expect(prefix.at(-1)).toBe('virtlab-lxc-rank');
    expect(mpi.network).toMatch(/^the host network \(each rank through lxc-attach into its host's container's mount and PID namespaces only/);
    const run = join(home, '.virtlab/runs/42');
    const out = execFileSync('sh', ['-c', rankCommand()], { encoding: 'utf8', cwd: run, env: env() });
    const argv = out
      .split('\n')
      .filter((l) => l.startsWith('argv '))
      .map((l) => l.slice(5));
    expect(argv).toEqual([
      '-n',
      'virtlab-c7-lx-1',
      '-s',
      'MOUNT|PID',
      '--keep-env',
      '-v',
      `HOME=${home}/.virtlab/guests/virtlab-c7-lx`,
      '--',
      'sh',
      '-c',
      'cd "$1" || exit 1; shift; if command -v setpriv >/dev/null 2>&1; then k="setpriv --pdeathsig KILL --"; else k=; fi; exec $k "$@"',
      'virtlab-lxc-rank',
      run,
      'ep.S.2',
      '-x y',
    ]);
    // Started elsewhere (a host without the run folder): the guest's home.
    const elsewhere = execFileSync('sh', ['-c', rankCommand()], { encoding: 'utf8', cwd: dir, env: env() });
    expect(elsewhere).toContain(`argv ${home}/.virtlab/guests/virtlab-c7-lx\nargv ep.S.2\n`);
  });

  it("gives lxc-attach a pipe, not the daemon's pty, as stdout, passes all of its output and its exit code, and leaves no FIFO", () => {
    const r = spawnSync('script', ['-qefc', rankCommand(), '/dev/null'], { encoding: 'utf8', cwd: dir, env: env(3) });
    expect(r.stdout).toContain('stdout not a tty');
    expect(r.stdout.split(/\r?\n/).filter((l) => /^line \d+$/.test(l))).toHaveLength(300);
    expect(r.stdout).toMatch(/line 299\s*$/);
    expect(r.status).toBe(3);
    expect(readdirSync(tmp)).toEqual([]);
    // The same check sees the pty when the command itself runs on it (what lxc-attach got before the pipe).
    const direct = spawnSync('script', ['-qefc', `${join(bin, 'lxc-attach')}`, '/dev/null'], { encoding: 'utf8', env: env() });
    expect(direct.stdout).toContain('stdout tty');
  });

  // Like lxc-attach: the command after -- runs as its child, and the stand-in waits for it. It records the pid of the
  // command the daemon started (its parent), its own and the rank's.
  const forkingStandIn = () =>
    writeFileSync(
      join(bin, 'lxc-attach'),
      `#!/bin/sh\necho $PPID > "${dir}/command.pid"\necho $$ > "${dir}/attach.pid"\nwhile [ "$1" != -- ]; do shift; done; shift\n"$@" &\necho $! > "${dir}/rank.pid"\nwait $!\n`,
      { mode: 0o755 },
    );
  const pidIn = async (file: string): Promise<number> => {
    for (let i = 0; i < 200 && !existsSync(join(dir, file)); i++) await sleep(25);
    return Number(readFileSync(join(dir, file), 'utf8'));
  };
  const alive = (pid: number): boolean => {
    try {
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return false;
    }
  };
  /** Starts a rank running `sleep 600` and waits until the sleep runs; the pids of the chain. */
  const startRank = async () => {
    forkingStandIn();
    const job = spawn('sh', ['-c', toShellCommand([...prefix, 'sleep', '600'])], { cwd: dir, env: env(), stdio: 'ignore' });
    const ended = new Promise((resolve) => job.on('exit', resolve));
    const [command, attach, rank] = [await pidIn('command.pid'), await pidIn('attach.pid'), await pidIn('rank.pid')];
    // The rank has become the sleep (setpriv execs it).
    for (let i = 0; i < 200 && !readFileSync(`/proc/${rank}/cmdline`, 'utf8').startsWith('sleep'); i++) await sleep(25);
    expect(readFileSync(`/proc/${rank}/cmdline`, 'utf8').split('\0')[0]).toBe('sleep');
    return { command, attach, rank, ended };
  };
  /** The processes of `pids` still alive after up to 5 s (killed then, so nothing outlives the test). */
  const survivors = async (pids: number[]): Promise<number[]> => {
    for (let i = 0; i < 200 && pids.some(alive); i++) await sleep(25);
    const left = pids.filter(alive);
    for (const p of left) process.kill(p, 'SIGKILL');
    return left;
  };

  it('kills the rank when its lxc-attach is killed (lxc-attach forwards no signal to it)', async () => {
    const { attach, rank, ended } = await startRank();
    process.kill(attach, 'SIGTERM');
    await ended;
    expect(await survivors([rank])).toEqual([]);
  });

  it("kills lxc-attach and the rank when the command the launcher's daemon started is SIGKILLed", async () => {
    const { command, attach, rank } = await startRank();
    process.kill(command, 'SIGKILL');
    expect(await survivors([attach, rank])).toEqual([]);
  });

  it('fails plainly when the guest folder names no container (the platform was not prepared on this host)', () => {
    rmSync(join(home, '.virtlab/guests/virtlab-c7-lx/lxc-container'));
    const r = spawnSync('sh', ['-c', rankCommand()], { encoding: 'utf8', cwd: dir, env: env() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/lxc-container: No such file/);
    expect(r.stdout).toBe('');
  });
});
