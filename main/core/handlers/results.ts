// Handlers of the results procedures: figures, overview, spread and tables of the current results source.
import { campaignExists, latestResultsCampaign } from '../../store/queries/results-source.ts';
import type { Handlers } from '../../contract/procedures.ts';
import { ContractError } from '../../contract/errors.ts';
import type { CoreContext } from '../context.ts';
import { listResultsCampaigns } from '../../store/queries/results-campaigns.ts';
import { campaignFiguresResult, loadCampaignData, NoBaselineError } from '../../reports/figures.ts';
import { overviewOf } from '../../reports/overview.ts';
import { spreadOf } from '../../reports/spread.ts';
import { figureTables } from '../../reports/tables.ts';
import { closeSource, describeSource, openBundleSource, openDatabaseSource, resultsDb } from '../../reports/source.ts';

type ResultsNames =
  | 'results.campaigns'
  | 'results.figures'
  | 'results.overview'
  | 'results.spread'
  | 'results.tables'
  | 'results.source'
  | 'results.openDatabase'
  | 'results.openBundle'
  | 'results.closeSource';

/** Runs fn and turns "no such campaign / baseline" into a not-found contract error. */
export function withCampaign<T>(ctx: CoreContext, campaignId: number, fn: () => T): T {
  const db = resultsDb(ctx);
  if (!campaignExists(db, campaignId)) {
    throw new ContractError('not-found', `No campaign ${campaignId} in ${describeSource(ctx).path}.`);
  }
  try {
    return fn();
  } catch (error) {
    if (error instanceof NoBaselineError) throw new ContractError('not-found', error.message);
    throw error;
  }
}

/** The campaign asked for, else the one the Compare page opens on; a not-found error when the source has none. */
function campaignOrLatest(ctx: CoreContext, campaignId: number | undefined): number {
  if (campaignId !== undefined) return campaignId;
  const latest = latestResultsCampaign(resultsDb(ctx));
  if (latest === undefined) throw new ContractError('not-found', `No campaign in ${describeSource(ctx).path}.`);
  return latest;
}

function opening<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ContractError) throw error;
    throw new ContractError('failed', `Cannot open ${what}: ${(error as Error).message}`);
  }
}

export function resultsHandlers(ctx: CoreContext): Pick<Handlers, ResultsNames> {
  return {
    'results.campaigns': async () => listResultsCampaigns(resultsDb(ctx)),
    'results.figures': async ({ campaignId: asked, baseline, platforms, mode = 'relative' }) => {
      const campaignId = campaignOrLatest(ctx, asked);
      return withCampaign(ctx, campaignId, () => campaignFiguresResult(resultsDb(ctx), campaignId, { baseline, platforms, mode }));
    },
    'results.overview': async ({ campaignId: asked, baseline, platforms }) => {
      const campaignId = campaignOrLatest(ctx, asked);
      return withCampaign(ctx, campaignId, () => overviewOf(campaignId, loadCampaignData(resultsDb(ctx), campaignId, { baseline, platforms })));
    },
    'results.spread': async ({ campaignId: asked, baseline, platforms, benchmark, metric }) => {
      const campaignId = campaignOrLatest(ctx, asked);
      return withCampaign(ctx, campaignId, () => spreadOf(resultsDb(ctx), campaignId, { baseline, platforms, benchmark, metric }));
    },
    'results.tables': async ({ campaignId: asked, baseline, platforms, mode = 'relative' }) => {
      const campaignId = campaignOrLatest(ctx, asked);
      return withCampaign(ctx, campaignId, () =>
        campaignFiguresResult(resultsDb(ctx), campaignId, { baseline, platforms, mode }).figures.flatMap(figureTables),
      );
    },
    'results.source': async () => describeSource(ctx),
    'results.openDatabase': async ({ path }) => opening(path, () => openDatabaseSource(ctx, path)),
    'results.openBundle': async ({ path }) => opening(path, () => openBundleSource(ctx, path)),
    'results.closeSource': async () => closeSource(ctx),
  };
}
