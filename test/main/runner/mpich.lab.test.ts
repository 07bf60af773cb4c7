// MPICH and MPI keys on a lab instance of their own (vp-, 10.221): the NPB test tree built with MPICH's wrappers
// (mpif90.mpich) and run with Hydra (ssh launcher = the app's wrapper with the platform key and known_hosts, -iface on
// the lab interface) on 1, 2 and 4 hosts; the same endpoints then default to the MPI `mpirun --version` reports (Open
// MPI here) in a tree of its own; the benchmark driver's NPB preparation takes a scenario's `mpi: mpich`. MPI keys:
// after removal no endpoint authorizes the platform key and its files are gone; a second install works again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectMpiImpl } from '../../../main/runner/mpi/detect.ts';
import { checkMpiKeys, installMpiKeys, removeMpiKeys } from '../../../main/runner/mpi/keys.ts';
import { runNpb } from '../../../main/runner/npb/run.ts';
import { mustRun, remoteHome, run, shArgv, type BenchEndpoint } from '../../../main/runner/remote.ts';
import { NpbPreparer } from '../../../main/runner/run-driver/npb-prepare.ts';
import { runSpec } from '../../../main/runner/run-driver/spec.ts';
import type { NpbSpec } from '../../../main/benchmarks/npb/spec.ts';
import { sweepPoints } from '../../../main/scenarios/points.ts';
import { Scenario } from '../../../main/contract/scenarios.ts';
import { execIn } from '../../lab/api.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { labBench, type LabBench } from './lab-bench.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';

let lab: LabBench;
let work: string;
let tarball: string;
let hosts: BenchEndpoint[];

/** Shared libraries a binary on an endpoint links (ldd). */
async function links(ep: BenchEndpoint, binary: string): Promise<string> {
  return (await mustRun(ep, ['ldd', binary], `ldd ${binary}`)).stdout;
}

const read = async (ep: BenchEndpoint, path: string) => (await mustRun(ep, shArgv('cat -- "$1" 2>/dev/null; true', path), `reading ${path}`)).stdout;
const exists = async (ep: BenchEndpoint, path: string) =>
  (await mustRun(ep, shArgv('[ -e "$1" ] && echo yes || echo no', path), `checking ${path}`)).stdout.trim() === 'yes';

/** ssh from `from` to `to` with a private key file on `from` only (IdentitiesOnly, strict host keys, no agent). */
async function sshWithKey(from: BenchEndpoint, keyFile: string, to: BenchEndpoint): Promise<{ code: number | null; stderr: string }> {
  const r = await run(
    from,
    [
      'ssh',
      '-F',
      '/dev/null',
      '-i',
      keyFile,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'IdentityAgent=none',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'ConnectTimeout=10',
      `root@${to.address}`,
      'echo',
      'in=1',
    ],
    { timeoutMs: 30_000 },
  );
  return { code: r.code, stderr: r.stderr };
}

beforeAll(async () => {
  lab = await labBench(4, LAB_INSTANCES.mpich);
  // Homes outlive `lab down`: start from nothing staged, built or authorized on this private instance.
  for (const h of lab.inv.hosts) {
    await execIn(h, [
      'sh',
      '-c',
      'rm -rf /root/.virtlab; f=/root/.ssh/authorized_keys; grep -v virtlab-mpi- "$f" > "$f.t" || true; mv "$f.t" "$f"; chmod 600 "$f"',
    ]);
  }
  work = mkdtempSync(join(tmpdir(), 'virtlab-mpich-'));
  tarball = npbTestTarball();
  hosts = await Promise.all(lab.inv.hosts.slice(0, 4).map((h) => lab.bench(h)));
}, 120_000);

afterAll(async () => {
  if (hosts) {
    for (const id of ['mpich-lab', 'openmpi-lab', 'keys-lab']) await removeMpiKeys(id, hosts).catch(() => undefined);
  }
  rmSync(work, { recursive: true, force: true });
  await lab?.close();
});

