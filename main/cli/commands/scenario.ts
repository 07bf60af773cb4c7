// `virtlab scenario validate|plan|run <file>`: check a scenario, show its runs and estimated time, or execute it.
import { readFileSync } from 'node:fs';
import { databaseFile } from '../../config/data-dir.ts';
import { openDatabase } from '../../store/open-database.ts';
import { createCampaignService, ScenarioInvalidError } from '../../campaigns/service.ts';
import { runInForeground } from '../../campaigns/foreground.ts';
import { formatDuration } from '../../scenarios/plan.ts';
import { formatIssues } from '../../scenarios/validate.ts';
import { startCampaign } from '../../campaigns/launch.ts';
import { executionSettings } from '../../campaigns/driver-request.ts';
import { InputProblem } from '../../campaigns/input-problem.ts';
import { takeFlag, takeOption } from '../args.ts';
import { CAMPAIGN_OPTIONS_USAGE, cliSecrets, takeCampaignOptions } from '../campaign-options.ts';
import type { CliCommand } from '../command.ts';

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
    let options;
    try { options = takeCampaignOptions(args); } catch (e) { io.err(`${(e as Error).message}\n`); return 2; }
    const [sub, file, ...extra] = args;
    if (!sub || !file || extra.length || !['validate', 'plan', 'run'].includes(sub)) { io.err(`usage: ${USAGE}\n`); return 2; }
    const seed = seedText === undefined ? undefined : Number(seedText);
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) { io.err('--seed takes an integer 0..4294967295\n'); return 2; }
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) { io.err(`cannot read ${file}: ${(e as Error).message}\n`); return 2; }

    const db = openDatabase({ path: databaseFile(io.dataDir) });
    try {
      const service = createCampaignService(db);
      if (sub === 'validate') {
        const v = service.validate(text);
        if (json) io.out(`${JSON.stringify({ ok: v.ok, issues: v.issues }, null, 2)}\n`);
        else if (v.ok) io.out(`${file}: valid\n`);
        else io.err(`${file}: ${v.issues.length} problem(s)\n${formatIssues(v.issues)}\n`);
        return v.ok ? 0 : 1;
      }
      if (sub === 'plan') {
        const { plan } = service.plan(text, seed);
        if (json) { io.out(`${JSON.stringify(plan, null, 2)}\n`); return 0; }
        for (const e of plan.entries) {
          io.out(`${String(e.index).padStart(5)}  ${e.platform.padEnd(12)} ${e.benchmark.padEnd(8)} ${e.point.padEnd(28)} rep ${e.repetition + 1}  ${e.endpointsNeeded} endpoint(s)  ~${formatDuration(e.estimateSec)}\n`);
        }
        io.out(`${plan.entries.length} runs, order ${plan.order}${plan.seed !== null ? ` (seed ${plan.seed})` : ''}; estimated ${formatDuration(plan.sequentialSec)} one after the other, about ${formatDuration(plan.parallelSec)} with independent runs in parallel\n`);
        return 0;
      }
      const created = await startCampaign(service, text, { ...(name !== undefined ? { name } : {}), ...(seed !== undefined ? { seed } : {}) }, options, { dataDir: io.dataDir, env: io.env });
      const s = service.store.summary(created.campaignId);
      io.out(`campaign ${s.id} (${s.uuid}): ${created.plan.entries.length} runs of ${s.scenario} v${created.scenarioVersion}${created.plan.seed !== null ? `, seed ${created.plan.seed}` : ''}\n`);
      const n = created.inputs.npbSource;
      if (n?.kind === 'file') io.out(`NPB source ${n.path} (sha256 ${n.sha256.slice(0, 16)}…, ${n.size} bytes)${n.copiedFrom ? `, copied from ${n.copiedFrom}` : ''}\n`);
      const run = executionSettings(created.inputs, {}, { repos: service.repos, dataDir: io.dataDir, env: io.env, secrets: cliSecrets(io) });
      const outcome = await runInForeground(db, service.repos, created.campaignId, { request: run.request, out: io.out, quiet, ...(run.pollMs ? { pollMs: run.pollMs } : {}) });
      const end = service.store.summary(created.campaignId);
      io.out(`campaign ${end.id} ${outcome}: ${end.done}/${end.planned} done, ${end.failed} failed\n`);
      return outcome === 'done' ? 0 : outcome === 'stopped' ? 130 : 1;
    } catch (e) {
      if (e instanceof InputProblem) { io.err(`${e.message}\n`); return 1; }
      if (e instanceof ScenarioInvalidError) { io.err(`${file}: ${e.result.issues.length} problem(s)\n${formatIssues(e.result.issues)}\n`); return 1; }
      io.err(`${(e as Error).message}\n`);
      return 1;
    } finally {
      db.close();
    }
  },
};
