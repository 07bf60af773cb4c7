// `virtlab facts SELECTOR`: probe hosts and store a timestamped snapshot of what they are.
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { parseHostKeyPolicy } from '../compose.ts';

const USAGE = 'virtlab facts SELECTOR [--stored] [--json] [--host-keys POLICY]';

async function run(args: string[], io: CliIo): Promise<number> {
  const stored = takeFlag(args, 'stored');
  const json = takeFlag(args, 'json');
  let policy;
  try {
    policy = parseHostKeyPolicy(takeOption(args, 'host-keys'));
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  if (!args[0]) {
    io.err(`usage: ${USAGE}\n`);
    return 2;
  }
  const api = await io.client({ terminal: policy ? { hostKeyPolicy: policy } : {} });
  try {
    const results = stored ? await api['facts.latest']({ selector: args[0] }) : await api['facts.probe']({ selector: args[0] });
    if (json) io.out(JSON.stringify(results, null, 2) + '\n');
    else {
      for (const r of results) {
        if (!r.ok || !r.facts) {
          io.out(`${r.name}\tFAILED: ${r.error}\n`);
          continue;
        }
        const f = r.facts;
        const virt =
          f.virtualization.kind === 'none' ? 'bare metal' : `${f.virtualization.kind} ${f.virtualization.container ?? f.virtualization.vm ?? ''}`.trim();
        io.out(
          `${r.name}\t${f.os.prettyName ?? f.os.id ?? '?'}\t${f.kernel ?? '?'} ${f.arch ?? ''}\t${f.cpu.model ?? '?'} (${f.cpu.logicalCpus ?? '?'} cpus)\t${virt}\tMPI: ${f.mpi.implementation ?? 'none'}\n`,
        );
      }
    }
    return results.every((r) => r.ok) ? 0 : 1;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 1;
  }
}

export const factsCommand: CliCommand = {
  name: 'facts',
  summary: 'Probe hosts (OS, CPU, virtualization, compilers, MPI) and store the facts.',
  usage: USAGE,
  run,
};
