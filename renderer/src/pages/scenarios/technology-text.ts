// What each technology class means, in the wizard's words, and what is untested on this project's lab.
import type { TechnologyId } from '../../../../main/contract/scenarios.ts';

export const TECHNOLOGY_TEXT: Record<TechnologyId, { label: string; hint: string; untested?: string }> = {
  native: { label: 'Native (bare metal)', hint: 'The hosts as they are: usually the baseline.' },
  'hw-vm': { label: 'Hardware-assisted VM', hint: "A virtual machine with the CPU's virtualization extensions (KVM)." },
  'full-virt': { label: 'Full virtualization (emulated)', hint: 'A virtual machine whose devices (or CPU, under TCG) are emulated.' },
  'para-virt': { label: 'Paravirtualization', hint: 'A guest that knows it is virtualized (Xen PV).' },
  'os-level': {
    label: 'OS-level (containers)',
    hint: "Containers sharing the host's kernel.",
    untested: 'Apptainer/Singularity is not packaged for Debian 12, so VirtLab has not been tested with it here; no provider for it is offered.',
  },
};