describe('MPICH on lab endpoints', () => {
  it("builds the test tree with MPICH's wrappers and runs EP and IS class S on 1, 2 and 4 hosts with Hydra, verification SUCCESSFUL", async () => {
    const t0 = Date.now();
    const r = await runNpb({
      endpoints: hosts,
      source: { kind: 'file', path: tarball },
      mpiKeyId: 'mpich-lab',
      params: { kernels: ['EP', 'IS'], class: 'S', variant: 'mpi', nodeCounts: [1, 2, 4], mpi: 'mpich' },
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('ok');
    expect(r.verified).toBe(true);
    expect(r.info.mpi).toBe('mpich');
    expect(r.versions.mpi).toMatch(/^MPICH .*4\.\d/);
    const builds = r.commands.filter((c) => c.argv[0] === 'make');
    expect(builds).toHaveLength(8); // EP and IS on each of the 4 endpoints
    for (const b of builds) {
      // EP is Fortran, IS is C: each compiled and linked by MPICH's wrapper.
      expect(b.stdout).toMatch(b.argv.includes('ep') ? /^mpif90\.mpich .*-o \.\.\/bin\/ep\.S\.x/m : /^mpicc\.mpich .*-o \.\.\/bin\/is\.S\.x/m);
      expect(b.argv[2]).toMatch(/\/\.virtlab\/npb\/[0-9a-f]{16}\/build-mpich\/NPB3\.4-MPI$/);
    }
    const runs = r.commands.filter((c) => c.label.startsWith('npb '));
    expect(runs.map((c) => c.label)).toEqual([
      'npb EP.S mpi x1',
      'npb IS.S mpi x1',
      'npb EP.S mpi x2',
      'npb IS.S mpi x2',
      'npb EP.S mpi x4',
      'npb IS.S mpi x4',
    ]);
    for (const c of runs) {
      expect(c.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
      expect(c.argv[0]).toMatch(/mpiexec\.mpich$/);
      expect(c.argv.slice(1, 8)).toEqual(['-n', String(c.point!.nodes), '-f', expect.stringMatching(/hostfile-mpich-\d$/), '-ppn', '1', '-launcher']);
      // Hydra reaches the other hosts through the platform key's wrapper, on the lab interface only.
      const wrapper = c.argv[c.argv.indexOf('-launcher-exec') + 1];
      expect(wrapper).toBe('/root/.virtlab/mpi/mpich-lab/ssh');
      expect(c.argv).toEqual(expect.arrayContaining(['-iface', 'eth0', 'UCX_NET_DEVICES', 'eth0']));
      expect(c.stdout).toMatch(new RegExp(`(Total number of processes|Number of processes):\\s+${String(c.point!.nodes)}\\b`));
    }
    // Every endpoint's binaries link MPICH, not Open MPI.
    for (const ep of hosts) {
      for (const k of ['ep', 'is']) {
        const ldd = await links(ep, `/root/.virtlab/npb/${r.info.sha256!.toString().slice(0, 16)}/build-mpich/NPB3.4-MPI/bin/${k}.S.x`);
        expect(ldd).toMatch(/libmpich\.so/);
        expect(ldd).not.toMatch(/libmpi\.so/);
      }
    }
    console.log(
      `[mpich] ${r.versions.mpi}; ${r.metrics
        .filter((m) => m.name === 'time')
        .map((m) => `${m.point.kernel} x${m.point.nodes}: ${m.value}s`)
        .join(', ')}; whole test ${Date.now() - t0} ms`,
    );
  }, 600_000);

  it("without a named MPI takes what mpirun --version reports (Open MPI here), built in a tree of its own next to MPICH's", async () => {
    expect(await detectMpiImpl(hosts[0]!)).toBe('openmpi');
    const t0 = Date.now();
    const r = await runNpb({
      endpoints: hosts.slice(0, 2),
      source: { kind: 'file', path: tarball },
      mpiKeyId: 'openmpi-lab',
      params: { kernels: ['EP'], class: 'S', variant: 'mpi', nodeCounts: [2] },
    });
    expect(r.error).toBeUndefined();
    expect(r.verified).toBe(true);
    expect(r.info.mpi).toBe('openmpi');
    expect(r.info.mpiFrom).toBe(`mpirun --version on ${hosts[0]!.name}`);
    const runCmd = r.commands.find((c) => c.label === 'npb EP.S mpi x2')!;
    expect(runCmd.argv[0]).toMatch(/mpirun\.openmpi$/);
    expect(runCmd.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
    const dir = `/root/.virtlab/npb/${String(r.info.sha256).slice(0, 16)}`;
    expect(await links(hosts[1]!, `${dir}/build-openmpi/NPB3.4-MPI/bin/ep.S.x`)).toMatch(/libmpi\.so/);
    // MPICH's build is untouched by the Open MPI one.
    expect(await links(hosts[1]!, `${dir}/build-mpich/NPB3.4-MPI/bin/ep.S.x`)).toMatch(/libmpich\.so/);
    expect(r.versions.mpi).toMatch(/Open MPI|OpenRTE/);
    console.log(`[openmpi default] ${r.versions.mpi}; EP x2 ${r.metrics.find((m) => m.name === 'time')?.value}s; ${Date.now() - t0} ms`);
  }, 600_000);

  it("takes a scenario's mpi: mpich through the benchmark driver's NPB preparation, and the job command runs", async () => {
    const scenario = Scenario.parse({
      name: 'mpich',
      platforms: ['native'],
      benchmarks: [{ benchmark: 'npb', params: { kernels: ['is'], classes: ['S'], variants: ['mpi'], mpiNodes: [2], mpi: 'mpich' } }],
    });
    const [point] = sweepPoints(scenario.benchmarks[0]!);
    const spec = runSpec({ benchmark: 'npb-mpi', params: point!.params, nodeCount: point!.nodeCount });
    const build = spec.requirements.find((r) => r.kind === 'build');
    if (build?.kind !== 'build') throw new Error('not an NPB build');
    const npbSpec = build.spec as NpbSpec;
    expect(npbSpec.mpi).toBe('mpich');
    const preparer = new NpbPreparer({ kind: 'file', path: tarball }, () => 22);
    const home = await remoteHome(hosts[0]!);
    const folder = `${home}/.virtlab/runs/mpich-driver`;
    const cmd = await preparer.prepare(
      hosts.slice(0, 2),
      npbSpec,
      () => folder,
      () => {},
    );
    expect(cmd.argv[0]).toMatch(/mpiexec\.mpich$/);
    expect(cmd.argv).toEqual(expect.arrayContaining(['-launcher-exec', '-iface', 'eth0']));
    expect(cmd.notes).toContain('mpi mpich');
    expect(cmd.hostfile![1]).toBe(`${hosts[0]!.address}:1\n${hosts[1]!.address}:1\n`);
    // What the detached job does: write the hostfile, then run the command.
    await mustRun(hosts[0]!, shArgv('mkdir -p -- "$(dirname "$1")" && cat > "$1"', cmd.hostfile![0]), 'writing the hostfile', { stdin: cmd.hostfile![1] });
    const out = await run(hosts[0]!, cmd.argv, { timeoutMs: 120_000 });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
    // The driver's own key pair for this endpoint set.
    const id = cmd.argv[cmd.argv.indexOf('-launcher-exec') + 1]!.split('/').at(-2)!;
    await removeMpiKeys(id, hosts.slice(0, 2));
  }, 600_000);
});

describe('MPI keys on lab endpoints', () => {
  it("removal takes the platform key out of every endpoint's authorized_keys and deletes its files; a second install works again", async () => {
    const t0 = Date.now();
    const peers = hosts.map((ep) => ({ endpoint: ep, port: 22 }));
    const before = await Promise.all(hosts.map((ep) => read(ep, '/root/.ssh/authorized_keys')));
    const keys = await installMpiKeys('keys-lab', peers);
    await checkMpiKeys(keys, peers);
    const pub = (await read(hosts[0]!, '/root/.virtlab/mpi/keys-lab/id_ed25519.pub')).trim().split(/\s+/).slice(0, 2).join(' ');
    expect(pub).toMatch(/^ssh-ed25519 AAAA/);
    for (const ep of hosts) {
      const ak = await read(ep, '/root/.ssh/authorized_keys');
      expect(ak.split('\n').filter((l) => l.includes('virtlab-mpi-keys-lab'))).toHaveLength(1);
      expect(ak).toContain(pub);
    }
    // Keep a copy of the private key where it survives removal (host 0's own /tmp), and prove it logs in.
    const saved = '/tmp/virtlab-old-mpi-key';
    await mustRun(hosts[0]!, shArgv('umask 077; cp -- "$1" "$2"', '/root/.virtlab/mpi/keys-lab/id_ed25519', saved), 'saving the key');
    expect((await sshWithKey(hosts[0]!, saved, hosts[1]!)).code).toBe(0);

    await removeMpiKeys('keys-lab', hosts);
    for (const [i, ep] of hosts.entries()) {
      const ak = await read(ep, '/root/.ssh/authorized_keys');
      expect(ak).not.toContain('virtlab-mpi-keys-lab');
      expect(ak).not.toContain(pub);
      expect(ak).toBe(before[i]); // every other line (the lab's own key) as it was
      expect(await exists(ep, '/root/.virtlab/mpi/keys-lab')).toBe(false);
      expect((await mustRun(ep, shArgv('stat -c %a -- "$1"', '/root/.ssh/authorized_keys'), 'mode')).stdout.trim()).toBe('600');
    }
    for (const to of hosts) {
      const denied = await sshWithKey(hosts[0]!, saved, to);
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toMatch(/Permission denied/);
    }
    // Removing again is harmless.
    await removeMpiKeys('keys-lab', hosts);

    const again = await installMpiKeys('keys-lab', peers);
    await checkMpiKeys(again, peers);
    const pub2 = (await read(hosts[0]!, '/root/.virtlab/mpi/keys-lab/id_ed25519.pub')).trim().split(/\s+/).slice(0, 2).join(' ');
    expect(pub2).not.toBe(pub); // a fresh pair
    for (const ep of hosts) {
      const ak = await read(ep, '/root/.ssh/authorized_keys');
      expect(ak.split('\n').filter((l) => l.includes('virtlab-mpi-keys-lab'))).toHaveLength(1);
      expect(ak).toContain(pub2);
    }
    // The old key stays refused.
    expect((await sshWithKey(hosts[0]!, saved, hosts[2]!)).stderr).toMatch(/Permission denied/);
    await mustRun(hosts[0]!, ['rm', '-f', '--', saved], 'removing the saved key');
    await removeMpiKeys('keys-lab', hosts);
    for (const ep of hosts) expect(await exists(ep, '/root/.virtlab/mpi/keys-lab')).toBe(false);
    console.log(`[mpi keys] install, check, remove, reinstall on ${hosts.length} endpoints: ${Date.now() - t0} ms`);
  }, 300_000);
});
