// Interrupting a provider platform's campaign through the CLI, for the providers' lab files: a SIGKILL of VirtLab while
// a run goes on in the guests, then `campaign resume`; or `campaign cancel`. The tests compare the hosts' state before
// and after (test/lab/host-state.ts) and the campaign's ledger.
import { openDatabase } from '../../../../main/store/open-database.ts';
import { cli, type CliRun, type LabData } from '../../campaigns/support/lab-campaign.ts';

export async function waitUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function read<T>(data: LabData, sql: string, ...args: unknown[]): T[] {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** Runs of the campaign by state, e.g. { done: 2, cancelled: 1 } (read with a second connection, as another process would). */
export const runStates = (data: LabData, campaignId: number): Record<string, number> =>
  Object.fromEntries(
    read<{ state: string; n: number }>(data, 'SELECT state, COUNT(*) AS n FROM runs WHERE campaign_id = ? GROUP BY state', campaignId).map((r) => [
      r.state,
      r.n,
    ]),
  );

/** Ledger entries of the campaign not removed. */
export const openLedger = (data: LabData, campaignId: number): unknown[] =>
  read(data, "SELECT host, kind, handle, state FROM platform_resources WHERE campaign_id = ? AND state <> 'removed'", campaignId);

/** Runs of the campaign under way, on the platform named (any platform when none is). */
const runningOn = (data: LabData, campaignId: number, platform?: string): number =>
  read<{ n: number }>(
    data,
    "SELECT COUNT(*) AS n FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? AND r.state = 'running' AND (? IS NULL OR p.name = ?)",
    campaignId,
    platform ?? null,
    platform ?? null,
  )[0]!.n;

const campaignIdOf = (run: CliRun) => waitUntil('the campaign to be created', () => /campaign (\d+) \(/.exec(run.stdout())?.[1], 240_000).then(Number);

export interface Interrupted {
  id: number;
  /** The hosts' state while VirtLab was dead (the guests still there). */
  whileDead: string;
  /** What the resume (or the cancelled run) printed, for failure messages. */
  output: string;
  exit: number | null;
}

/** Starts the scenario, SIGKILLs VirtLab once a run is under way on `platform` (any, when none is named), notes the
 * hosts' state, and resumes the campaign to its end. `extra`: options of both commands (e.g. --npb-source). */
export async function killAndResume(
  data: LabData,
  knownHosts: string,
  file: string,
  state: () => Promise<string>,
  platform?: string,
  extra: string[] = [],
): Promise<Interrupted> {
  const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', knownHosts, ...extra, '--poll-ms', '300', '--quiet']);
  try {
    const id = await campaignIdOf(run);
    await waitUntil(`a run under way on ${platform ?? 'the platform'}`, () => runningOn(data, id, platform) > 0, 300_000);
    run.child.kill('SIGKILL');
    await run.exit;
    const whileDead = await state();
    const resume = cli(data.dir, ['campaign', 'resume', String(id), '--known-hosts', knownHosts, ...extra, '--poll-ms', '300']);
    const exit = await resume.exit;
    return { id, whileDead, output: `${resume.stdout().slice(-2000)}\n${resume.stderr()}`, exit };
  } finally {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }
}

/** Starts the scenario and cancels the campaign once a run is under way in the guests. */
export async function cancelMidRun(data: LabData, knownHosts: string, file: string): Promise<Interrupted> {
  const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', knownHosts, '--poll-ms', '300', '--quiet']);
  try {
    const id = await campaignIdOf(run);
    await waitUntil('a run under way', () => runningOn(data, id) > 0, 300_000);
    const cancel = cli(data.dir, ['campaign', 'cancel', String(id)]);
    if ((await cancel.exit) !== 0) throw new Error(`campaign cancel ${id}: ${cancel.stderr()}`);
    const exit = await run.exit;
    return { id, whileDead: '', output: `${run.stdout().slice(-2000)}\n${run.stderr()}`, exit };
  } finally {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }
}
