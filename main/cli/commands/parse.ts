// `virtlab parse <netperf|iozone|npb> <file>`: parse one saved benchmark output and print its metrics as JSON.
import { readFile } from 'node:fs/promises';
import { benchmarkIds } from '../../benchmarks/catalog.ts';
import { parseIozone } from '../../benchmarks/iozone/parse.ts';
import { parseNetperf } from '../../benchmarks/netperf/parse.ts';
import { parseNpb } from '../../benchmarks/npb/parse.ts';
import { ParseError, type ParseResult } from '../../benchmarks/types.ts';
import { takeOption } from '../args.ts';
import type { CliCommand } from '../command.ts';

const usage = 'virtlab parse <netperf|iozone|npb> <file> [--selectors A,B,...]  (--selectors: the netperf -o list, for -P 0 output)';

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'Parse a saved netperf, IOzone or NPB output and print its metrics as JSON.',
  usage,
  async run(argv, io) {
    const args = [...argv];
    const selectors = takeOption(args, 'selectors');
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
      if (bench === 'netperf') result = parseNetperf(text, selectors ? { selectors: selectors.split(',') } : {});
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
