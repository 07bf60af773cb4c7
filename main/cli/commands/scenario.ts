// `virtlab scenario validate|plan|run <file>`: check a scenario, show its runs and estimated time, or execute it.
import { ContractError } from '../../contract/errors.ts';
import { formatDuration } from '../../scenarios/plan.ts';
import { formatIssues } from '../../scenarios/validate.ts';
import { formatAdaptiveRange } from '../adaptive-format.ts';
import { formatSetup } from '../plan-setup-format.ts';
import { takeFlag, takeOption } from '../args.ts';
import { CAMPAIGN_OPTIONS_USAGE, takeCampaignOptions } from '../campaign-options.ts';
import { exitCodeOf, follow } from '../campaign-progress.ts';
import type { CliCommand } from '../command.ts';
import { readInputFile } from '../read-input-file.ts';
import { MAX_SCENARIO_TEXT_BYTES, parseScenarioText } from '../../scenarios/source.ts';
import type { ScenarioObject } from '../../contract/scenarios.ts';

const USAGE = `virtlab scenario validate <file>
       virtlab scenario plan <file> [--seed N] [--json]
       virtlab scenario run <file> [--name NAME] [--seed N] ${CAMPAIGN_OPTIONS_USAGE} [--quiet]
  (a campaign keeps the options it was started with: 'campaign resume' needs none of them again;
   --self-contained keeps a copy of the NPB tarball in the data folder)`;

export const scenarioCommand: CliCommand = {
  name: 'scenario',
  summary: 'Validate a scenario (YAML or JSON), print its plan, or run it as a campaign.',
  usage: USAGE,
  async run(argv, io) {
    const args = [...argv];
    const json = takeFlag(args, 'json');
    const quiet = takeFlag(args, 'quiet');
    const seedText = takeOption(args, 'seed');
    const name = takeOption(args, 'name');
    let given;
    try {
      given = takeCampaignOptions(args);
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 2;
    }
    const [sub, file, ...extra] = args;
    if (!sub || !file || extra.length || !['validate', 'plan', 'run'].includes(sub)) {
      io.err(`usage: ${USAGE}\n`);
      return 2;
    }
    const seed = seedText === undefined ? undefined : Number(seedText);
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
      io.err('--seed takes an integer 0..4294967295\n');
      return 2;
    }
    let text: string;
    try {
      text = readInputFile(file, MAX_SCENARIO_TEXT_BYTES);
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 2;
    }
    // The file boundary: the text becomes the scenario object here; the core only ever sees objects.
    const source = parseScenarioText(text);
    if (!source.ok) {
      if (json && sub === 'validate') io.out(`${JSON.stringify({ ok: false, issues: source.issues }, null, 2)}\n`);
      else io.err(`${file}: ${source.issues.length} problem(s)\n${formatIssues(source.issues)}\n`);
      return 1;
    }
    const scenario = source.value as ScenarioObject;

    // Passwords of the endpoints asked at the terminal (or env:VAR); the options given, stored with the campaign.
    const request = { terminal: { quiet: true }, campaigns: { given, via: 'cli' as const } };
    try {
      const api = await io.client(request);
      if (sub === 'validate') {
        const v = await api['scenarios.validate']({ scenario });
        if (json) io.out(`${JSON.stringify({ ok: v.ok, issues: v.issues }, null, 2)}\n`);
        else if (v.ok) io.out(`${file}: valid\n`);
        else io.err(`${file}: ${v.issues.length} problem(s)\n${formatIssues(v.issues)}\n`);
        return v.ok ? 0 : 1;
      }
      if (sub === 'plan') {
        const plan = await api['scenarios.plan']({ scenario, ...(seed !== undefined ? { seed } : {}) });
        if (json) {
          io.out(`${JSON.stringify(plan, null, 2)}\n`);
          return 0;
        }
        for (const e of plan.entries) {
          io.out(
            `${String(e.index).padStart(5)}  ${e.platform.padEnd(12)} ${e.benchmark.padEnd(8)} ${e.point.padEnd(28)} rep ${e.repetition + 1}  ${e.endpointsNeeded} endpoint(s)  ~${formatDuration(e.estimateSec)}${e.setupSec > 0 ? ` + ${formatDuration(e.setupSec)} setup` : ''}${e.estimateFrom === 'history' ? ' (from history)' : ''}\n`,
          );
        }
        io.out(
          `${plan.entries.length} runs, order ${plan.order}${plan.seed !== null ? ` (seed ${plan.seed})` : ''}; estimated ${formatDuration(plan.sequentialSec)} one after the other, about ${formatDuration(plan.parallelSec)} with independent runs in parallel\n`,
        );
        const setupLine = formatSetup(plan);
        if (setupLine) io.out(`${setupLine}\n`);
        for (const b of plan.batch ?? []) io.out(`${b.platform}: ${b.text}\n`);
        for (const l of plan.leftOut ?? []) io.out(`${l}\n`);
        if (plan.adaptive) io.out(`${formatAdaptiveRange(plan.adaptive)}\n`);
        return 0;
      }
      const saved = await api['scenarios.save']({ scenario });
      let campaignId: number | undefined;
      const start = async () => {
        const s = await api['campaigns.start']({
          scenario: saved.name,
          version: saved.version,
          ...(name ? { name } : {}),
          ...(seed !== undefined ? { seed } : {}),
        });
        campaignId = s.id;
        const { campaign } = await api['campaigns.status']({ id: s.id });
        io.out(
          `campaign ${s.id} (${s.uuid}): ${s.planned} runs of ${s.scenario} v${s.scenarioVersion}${campaign.seed !== null ? `, seed ${campaign.seed}` : ''}\n`,
        );
        return s;
      };
      const outcome = await follow(await io.core(request), () => campaignId, start, io.out, quiet);
      if (outcome === 'stopped') return exitCodeOf(outcome);
      const { campaign: end } = await api['campaigns.status']({ id: campaignId! });
      io.out(`campaign ${end.id} ${outcome ?? end.state}: ${end.done}/${end.planned} done, ${end.failed} failed\n`);
      return exitCodeOf(outcome);
    } catch (e) {
      if (e instanceof ContractError && e.code === 'invalid-input' && e.issues) {
        io.err(`${file}: ${e.issues.length} problem(s)\n${formatIssues(e.issues)}\n`);
        return 1;
      }
      io.err(`${(e as Error).message}\n`);
      return 1;
    }
  },
};
