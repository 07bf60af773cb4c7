// `virtlab platforms list|providers|define`: named sets of endpoints of one technology, made or used by a provider
// (native = the hosts themselves) with that provider's settings, checked by the same handler the wizard calls.
import { parse as parseYaml } from 'yaml';
import { ContractError } from '../../contract/errors.ts';
import { describeProvider, providerCatalog, type ProviderDescription } from '../../contract/providers.ts';
import { fieldSpecs, type FieldSpec } from '../../contract/settings-fields.ts';
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { InputFileError, readInputFile } from '../read-input-file.ts';
import { applyAssignments } from '../settings-assignments.ts';

const USAGE = `virtlab platforms list [--json]
virtlab platforms providers [--json]        the providers, their technologies and settings
virtlab platforms define NAME --endpoints SELECTOR [--provider P] [--set KEY=VALUE ...] [--settings FILE]
        [--technology native|hw-vm|full-virt|para-virt|os-level] [--product TEXT] [--version TEXT] [--baseline]
        [--backend ssh|slurm --backend-settings JSON]   (slurm: {"login":HOST,"partition":P,"timeLimitMin":N,"workDir":"/shared/dir",...})
  --provider defaults to native (technology native) or ssh-guest (existing guests); the technology and product
  default to the provider's. --settings reads YAML or JSON; each --set (KEY like image, network.mode,
  mounts[0].source; lists as a,b) is applied on top.`;

const MAX_SETTINGS_BYTES = 256 * 1024;

function takeAll(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let v = takeOption(args, name); v !== undefined; v = takeOption(args, name)) out.push(v);
  return out;
}

function describeField(f: FieldSpec, indent: string): string[] {
  const kind =
    f.kind === 'enum' ? f.options.join('|') : f.kind === 'list' ? `list of ${f.item}s` : f.kind === 'number' ? (f.integer ? 'integer' : 'number') : f.kind;
  const extra = [f.required ? 'required' : '', f.default !== undefined ? `default ${JSON.stringify(f.default)}` : ''].filter(Boolean).join(', ');
  const head = `${indent}${f.key}: ${kind}${extra ? ` (${extra})` : ''}${f.description ? ` - ${f.description}` : ''}`;
  if (f.kind === 'object' || f.kind === 'rows') return [head, ...f.fields.flatMap((x) => describeField(x, `${indent}  `))];
  if (f.kind === 'choice') {
    return [
      `${indent}${f.key}.${f.discriminator}: ${f.branches.map((b) => b.value).join('|')}${extra ? ` (${extra})` : ''}`,
      ...f.branches.flatMap((b) => b.fields.flatMap((x) => describeField(x, `${indent}  [${b.value}] `))),
    ];
  }
  return [head];
}

function describeProviderText(p: ProviderDescription): string {
  const techs = [p.technology, ...(p.alsoTechnologies ?? [])].join(', ');
  const lines = [
    `${p.name}\t${p.title} (${techs}; endpoints: ${p.endpoints === 'hosts' ? 'the hosts, guests made on them' : 'existing guests'})`,
    `  ${p.help}`,
  ];
  const fields = fieldSpecs(p.settings);
  lines.push(...(fields.length ? fields.flatMap((f) => describeField(f, '  --set ')) : ['  (no settings)']));
  return lines.join('\n') + '\n';
}

