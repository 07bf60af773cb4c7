// The declared technology against real systemd-detect-virt values: agreement, and contradictions with a message.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkTechnology, DETECTED_CONTAINERS } from '../../../main/lab-model/detect-virt.ts';
import { TECHNOLOGIES, technologyOfGuestKind } from '../../../main/lab-model/technology.ts';

describe('checkTechnology', () => {
  it('agrees when native hosts detect nothing and containers detect their runtime', () => {
    expect(checkTechnology({ technology: 'native' }, { virt: 'none' })).toMatchObject({ status: 'agrees' });
    expect(checkTechnology({ technology: 'os-level', product: 'Docker' }, { container: 'docker' })).toMatchObject({ status: 'agrees' });
    expect(checkTechnology({ technology: 'os-level', product: 'LXC' }, { virt: 'lxc-libvirt' })).toMatchObject({ status: 'agrees' });
    expect(checkTechnology({ technology: 'hw-vm', product: 'KVM' }, { virt: 'kvm' })).toMatchObject({ status: 'agrees' });
    expect(checkTechnology({ technology: 'full-virt', product: 'QEMU TCG' }, { vm: 'qemu' })).toMatchObject({ status: 'agrees' });
    expect(checkTechnology({ technology: 'para-virt', product: 'Xen PV' }, { vm: 'xen' })).toMatchObject({ status: 'agrees' });
  });

  it('says so when "native" is itself a VM (this lab: hosts on a KVM guest)', () => {
    const r = checkTechnology({ technology: 'native' }, { virt: 'kvm' });
    expect(r.status).toBe('contradicts');
    expect(r.message).toMatch(/declared native.*kvm.*itself a virtual machine/);
  });

  it('catches the wrong class and the wrong product', () => {
    expect(checkTechnology({ technology: 'hw-vm', product: 'KVM' }, { vm: 'qemu' }).message).toMatch(/emulated/);
    expect(checkTechnology({ technology: 'os-level', product: 'Docker' }, { container: 'podman' }).message).toMatch(/declared product "Docker".*podman/);
    expect(checkTechnology({ technology: 'os-level', product: 'Podman' }, { virt: 'none' }).status).toBe('contradicts');
    expect(checkTechnology({ technology: 'hw-vm' }, { container: 'docker' }).message).toMatch(/docker container/);
    expect(checkTechnology({ technology: 'full-virt' }, { vm: 'kvm' }).message).toMatch(/hardware-assisted/);
    expect(checkTechnology({ technology: 'para-virt' }, { vm: 'kvm' }).status).toBe('contradicts');
    expect(checkTechnology({ technology: 'os-level', product: 'Apptainer' }, { container: 'none' }).message).toMatch(/Apptainer does not announce/);
  });

  it('reports a container inside a VM as a container (systemd-detect-virt prefers the container)', () => {
    const r = checkTechnology({ technology: 'os-level', product: 'Docker' }, { virt: 'docker', vm: 'kvm' });
    expect(r).toMatchObject({ status: 'agrees' });
    expect(r.message).toContain('inside a kvm VM');
  });

  it('is unknown, not agreeing, without facts', () => {
    for (const t of TECHNOLOGIES) expect(checkTechnology({ technology: t }, {}).status).toBe('unknown');
  });

  it("classifies what this machine's systemd-detect-virt really prints", () => {
    let out: string;
    try {
      out = execFileSync('systemd-detect-virt', { encoding: 'utf8' }).trim();
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '').trim();
    }
    expect(out.length).toBeGreaterThan(0);
    const r = checkTechnology({ technology: 'native' }, { virt: out });
    if (out === 'none') expect(r.status).toBe('agrees');
    else expect(r.status).toBe('contradicts');
    expect(r.message.length).toBeGreaterThan(10);
  });

  it("maps the contract's guest kinds onto the taxonomy", () => {
    expect(technologyOfGuestKind('kvm')).toBe('hw-vm');
    expect(technologyOfGuestKind('qemu')).toBe('full-virt');
    expect(technologyOfGuestKind('docker')).toBe('os-level');
    expect(technologyOfGuestKind('xen')).toBeUndefined();
    expect(DETECTED_CONTAINERS).toContain('podman');
  });
});
