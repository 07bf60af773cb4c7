// Emulation read from stored facts: a QEMU TCG guest's real probe output says so (systemd-detect-virt "qemu", QEMU's
// TCG CPU model); a lab host (itself a KVM guest) and a lab container guest do not.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parseFacts } from '../../../main/facts/parse.ts';
import { emulationNote, emulatorOf } from '../../../main/lab-model/emulation.ts';

const facts = (name: string) => parseFacts(readFileSync(resolve(import.meta.dirname, '../../fixtures/outputs/facts', name), 'utf8'));

it('finds TCG in the facts of a QEMU guest without KVM, and no emulator on hosts, KVM guests or containers', () => {
  const vm = facts('lab-tcg-vm.txt');
  expect(vm.virtualization.vm).toBe('qemu');
  expect(emulatorOf(vm)).toBe('TCG');
  // Either sign alone is enough: the CPU model (what QEMU calls its TCG CPU) or systemd-detect-virt's "qemu".
  expect(emulatorOf({ ...vm, virtualization: { ...vm.virtualization, vm: null } })).toBe('TCG');
  expect(emulatorOf({ ...vm, cpu: { ...vm.cpu, model: 'AMD EPYC' } })).toBe('TCG');
  const host = facts('lab-host.txt');
  expect(host.virtualization.vm).not.toBeNull(); // the lab machine is itself a (hardware-assisted) VM
  expect(emulatorOf(host)).toBeUndefined();
  expect(emulatorOf(facts('lab-guest.txt'))).toBeUndefined();
  expect(emulatorOf({ virtualization: { vm: 'bochs' } })).toBe('Bochs');
  for (const x of [undefined, null, 'qemu', {}, { virtualization: { vm: 7 } }]) expect(emulatorOf(x)).toBeUndefined();
});

it('says in one sentence that the overheads are those of an emulator', () => {
  expect(emulationNote('vm', 'TCG')).toBe('vm: the VM ran under emulation (TCG), not KVM: its overheads are not those of a KVM host.');
});
