// `virtlab exec SELECTOR -- ARGV...`: one command on many hosts at once, one result line per host.
import { endpointOf } from '../../hosts/endpoint-of.ts';
import { fanout } from '../../ssh/fanout.ts';
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { parseHostKeyPolicy } from '../compose.ts';

const USAGE = 'virtlab exec SELECTOR [--timeout SECONDS] [--concurrency N] [--json] [--host-keys POLICY] -- ARGV...';

async function run(args: string[], io: CliIo): Promise<number> {
  const dashdash = args.indexOf('--');
  if (dashdash < 1 || dashdash === args.length - 1) {
    io.err(`usage: ${USAGE}\n(the remote command comes after --, as separate arguments; it is quoted for the remote shell)\n`);
    return 2;
  }
  const opts = args.slice(0, dashdash);
  const argv = args.slice(dashdash + 1);
  const timeoutS = Number(takeOption(opts, 'timeout') ?? 60);
  const concurrency = Number(takeOption(opts, 'concurrency') ?? 32);
  const json = takeFlag(opts, 'json');
  let policy;
  try {
    policy = parseHostKeyPolicy(takeOption(opts, 'host-keys'));
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  const selector = opts[0]!;
  const request = { terminal: policy ? { hostKeyPolicy: policy } : {} };
  const api = await io.client(request);
  const { pool } = (await io.core(request)).context.ssh;
  try {
    const all = await api['hosts.list']({});
    const chosen = await api['hosts.list']({ selector });
    const results = await fanout(
      pool,
      chosen.map((h) => endpointOf(h.name, all)),
      argv,
      {
        timeoutMs: timeoutS * 1000,
        concurrency,
      },
    );
    const named = results.map((r, i) => ({ host: chosen[i]!.name, ...r, endpoint: undefined }));
    if (json)
      io.out(
        JSON.stringify(
          named.map(({ endpoint: _e, ...r }) => r),
          null,
          2,
        ) + '\n',
      );
    else {
      for (const r of named) {
        if ('error' in r) io.out(`${r.host}: FAILED: ${r.error}\n`);
        else {
          for (const line of r.stdout.replace(/\n$/, '').split('\n')) if (r.stdout) io.out(`${r.host}: ${line}\n`);
          for (const line of r.stderr.replace(/\n$/, '').split('\n')) if (r.stderr) io.err(`${r.host}: ${line}\n`);
          if (r.code !== 0) io.err(`${r.host}: exit ${r.code ?? r.signal}\n`);
        }
      }
    }
    return named.every((r) => r.ok) ? 0 : 1;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 1;
  }
}

export const execCommand: CliCommand = { name: 'exec', summary: 'Run one command on the selected hosts at once.', usage: USAGE, run };
