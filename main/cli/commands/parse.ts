// `virtlab parse <netperf|iozone|npb> <file>`: parse one saved benchmark output and print its metrics as JSON.
import { moduleById } from '../../benchmarks/registry.ts';
import { ParseError, type ParseResult } from '../../benchmarks/types.ts';
import { takeOption } from '../args.ts';
import { readInputFile } from '../read-input-file.ts';
import type { CliCommand } from '../command.ts';

/** The largest output a run may leave (collecting a run accepts 256 MiB a stream): a larger file is not an output. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

const usage =
  'virtlab parse <netperf|iozone|npb> <file> [--selectors A,B,...] [--test TCP_MAERTS|TCP_CRR|UDP_RR|UDP_STREAM|...]\n' +
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
    // Benchmarks whose module reads a saved output by hand (netperf, IOzone, NPB).
    const module = bench ? moduleById(bench) : undefined;
    if (!bench || !file || extra.length > 0 || !module?.parseSaved) {
      io.err(`usage: ${usage}\n`);
      return 2;
    }
    let text: string;
    try {
      text = readInputFile(file, MAX_OUTPUT_BYTES);
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 1;
    }
    let result: ParseResult;
    try {
      result = module.parseSaved(text, { ...(selectors ? { selectors: selectors.split(',') } : {}), ...(test ? { test } : {}) });
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
