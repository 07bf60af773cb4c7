// `virtlab hosts add|import|list|check|remove`: the Lab's hosts and guests from a terminal.
import { ContractError } from '../../contract/errors.ts';
import type { HostAuth, HostRecordInput } from '../../contract/hosts.ts';
import { HostRecord } from '../../contract/hosts.ts';
import { parseOrThrow } from '../../contract/validate.ts';
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { parseHostKeyPolicy } from '../compose.ts';

const USAGE = `virtlab hosts list [SELECTOR] [--json]
virtlab hosts add NAME --address ADDR [--port N] --user USER (--key PATH [--passphrase-ref REF] | --agent | --password-ref REF | --kbd-ref REF)
                  [--jump H1,H2] [--tag T]... [--guest-of HOST --technology TECH]
virtlab hosts import [SSH_CONFIG] [--save]
virtlab hosts check SELECTOR [--host-keys ask|strict|accept-new]
virtlab hosts remove NAME
Secret references name where a password lives, never the password: env:VAR, or host:NAME:password (asked at the terminal).`;

function takeAll(args: string[], name: string): string[] {
  const values: string[] = [];
  for (let v = takeOption(args, name); v !== undefined; v = takeOption(args, name)) values.push(v);
  return values;
}

function authFrom(args: string[]): HostAuth {
  const key = takeOption(args, 'key');
  const passphraseRef = takeOption(args, 'passphrase-ref');
  const passwordRef = takeOption(args, 'password-ref');
  const kbdRef = takeOption(args, 'kbd-ref');
  const agent = takeFlag(args, 'agent');
  const chosen = [key, passwordRef, kbdRef, agent || undefined].filter((x) => x !== undefined);
  if (chosen.length !== 1) throw new ContractError('invalid-input', 'Give exactly one of --key, --agent, --password-ref, --kbd-ref.');
  if (key) return passphraseRef ? { kind: 'key', keyPath: key, passphraseRef } : { kind: 'key', keyPath: key };
  if (passwordRef) return { kind: 'password', secretRef: passwordRef };
  if (kbdRef) return { kind: 'keyboard-interactive', secretRef: kbdRef };
  return { kind: 'agent' };
}

function recordFrom(name: string | undefined, args: string[]) {
  const port = takeOption(args, 'port');
  const input: HostRecordInput = {
    name: name ?? '',
    address: takeOption(args, 'address') ?? '',
    user: takeOption(args, 'user') ?? '',
    auth: authFrom(args),
    jump: (takeOption(args, 'jump') ?? '').split(',').filter(Boolean),
    tags: takeAll(args, 'tag'),
    ...(port !== undefined ? { port: Number(port) } : {}),
  };
  const guestOf = takeOption(args, 'guest-of');
  const technology = takeOption(args, 'technology');
  if (guestOf !== undefined) input.guestOf = guestOf;
  if (technology !== undefined) (input as Record<string, unknown>).technology = technology;
  if (args.length > 0) throw new ContractError('invalid-input', `Unexpected arguments: ${args.join(' ')}`);
  return parseOrThrow(HostRecord, input, 'host');
}

async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const policy = parseHostKeyPolicy(takeOption(rest, 'host-keys'));
  const json = takeFlag(rest, 'json');
  const api = await io.client({ terminal: policy ? { hostKeyPolicy: policy } : {} });
  const h = api;
  try {
    switch (sub) {
      case 'list': {
        const hosts = await h['hosts.list'](rest[0] ? { selector: rest[0] } : {});
        if (json) io.out(JSON.stringify(hosts, null, 2) + '\n');
        else
          for (const x of hosts)
            io.out(
              `${x.name}\t${x.user}@${x.address}:${x.port}\t${x.auth.kind}${x.guestOf ? `\tguest of ${x.guestOf} (${x.technology})` : ''}${x.jump.length ? `\tvia ${x.jump.join(',')}` : ''}${x.tags.length ? `\t@${x.tags.join(' @')}` : ''}\n`,
            );
        return 0;
      }
      case 'add': {
        const saved = await h['hosts.add'](recordFrom(rest[0], rest.slice(1)));
        io.out(`added ${saved.name} (${saved.user}@${saved.address}:${saved.port})\n`);
        return 0;
      }
      case 'import': {
        const save = takeFlag(rest, 'save');
        const result = await h['hosts.importSshConfig']({ ...(rest[0] ? { path: rest[0] } : {}), save });
        for (const x of result.hosts)
          io.out(`${save ? 'imported' : 'would import'} ${x.name}\t${x.user}@${x.address}:${x.port}${x.jump.length ? `\tvia ${x.jump.join(',')}` : ''}\n`);
        for (const s of result.skipped) io.err(`skipped ${s.name}: ${s.reason}\n`);
        for (const w of result.warnings) io.err(`warning: ${w}\n`);
        if (!save && result.hosts.length > 0) io.out('Run again with --save to add them.\n');
        return 0;
      }
      case 'check': {
        if (!rest[0]) throw new ContractError('invalid-input', 'hosts check needs a selector.');
        const results = await h['hosts.check']({ selector: rest[0] });
        if (json) io.out(JSON.stringify(results, null, 2) + '\n');
        else
          for (const r of results)
            io.out(
              r.ok ? `ok\t${r.name}\t${r.latencyMs} ms\t${r.hostKey?.fingerprint ?? ''} (${r.hostKey?.status ?? '?'})\n` : `FAIL\t${r.name}\t${r.error}\n`,
            );
        return results.every((r) => r.ok) ? 0 : 1;
      }
      case 'remove': {
        if (!rest[0]) throw new ContractError('invalid-input', 'hosts remove needs a name.');
        const { removed } = await h['hosts.remove']({ name: rest[0] });
        io.out(removed ? `removed ${rest[0]}\n` : `no host named ${rest[0]}\n`);
        return removed ? 0 : 1;
      }
      default:
        io.err(`usage:\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return error instanceof ContractError && error.code === 'invalid-input' ? 2 : 1;
  }
}

export const hostsCommand: CliCommand = { name: 'hosts', summary: 'Add, import, list, check and remove hosts and guests.', usage: USAGE, run };
