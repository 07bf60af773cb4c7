// A site's base image is checked before any run with the real qemu-img (the probe script run by the real shell on real
// files): its format is what qemu-img info finds, not what the platform says; an overlay on another file (a backing
// chain), qcow2's corrupt flag and a file qemu-img cannot open are refused, each in one sentence naming the host; the
// checksum is compared only when the platform gives one (and the image is then not hashed at all).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { localCommandHost } from '../../../../main/platforms/image/image-host.ts';
import { parseProbe, probeArgv } from '../../../../main/platforms/qemu/host-probe.ts';
import { qemuProblems } from '../../../../main/platforms/qemu/problems.ts';
import { qemuSettings } from '../../../../main/platforms/qemu/settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'vl-qemu-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const host = localCommandHost();
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMm2hY3Jp0m6f3o0gq8S1u7cG6b8bB8xw0Fv1kQv3Q0a virtlab';
const qemuImg = (...args: string[]) => execFileSync('qemu-img', args, { stdio: 'pipe' });

/** The image's sentences for a platform naming `path` as `format`: this machine's tools, uid and memory are not tested here. */
async function imageProblems(path: string, format: 'raw' | 'qcow2', sha256?: string): Promise<string[]> {
  const s = qemuSettings.parse({
    addresses: ['10.237.1.3'],
    authorizedKeys: [KEY],
    accelerator: 'tcg',
    image: { source: 'file', path, format, kernel: path, initrd: path, ...(sha256 ? { sha256 } : {}) },
  });
  const r = await host.run(probeArgv(s));
  expect(r.code).toBe(0);
  return qemuProblems(s, [{ name: 'h01', address: '10.237.0.11', probe: parseProbe(r.stdout) }], new Set()).filter((p) => p.includes(path));
}

it('takes a standalone image in the format the platform says, without hashing it when no checksum is given', async () => {
  const raw = join(dir, 'plain.raw');
  writeFileSync(raw, Buffer.alloc(1 << 20));
  const qcow = join(dir, 'plain.qcow2');
  qemuImg('create', '-q', '-f', 'qcow2', qcow, '1M');
  expect(await imageProblems(raw, 'raw')).toEqual([]);
  expect(await imageProblems(qcow, 'qcow2')).toEqual([]);
  // No checksum given: not hashed (the hash's sidecar is what a hash leaves behind).
  expect(existsSync(`${qcow}.virtlab-sum`)).toBe(false);
});

it('refuses an image whose format is not the one the platform says, both ways', async () => {
  const raw = join(dir, 'really-raw.img');
  writeFileSync(raw, Buffer.alloc(1 << 20));
  const qcow = join(dir, 'really-qcow2.img');
  qemuImg('create', '-q', '-f', 'qcow2', qcow, '1M');
  expect(await imageProblems(raw, 'qcow2')).toEqual([
    `host h01: base image ${raw} is raw (qemu-img info), not qcow2 as the platform says; set image.format to what the file is`,
  ]);
  expect(await imageProblems(qcow, 'raw')).toEqual([
    `host h01: base image ${qcow} is qcow2 (qemu-img info), not raw as the platform says; set image.format to what the file is`,
  ]);
});

it('refuses an overlay on another file (a backing chain), even when that file is gone', async () => {
  const under = join(dir, 'under.qcow2');
  const over = join(dir, 'over.qcow2');
  qemuImg('create', '-q', '-f', 'qcow2', under, '1M');
  qemuImg('create', '-q', '-f', 'qcow2', '-b', under, '-F', 'qcow2', over);
  const sentence = `host h01: base image ${over} is an overlay whose data is partly in ${under} (a backing chain): give a standalone image (qemu-img convert -O qcow2 ${over} NEW)`;
  expect(await imageProblems(over, 'qcow2')).toEqual([sentence]);
  rmSync(under);
  expect(await imageProblems(over, 'qcow2')).toEqual([sentence]);
});

it("refuses a qcow2 QEMU marked corrupt, and one qemu-img cannot open, with qemu-img's own words", async () => {
  const marked = join(dir, 'marked.qcow2');
  qemuImg('create', '-q', '-f', 'qcow2', marked, '1M');
  // qcow2 header: incompatible_features (8 bytes, big-endian) at offset 72; bit 1 is the corrupt flag.
  execFileSync('sh', ['-c', `printf '\\002' | dd of="$1" bs=1 seek=79 conv=notrunc status=none`, 'sh', marked]);
  expect(await imageProblems(marked, 'qcow2')).toEqual([
    `host h01: base image ${marked} is marked corrupt by QEMU (qcow2's corrupt flag); repair it (qemu-img check -r all) or use another`,
  ]);
  const cut = join(dir, 'cut.qcow2');
  execFileSync('sh', ['-c', 'head -c 20 "$1" >"$2"', 'sh', marked, cut]);
  const [only, ...more] = await imageProblems(cut, 'qcow2');
  expect(more).toEqual([]);
  expect(only).toMatch(new RegExp(`^host h01: qemu-img cannot read base image ${cut} \\(qemu-img: Could not open '${cut}': .+\\)$`));
});

it("lists the CPU models this machine's QEMU knows (the start check refuses others)", async () => {
  const s = qemuSettings.parse({ addresses: ['10.237.1.3'], authorizedKeys: [KEY], accelerator: 'tcg' });
  const models = parseProbe((await host.run(probeArgv(s))).stdout).cpuModels;
  expect(models).toEqual(expect.arrayContaining(['max', 'qemu64', 'host']));
  expect(models.every((m) => /^[A-Za-z0-9_.-]+$/.test(m))).toBe(true);
});

it('compares the checksum when one is given: the right one passes, another one is refused with the real sum', async () => {
  const raw = join(dir, 'summed.raw');
  writeFileSync(raw, Buffer.alloc(4096, 7));
  const real = execFileSync('sha256sum', [raw], { encoding: 'utf8' }).split(' ')[0]!;
  expect(await imageProblems(raw, 'raw', real)).toEqual([]);
  expect(await imageProblems(raw, 'raw', 'e'.repeat(64))).toEqual([
    `host h01: base image ${raw} is corrupt or another file (sha256 ${real}, expected ${'e'.repeat(64)})`,
  ]);
});
