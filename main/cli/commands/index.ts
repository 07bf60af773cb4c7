// Every CLI subcommand, by name.
import type { CliCommand } from '../command.ts';
import { infoCommand } from './info.ts';
import { serveCommand } from './serve.ts';
import { startCommand } from './start.ts';
import { scenarioCommand } from './scenario.ts';
import { campaignCommand } from './campaign.ts';
import { resultsCommand } from './results.ts';
import { benchCommand } from './bench.ts';
import { hostsCommand } from './hosts.ts';
import { execCommand } from './exec.ts';
import { factsCommand } from './facts.ts';
import { platformsCommand } from './platforms.ts';
import { parseCommand } from './parse.ts';
import { reportCommand } from './report.ts';

// One per line, so adding a command touches one line.
export const commands: readonly CliCommand[] = [
  startCommand,
  serveCommand,
  infoCommand,
  scenarioCommand,
  campaignCommand,
  resultsCommand,
  benchCommand,
  hostsCommand,
  execCommand,
  factsCommand,
  platformsCommand,
  parseCommand,
  reportCommand,
];
