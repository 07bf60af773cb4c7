// `virtlab platforms list|define`: named sets of endpoints of one technology (native = the hosts themselves).
import { ContractError } from '../../contract/errors.ts';
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';

const USAGE = `virtlab platforms list [--json]
virtlab platforms define NAME --technology native|hw-vm|full-virt|para-virt|os-level --product TEXT [--version TEXT] --endpoints SELECTOR [--baseline]`;

async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const json = takeFlag(rest, 'json');
  const api = await io.client({ terminal: {} });
  const h = api;
  try {
    if (sub === 'list') {
      const platforms = await h['platforms.list']({});
      if (json) io.out(JSON.stringify(platforms, null, 2) + '\n');
      else for (const p of platforms) io.out(`${p.name}${p.isBaseline ? ' (baseline)' : ''}\t${p.technology}\t${p.product}${p.version ? ` ${p.version}` : ''}\t${p.endpoints.join(',')}\n`);
      return 0;
    }
    if (sub === 'define') {
      const name = rest[0];
      const technology = takeOption(rest, 'technology');
      const product = takeOption(rest, 'product');
      const version = takeOption(rest, 'version');
      const selector = takeOption(rest, 'endpoints');
      const isBaseline = takeFlag(rest, 'baseline');
      if (!name || !technology || !product || !selector) throw new ContractError('invalid-input', `usage:\n${USAGE}`);
      // Endpoints in selector order, which is rank order for MPI.
      const endpoints = (await h['hosts.list']({ selector })).map((x) => x.name);
      const saved = await h['platforms.define']({ name, technology: technology as never, product, ...(version ? { version } : {}), isBaseline, endpoints });
      io.out(`defined ${saved.name} (${saved.technology}, ${saved.endpoints.length} endpoints: ${saved.endpoints.join(', ')})\n`);
      return 0;
    }
    io.err(`usage:\n${USAGE}\n`);
    return 2;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return error instanceof ContractError && error.code === 'invalid-input' ? 2 : 1;
  }
}

export const platformsCommand: CliCommand = { name: 'platforms', summary: 'List and define platforms (native, VMs, containers) over hosts.', usage: USAGE, run };
