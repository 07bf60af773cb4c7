// One call from a campaign id to the paper's figure datasets: observations (or SQL moments for big campaigns) in,
// summaries and figures out. The analysis itself stays pure; this is only the glue.
import type { Database } from 'better-sqlite3';
import { allFigures, type FigureDataset } from '../../analysis/figures.ts';
import { summarizeMoments, summarizeObservations, compareKeys } from '../../analysis/summary.ts';
import type { DescribeOptions } from '../../analysis/describe.ts';
import type { Summary } from '../../analysis/types.ts';
import { aggregateObservations, iterateObservations, loadFailedRuns, scenarioBaseline } from './comparison.ts';

export interface CampaignFiguresOptions extends DescribeOptions {
  /** Baseline platform name; defaults to the scenario's baseline. */
  baseline?: string;
  /** 'raw' streams every value (medians included); 'moments' reads the SQL rollup (no medians, constant cost). */
  source?: 'raw' | 'moments';
  alpha?: number;
}

export function campaignSummaries(db: Database, campaignId: number, options: CampaignFiguresOptions = {}): Summary[] {
  return options.source === 'moments'
    ? aggregateObservations(db, campaignId)
        .map((g) => summarizeMoments(g, options))
        .sort(compareKeys)
    : summarizeObservations(iterateObservations(db, campaignId), options);
}

export function campaignFigures(db: Database, campaignId: number, options: CampaignFiguresOptions = {}): FigureDataset[] {
  const baseline = options.baseline ?? scenarioBaseline(db, campaignId);
  if (!baseline) throw new Error(`campaign ${campaignId}: its scenario names no baseline; pass one explicitly`);
  return allFigures({
    summaries: campaignSummaries(db, campaignId, options),
    failed: loadFailedRuns(db, campaignId),
    baseline,
    ...(options.confidence !== undefined ? { confidence: options.confidence } : {}),
    ...(options.alpha !== undefined ? { alpha: options.alpha } : {}),
  });
}