function settingsFile(path: string | undefined): Record<string, unknown> {
  if (path === undefined) return {};
  const text = readInputFile(path, MAX_SETTINGS_BYTES);
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new ContractError('invalid-input', `${path}: not YAML or JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ContractError('invalid-input', `${path}: the settings must be a mapping (key: value)`);
  return value as Record<string, unknown>;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const json = takeFlag(rest, 'json');
  try {
    if (sub === 'providers') {
      if (json)
        io.out(
          JSON.stringify(
            providerCatalog.map((p) => ({ ...p, settings: fieldSpecs(p.settings) })),
            null,
            2,
          ) + '\n',
        );
      else io.out(providerCatalog.map(describeProviderText).join('\n'));
      return 0;
    }
    const h = await io.client({ terminal: {} });
    if (sub === 'list') {
      const platforms = await h['platforms.list']({});
      if (json) io.out(JSON.stringify(platforms, null, 2) + '\n');
      else
        for (const p of platforms)
          io.out(
            `${p.name}${p.isBaseline ? ' (baseline)' : ''}\t${p.technology}\t${p.provider ?? ''}\t${p.product}${p.version ? ` ${p.version}` : ''}\t${p.endpoints.join(',')}${p.backend ? `\t${p.backend}` : ''}\n`,
          );
      return 0;
    }
    if (sub === 'define') {
      const name = rest[0];
      const providerName = takeOption(rest, 'provider');
      const technologyOpt = takeOption(rest, 'technology');
      const productOpt = takeOption(rest, 'product');
      const version = takeOption(rest, 'version');
      const selector = takeOption(rest, 'endpoints');
      const isBaseline = takeFlag(rest, 'baseline');
      const assignments = takeAll(rest, 'set');
      const file = takeOption(rest, 'settings');
      const backend = takeOption(rest, 'backend');
      const backendText = takeOption(rest, 'backend-settings');
      let backendSettings: Record<string, unknown> | undefined;
      try {
        backendSettings = backendText ? (JSON.parse(backendText) as Record<string, unknown>) : undefined;
      } catch (e) {
        throw new ContractError('invalid-input', `--backend-settings is not JSON: ${(e as Error).message}`);
      }
      if (!name || !selector || (!providerName && !technologyOpt)) throw new ContractError('invalid-input', `usage:\n${USAGE}`);
      const provider = providerName !== undefined ? describeProvider(providerName) : undefined;
      if (providerName !== undefined && !provider) {
        throw new ContractError('invalid-input', `no platform provider "${providerName}" (known: ${providerCatalog.map((p) => p.name).join(', ')})`);
      }
      const technology = technologyOpt ?? provider!.technology;
      const product = productOpt ?? provider?.product ?? (technology === 'native' ? 'bare metal' : undefined);
      if (!product) throw new ContractError('invalid-input', `--product is needed for a ${technology} platform without --provider`);
      const settings = provider ? applyAssignments(fieldSpecs(provider.settings), assignments, settingsFile(file)) : undefined;
      if (!provider && (assignments.length || file)) throw new ContractError('invalid-input', '--set and --settings need --provider (whose settings they are)');
      if (settings && 'error' in settings) throw new ContractError('invalid-input', settings.error);
      // Endpoints in selector order, which is rank order for MPI.
      const endpoints = (await h['hosts.list']({ selector })).map((x) => x.name);
      const saved = await h['platforms.define']({
        name,
        technology: technology as never,
        product,
        ...(version ? { version } : {}),
        isBaseline,
        endpoints,
        ...(provider ? { provider: provider.name as never, settings: settings!.settings } : {}),
        ...(backend ? { backend: backend as never } : {}),
        ...(backendSettings ? { backendSettings } : {}),
      });
      io.out(
        `defined ${saved.name} (${saved.technology} by ${saved.provider ?? 'native'}, ${saved.endpoints.length} endpoints: ${saved.endpoints.join(', ')}${saved.backend ? `, runs through ${saved.backend}` : ''})\n`,
      );
      return 0;
    }
    io.err(`usage:\n${USAGE}\n`);
    return 2;
  } catch (error) {
    if (error instanceof InputFileError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    io.err(`${(error as Error).message}\n`);
    return error instanceof ContractError && error.code === 'invalid-input' ? 2 : 1;
  }
}

export const platformsCommand: CliCommand = {
  name: 'platforms',
  summary: 'List and define platforms (native, VMs, containers) over hosts, with a provider and its settings.',
  usage: USAGE,
  run,
};
