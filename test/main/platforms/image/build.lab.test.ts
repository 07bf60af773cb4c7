// The benchmark image recipe over a lab host's verified SSH session: the host's own mirror is found, the lab's cached
// tarball (built once by the global setup) is found by its content-addressed name and its checksum re-verified, and
// the tarball holds every benchmark tool and what container runtimes need: unpacked and entered with nothing but
// IMAGE_PATH (what a container made from it gets), every tool resolves by its plain name and NPB EP builds and runs.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { npbMakeDef } from '../../../../main/benchmarks/npb/makedef.ts';
import { ensureImage, hostMirror } from '../../../../main/platforms/image/build.ts';
import { localCommandHost, sshCommandHost } from '../../../../main/platforms/image/image-host.ts';
import { BASE_TOOLS, IMAGE_PATH, recipeFor } from '../../../../main/platforms/image/recipe.ts';
import type { SshPool } from '../../../../main/ssh/pool.ts';
import { LAB_IMAGE_DIR, labImage } from '../../../lab/images.ts';
import { openLab, type Lab } from '../../ssh/support/lab.ts';

let lab: Lab;
let pool: SshPool;
beforeAll(async () => {
  lab = await openLab();
  pool = lab.pool();
});
afterAll(() => pool.closeAll());

it('finds the cached base image over a host session by its recipe name and checksum, and never rebuilds it', async () => {
  const cached = await labImage('base');
  const host = sshCommandHost(pool.host(lab.rootEndpoint(lab.inv.hosts[0]!)));
  const mirror = await hostMirror(host);
  const machine = await hostMirror(localCommandHost());
  expect(mirror).toEqual(machine); // the lab hosts share this machine's apt sources
  const img = await ensureImage(host, 'base', { dir: LAB_IMAGE_DIR, verify: true });
  expect(img).toEqual({ ...cached, reused: true });
  expect(img.path).toMatch(/\/virtlab-base-bookworm-[0-9a-f]{16}\.tar$/);
}, 120_000);

it('holds netperf, iozone, gfortran, make, both MPIs and the mount points container runtimes bind', async () => {
  const img = await labImage('base');
  const r = await localCommandHost().run(['tar', '-tf', img.path]);
  expect(r.code).toBe(0);
  const names = new Set(r.stdout.split('\n').map((l) => l.replace(/^\.\//, '').replace(/\/$/, '')));
  for (const f of [
    'usr/bin/netperf',
    'usr/bin/netserver',
    'usr/bin/iozone',
    'usr/bin/gfortran',
    'usr/bin/make',
    'usr/bin/mpirun.openmpi',
    'usr/bin/mpirun.mpich',
    'usr/bin/mpif90.openmpi',
    'etc/hosts',
    'etc/resolv.conf',
    'dev',
    'proc',
    'sys',
    'tmp',
    'home',
  ]) {
    expect(names.has(f), f).toBe(true);
  }
  // No address of VirtLab's own choosing: the image's apt source is the host's mirror, with non-free.
  const src = await localCommandHost().run(['tar', '-xOf', img.path, './etc/apt/sources.list']);
  const { mirror } = await hostMirror(localCommandHost());
  expect(src.stdout.trim()).toBe(`deb ${mirror} bookworm main non-free`);
}, 120_000);

it('inside the unpacked base, with only IMAGE_PATH, every tool resolves by its plain name and NPB EP builds and runs', async () => {
  const img = await labImage('base');
  const root = mkdtempSync('/var/tmp/vl-image-root-');
  const local = localCommandHost();
  const inImage = (script: string) =>
    local.run(['chroot', root, '/usr/bin/env', '-i', 'HOME=/root', `PATH=${IMAGE_PATH}`, '/bin/sh', '-c', script], { timeoutMs: 120_000 });
  try {
    expect((await local.run(['tar', '-C', root, '--numeric-owner', '-xf', img.path], { timeoutMs: 300_000 })).code).toBe(0);
    const where = await inImage(`for t in ${BASE_TOOLS.join(' ')}; do command -v "$t" || echo "$t: missing"; done`);
    expect(where.stdout.trim().split('\n')).toEqual(
      BASE_TOOLS.map((t) => expect.stringMatching(new RegExp(`^/usr/(s?bin|local/s?bin)/${t.replace(/\./g, '\\.')}$`))),
    );
    const check = await inImage(recipeFor('base', 'bookworm').check);
    expect({ code: check.code, err: check.stderr }).toEqual({ code: 0, err: '' });
    // The NPB test tree, with the make.def VirtLab writes for gfortran/gcc, built the way the runner builds it.
    const tree = join(root, 'root', 'NPB3.3-SER');
    cpSync(resolve(import.meta.dirname, '../../../fixtures/npb/NPB3.3-SER'), tree, { recursive: true, filter: (f) => !/\.(o|x)$/.test(f) });
    writeFileSync(
      join(tree, 'config', 'make.def'),
      npbMakeDef({ fc: 'gfortran', cc: 'gcc', hasBash: true, gfortranMajor: 12 }, { version: '3.3', variant: 'serial' }).text,
    );
    const build = await inImage('make -C /root/NPB3.3-SER ep CLASS=S >/dev/null && /root/NPB3.3-SER/bin/ep.S.x');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 600_000);

it('the VM image adds a kernel and initramfs inside the root file system and the seed unit', async () => {
  const img = await labImage('vm');
  const r = await localCommandHost().run(['tar', '-tf', img.path]);
  const names = r.stdout.split('\n');
  expect(names.some((n) => /^\.\/boot\/vmlinuz-/.test(n))).toBe(true);
  expect(names.some((n) => /^\.\/boot\/initrd\.img-/.test(n))).toBe(true);
  expect(names).toContain('./usr/local/sbin/virtlab-seed');
  expect(names.some((n) => /^\.\/etc\/ssh\/ssh_host_/.test(n))).toBe(false); // made at each VM's first boot
}, 120_000);
