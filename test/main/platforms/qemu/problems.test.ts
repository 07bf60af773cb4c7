// Every bad input of a plain-QEMU platform is found by check() before any run, each in one sentence naming the host.
// The probe output is this machine's own (a KVM guest whose /dev/kvm cannot boot a stock guest: no vmx/svm).
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../../main/platforms/qemu/host-probe.ts';
import { acceleratorFor, qemuProblems, type HostCheck } from '../../../../main/platforms/qemu/problems.ts';
import { qemuSettings, type QemuSettings } from '../../../../main/platforms/qemu/settings.ts';

const THIS_MACHINE = `uid=0
tool.qemu-system-x86_64=1
tool.qemu-img=1
tool.mkfs.ext4=1
tool.ip=1
tool.ssh=1
tool.ssh-keygen=1
tool.flock=1
cpus=2
memkib=24684092
kvm=1
virtflags=0
forward=1
bridge=0
`;
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMm2hY3Jp0m6f3o0gq8S1u7cG6b8bB8xw0Fv1kQv3Q0a virtlab';
const settings = (over: Record<string, unknown> = {}): QemuSettings =>
  qemuSettings.parse({ addresses: ['10.237.1.3', '10.237.2.3'], authorizedKeys: [KEY], accelerator: 'tcg', ...over });
const hosts = (probe = THIS_MACHINE): HostCheck[] => [
  { name: 'h01', address: '10.237.0.11', probe: parseProbe(probe) },
  { name: 'h02', address: '10.237.0.12', probe: parseProbe(probe) },
];

