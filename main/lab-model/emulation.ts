// Whether a platform ran under emulation rather than hardware virtualization, read from the facts stored with its runs:
// QEMU's TCG (its CPU model says "QEMU TCG CPU", and systemd-detect-virt says "qemu" only when KVM is not used) or
// Bochs. Its overheads are those of an emulator, so every figure and summary that shows it must say so.

/** The emulator a run's facts show ('TCG', 'Bochs'), or undefined for hardware virtualization, containers, bare metal. */
export function emulatorOf(facts: unknown): string | undefined {
  if (typeof facts !== 'object' || facts === null) return undefined;
  const f = facts as { cpu?: { model?: unknown }; virtualization?: { vm?: unknown } };
  const model = typeof f.cpu?.model === 'string' ? f.cpu.model : '';
  const vm = typeof f.virtualization?.vm === 'string' ? f.virtualization.vm.toLowerCase() : '';
  if (/\bTCG\b/.test(model) || vm === 'qemu') return 'TCG';
  if (vm === 'bochs') return 'Bochs';
  return undefined;
}

/** The sentence shown under a figure and in the summary for a platform that ran under `emulator`. */
export function emulationNote(platform: string, emulator: string): string {
  return `${platform}: the VM ran under emulation (${emulator}), not KVM: its overheads are not those of a KVM host.`;
}
