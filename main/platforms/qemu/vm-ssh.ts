// The host's ssh into its VM: the per-VM key the host made, the host key the VM printed on its console (strict
// checking), and one multiplexed connection (a control socket in the VM's folder) that every command reuses: a new
// connection costs 1-2 s of emulated crypto under TCG, a command over the open one a fraction of that.
import { toShellCommand } from '../../ssh/quote.ts';
import type { VmNames } from './vm-names.ts';

export function sshIntoVm(n: VmNames, address: string, argv: readonly string[]): string[] {
  return [
    'ssh',
    '-F',
    'none',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${n.dir}/known_hosts`,
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${n.control}`,
    '-o',
    'ControlPersist=120',
    '-o',
    'ServerAliveInterval=10',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'ConnectTimeout=30',
    '-i',
    `${n.dir}/host_key`,
    `root@${address}`,
    '--',
    toShellCommand(argv),
  ];
}

/** A command as the runner runs it inside the VM: in its shared home (HOME and working folder). */
export function inVmHome(n: VmNames, argv: readonly string[]): string[] {
  return ['env', `HOME=${n.home}`, 'sh', '-c', 'cd "$HOME" && exec "$@"', 'virtlab-guest', ...argv];
}
