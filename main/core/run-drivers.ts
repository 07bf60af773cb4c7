// Which driver a campaign executes with, chosen where the core is composed: the benchmark runner, or a shell line.
import type { DriverHandle, DriverRequest } from '../campaigns/driver.ts';
import { openCommandDriver } from '../campaigns/drivers/command-driver.ts';
import type { ResumeVia } from '../campaigns/resume-inputs.ts';
import type { StartOptions } from '../campaigns/start-inputs.ts';
import { openBenchmarkDriver } from '../runner/run-driver/factory.ts';

export const driverKinds = ['benchmark', 'command'] as const;

/** What a campaign started or resumed in this core executes with, beyond the inputs stored with it. */
export interface CampaignOptions {
  /** Options the client gave (the CLI's --driver, --command, --known-hosts, --npb-source, --self-contained,
   * --poll-ms): only what was given is set, so a resume can tell an option given again from one left out. */
  given: StartOptions;
  /** Who resumes: says how to give a moved input again. */
  via: ResumeVia;
}

export function openRunDriver(req: DriverRequest): DriverHandle {
  if (req.kind === 'benchmark') return openBenchmarkDriver(req);
  if (req.kind === 'command') return openCommandDriver(req);
  throw new Error(`unknown driver "${req.kind}" (known: ${driverKinds.join(', ')})`);
}
