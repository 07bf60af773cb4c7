// `virtlab parse <netperf|iozone|npb> <file>`: parse one saved benchmark output and print its metrics as JSON.
import { readFile } from 'node:fs/promises';
import { benchmarkIds } from '../../benchmarks/catalog.ts';
import { parseIozone } from '../../benchmarks/iozone/parse.ts';
import { parseNetperf } from '../../benchmarks/netperf/parse.ts';
import { parseNpb } from '../../benchmarks/npb/parse.ts';
import { ParseError, type ParseResult } from '../../benchmarks/types.ts';
import { takeOption } from '../args.ts';
import type { CliCommand } from '../command.ts';

const usage = 'virtlab parse <netperf|iozone|npb> <file> [--selectors A,B,...] [--test TCP_MAERTS|TCP_CRR|UDP_RR|UDP_STREAM|...]\n' +
  '  (netperf output made with -P 0 has no banner: --selectors gives the -o list of omni CSV, --test the -t of a classic table)';

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'Parse a saved netperf, IOzone or NPB output and print its metrics as JSON.',
  usage,
  async run(argv, io) {
    const args = [...argv];
    const selectors = takeOption(args, 'selectors');
    const test = takeOption(args, 'test');
    const [bench, file, ...extra] = args;
    if (!bench || !file || extra.length > 0 || !benchmarkIds.includes(bench as never)) {
      io.err(`usage: ${usage}\n`);
      return 2;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      io.err(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 1;
    }
    let result: ParseResult;
    try {
      if (bench === 'netperf') result = parseNetperf(text, { ...(selectors ? { selectors: selectors.split(',') } : {}), ...(test ? { test } : {}) });
      else if (bench === 'iozone') result = parseIozone(text);
      else result = parseNpb(text);
    } catch (e) {
      if (e instanceof ParseError) {
        io.err(`${file}: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    io.out(JSON.stringify({ bench, file, ...result }, null, 2) + '\n');
    return 0;
  },
};