describe('qemuProblems', () => {
  it('finds nothing wrong with 1 vCPU and 1 GiB under TCG on this machine', () => {
    expect(qemuProblems(settings(), hosts(), new Set())).toEqual([]);
  });

  it('QEMU missing: names the tools and the install plan', () => {
    const p = qemuProblems(
      settings(),
      hosts(THIS_MACHINE.replace('tool.qemu-system-x86_64=1', 'tool.qemu-system-x86_64=0').replace('tool.qemu-img=1', 'tool.qemu-img=0')),
      new Set(),
    );
    expect(p[0]).toBe(
      'host h01 lacks qemu-system-x86_64, qemu-img, which plain-QEMU VMs need; install with: apt-get install --no-install-recommends qemu-system-x86 qemu-utils e2fsprogs iproute2 openssh-client util-linux',
    );
    expect(p).toHaveLength(2);
  });

  it('KVM asked for where it cannot boot a guest, TCG not allowed: refused, with why; allowed: TCG', () => {
    const p = qemuProblems(settings({ accelerator: 'kvm' }), hosts(), new Set());
    expect(p[0]).toBe(
      'host h01: KVM cannot run on this host (/dev/kvm exists but the CPU shows no vmx/svm, so KVM cannot boot a stock guest here); allow TCG (full emulation: every figure then says so) or use hosts with hardware virtualization',
    );
    expect(qemuProblems(settings({ accelerator: 'kvm', allowTcg: true }), hosts(), new Set())).toEqual([]);
    expect(acceleratorFor(settings({ accelerator: 'kvm', allowTcg: true }), parseProbe(THIS_MACHINE))).toEqual({ accel: 'tcg' });
    expect(acceleratorFor(settings({ accelerator: 'kvm' }), parseProbe(THIS_MACHINE.replace('virtflags=0', 'virtflags=1')))).toEqual({ accel: 'kvm' });
    expect(acceleratorFor(settings({ accelerator: 'kvm' }), parseProbe(THIS_MACHINE.replace('kvm=1', 'kvm=0')))).toEqual({
      error: expect.stringContaining('(it has no usable /dev/kvm)'),
    });
  });

  it('vCPUs or memory above the host: refused with both figures', () => {
    const p = qemuProblems(settings({ vcpus: 4, memoryMiB: 32768 }), hosts(), new Set());
    expect(p).toContain('host h01 has 2 CPU(s), fewer than the 4 vCPUs asked for each VM');
    expect(p).toContain('host h02 has 24105 MiB of memory, not more than the 32768 MiB asked for each VM');
  });

  it('base image missing or corrupt (checksum), kernel or initramfs missing', () => {
    const image = { source: 'file', path: '/srv/vm/base.qcow2', format: 'qcow2', sha256: 'a'.repeat(64), kernel: '/srv/vm/vmlinuz', initrd: '/srv/vm/initrd' };
    const missing = qemuProblems(settings({ image }), hosts(`${THIS_MACHINE}image=\nkernel=1\ninitrd=0\n`), new Set());
    expect(missing).toContain('host h01 has no base image /srv/vm/base.qcow2');
    expect(missing).toContain('host h01 has no initramfs /srv/vm/initrd');
    const corrupt = qemuProblems(settings({ image }), hosts(`${THIS_MACHINE}image=${'b'.repeat(64)}\nkernel=1\ninitrd=1\n`), new Set());
    expect(corrupt).toContain(`host h02: base image /srv/vm/base.qcow2 is corrupt or another file (sha256 ${'b'.repeat(64)}, expected ${'a'.repeat(64)})`);
  });

  it("address clash: twice the same, a host's own, the gateway, or one that already answers", () => {
    const p = qemuProblems(settings({ addresses: ['10.237.0.11', '10.237.0.11', '10.237.9.9'], gateway: '10.237.9.9' }), hosts(), new Set(['10.237.9.9']));
    expect(p).toEqual([
      'address clash: 10.237.0.11 is the address of host h01',
      'address clash: 10.237.0.11 is given to two VMs',
      'address clash: 10.237.0.11 is the address of host h01',
      "address clash: 10.237.9.9 is also the VMs' gateway",
      'address clash: 10.237.9.9 already answers on the network, so another machine has it',
    ]);
    expect(qemuProblems(settings({ addresses: ['10.237.1.3'] }), hosts(), new Set())).toEqual([
      'settings.addresses names 1 VM address(es) for 2 hosts: one per host',
    ]);
  });

  it("CPU model: host or a named model refused where the VMs run under TCG, a model the host's QEMU does not know refused", () => {
    const qemuKnows = `${THIS_MACHINE}cpumodels=Skylake-Server qemu32 qemu64 base host max \n`;
    expect(qemuProblems(settings({ cpuModel: 'host' }), hosts(qemuKnows), new Set())).toEqual(
      ['h01', 'h02'].map(
        (h) => `host ${h}: CPU model host passes the host's CPU through, which only KVM can, and this host's VMs run under TCG; use max or qemu64`,
      ),
    );
    // KVM asked, TCG allowed as the fallback: this machine's hosts fall back, so the same refusal.
    expect(qemuProblems(settings({ accelerator: 'kvm', allowTcg: true, cpuModel: 'host' }), hosts(qemuKnows), new Set())[0]).toMatch(
      /^host h01: CPU model host passes the host's CPU through, which only KVM can/,
    );
    expect(qemuProblems(settings({ cpuModel: 'Skylake-Server,+avx2' }), hosts(qemuKnows), new Set())[0]).toBe(
      "host h01: CPU model Skylake-Server asks for CPU features TCG does not emulate (QEMU would drop them), and this host's VMs run under TCG; use max, qemu64, qemu32",
    );
    for (const ok of ['max', 'qemu64', 'qemu64,+ssse3']) expect(qemuProblems(settings({ cpuModel: ok }), hosts(qemuKnows), new Set())).toEqual([]);
    // Under KVM (a host with vmx/svm): host and named models are fine when that QEMU knows them.
    const kvmHost = qemuKnows.replace('virtflags=0', 'virtflags=1');
    for (const ok of ['host', 'Skylake-Server']) expect(qemuProblems(settings({ accelerator: 'kvm', cpuModel: ok }), hosts(kvmHost), new Set())).toEqual([]);
    expect(qemuProblems(settings({ accelerator: 'kvm', cpuModel: 'Zen9' }), hosts(kvmHost), new Set())[1]).toBe(
      'host h02: its QEMU knows no CPU model Zen9 (qemu-system-x86_64 -cpu help lists them)',
    );
  });

  it('not root, no bridge, no forwarding on a routed network', () => {
    const p = qemuProblems(settings({ network: { mode: 'bridge', bridge: 'br0' } }), hosts(THIS_MACHINE.replace('uid=0', 'uid=1000')), new Set());
    expect(p).toContain("host h01: VirtLab's session there is not root (uid 1000), and making a VM's tap needs root");
    expect(p).toContain("host h01 has no bridge br0 for the VMs' taps");
    expect(qemuProblems(settings(), hosts(THIS_MACHINE.replace('forward=1', 'forward=0')), new Set())[0]).toMatch(/^host h01 does not forward IPv4/);
  });
});

describe('qemuSettings', () => {
  it('refuses a key that is not an OpenSSH public key and an address that is not IPv4', () => {
    const r = qemuSettings.safeParse({ addresses: ['10.0.0.300'], authorizedKeys: ['-----BEGIN OPENSSH PRIVATE KEY-----'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'addresses.0: an IPv4 address',
      'authorizedKeys.0: an OpenSSH public key line',
    ]);
  });
});
