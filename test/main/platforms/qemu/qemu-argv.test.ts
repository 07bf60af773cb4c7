import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { consoleTail, hostKeyFromConsole } from '../../../../main/platforms/qemu/console.ts';
import { DEL_DIR_SCRIPT } from '../../../../main/platforms/qemu/host-scripts.ts';
import { qemuArgv } from '../../../../main/platforms/qemu/qemu-argv.ts';
import { qemuSettings } from '../../../../main/platforms/qemu/settings.ts';
import { vmNames } from '../../../../main/platforms/qemu/vm-names.ts';
import { inVmHome, sshIntoVm } from '../../../../main/platforms/qemu/vm-ssh.ts';

const s = qemuSettings.parse({ addresses: ['10.237.1.3'], authorizedKeys: ['ssh-ed25519 AAAA x'], accelerator: 'tcg' });
const files = { overlay: '/v/c7-5bce-h1/overlay.qcow2', seed: '/v/c7-5bce-h1/seed.img', kernel: '/i/x.vmlinuz', initrd: '/i/x.initrd', root: 'LABEL=vlroot' };

it('names a VM by campaign, platform and host position, within interface-name limits', () => {
  expect(vmNames('/v/', 7, 'vm', 1)).toEqual({
    dir: '/v/c7-5bce-h1',
    tap: 'q5bce7x1',
    name: 'virtlab-c7-5bce-h1',
    mac: '52:5b:ce:00:07:01',
    home: '/v/c7-5bce-home',
    control: '/v/c7-5bce-h1/ssh.ctl',
  });
  expect(vmNames('/v', 123456789, 'x'.repeat(64), 999).tap.length).toBeLessThanOrEqual(15);
});

it('gives two QEMU platforms of one campaign on the same hosts no name in common', () => {
  const [a, b] = ['vm', 'vm2'].map((p) => vmNames('/v', 7, p, 1));
  for (const k of ['dir', 'tap', 'name', 'mac', 'home', 'control'] as const) expect(a![k]).not.toBe(b![k]);
  // Teardown's folder removal (DEL_DIR_SCRIPT, through a real shell) still accepts the VM's folder and its home.
  const root = mkdtempSync(join(tmpdir(), 'vl-vm-names-'));
  try {
    const n = vmNames(root, 7, 'vm', 1);
    for (const d of [n.dir, n.home]) {
      mkdirSync(d);
      execFileSync('sh', ['-c', DEL_DIR_SCRIPT, 'virtlab-qemu', d]);
      expect(existsSync(d)).toBe(false);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('boots under TCG with a small translation cache, the overlay, a read-only seed, a tap and a pidfile', () => {
  const argv = qemuArgv(s, 'tcg', vmNames('/v', 7, 'vm', 1), files);
  const at = (flag: string) => argv[argv.indexOf(flag) + 1];
  expect(at('-accel')).toBe('tcg,tb-size=256');
  expect(at('-cpu')).toBe('max');
  expect([at('-smp'), at('-m')]).toEqual(['1', '1024M']);
  expect(argv).toContain('file=/v/c7-5bce-h1/overlay.qcow2,if=virtio,format=qcow2');
  expect(argv).toContain('file=/v/c7-5bce-h1/seed.img,if=virtio,format=raw,readonly=on');
  expect(at('-netdev')).toBe('tap,id=n0,ifname=q5bce7x1,script=no,downscript=no');
  expect(at('-serial')).toBe('file:/v/c7-5bce-h1/console.log');
  expect(at('-pidfile')).toBe('/v/c7-5bce-h1/qemu.pid');
  expect(at('-append')).toContain('root=LABEL=vlroot');
  expect(at('-virtfs')).toBe('local,path=/v/c7-5bce-home,mount_tag=vlhome,security_model=none,id=vlhome');
  // The platform's CPU model under KVM too (max there: every feature the host's KVM offers; host when asked).
  const kvm = qemuArgv({ ...s, diskBus: 'ide', nicModel: 'e1000', cpuModel: 'host' }, 'kvm', vmNames('/v', 7, 'vm', 1), files);
  expect(kvm[kvm.indexOf('-cpu') + 1]).toBe('host');
  expect(qemuArgv({ ...s, cpuModel: 'qemu64' }, 'kvm', vmNames('/v', 7, 'vm', 1), files)).toEqual(expect.arrayContaining(['-cpu', 'qemu64']));
  expect(kvm).toEqual(expect.arrayContaining(['kvm', 'file=/v/c7-5bce-h1/seed.img,if=ide,format=raw', 'e1000,netdev=n0,mac=52:5b:ce:00:07:01']));
});

it("reads the host key the guest printed on its console, and the console's last lines without control characters", () => {
  const text = '[  OK  ] Started ssh.service\r\n\x1b[0;32mVIRTLAB-HOSTKEY ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK root@vm\r\nlast\r\n';
  expect(hostKeyFromConsole(text)).toBeUndefined(); // an escape sequence before the marker: not at a line start
  expect(hostKeyFromConsole('x\nVIRTLAB-HOSTKEY ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK root@vm\n')).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK');
  expect(consoleTail(text, 2)).toBe('VIRTLAB-HOSTKEY ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK root@vm\nlast');
});

it('runs a command in the VM over one multiplexed ssh connection, host key checked strictly, in the shared home', () => {
  const n = vmNames('/v', 7, 'vm', 1);
  const argv = sshIntoVm(n, '10.237.2.3', inVmHome(n, ['netserver', '-p', '20001', '-D']));
  expect(argv.slice(0, 3)).toEqual(['ssh', '-F', 'none']);
  for (const o of [
    'StrictHostKeyChecking=yes',
    'UserKnownHostsFile=/v/c7-5bce-h1/known_hosts',
    'ControlMaster=auto',
    'ControlPath=/v/c7-5bce-h1/ssh.ctl',
    'BatchMode=yes',
  ])
    expect(argv).toContain(o);
  expect(argv.slice(-3)).toEqual(['root@10.237.2.3', '--', `env 'HOME=/v/c7-5bce-home' sh -c 'cd "$HOME" && exec "$@"' virtlab-guest netserver -p 20001 -D`]);
});
