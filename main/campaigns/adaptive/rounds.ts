// The executor's side of adaptive repetitions: when a run of a point finishes (and once after a restart), decide
// from the stored results whether the point needs another round, and append it to the queue: one run per platform,
// in the scenario's order (interleaved: platform order; randomized: shuffled by the campaign's seed). Deciding
// again from the same rows gives the same answer, and the append refuses a round already there, so a crash between
// a run's end and its point's decision neither loses nor doubles a round.
import type { Database } from '../../store/database.ts';
import { Scenario, type AdaptiveRepetitions } from '../../contract/scenarios.ts';
import type { AdaptivePoint } from '../../contract/campaigns.ts';
import { seededShuffle } from '../../scenarios/rng.ts';
import { appendRound, campaignDefinition, measuredValues, pointRuns } from '../../store/queries/adaptive-rounds.ts';
import { decidePoint } from './decide.ts';
import { groupPoints, pointStatus, recordOf, valuesByRun, type Point } from './points.ts';

export interface AdaptiveRounds {
  /** Appends the next round of every point that needs one; returns a line per round queued. */
  reconcile(): string[];
  status(ended: boolean): AdaptivePoint[];
}

interface Setup {
  scenario: Scenario & { adaptive: AdaptiveRepetitions };
  seed: number | null;
}

function setupOf(db: Database, campaignId: number): Setup | null {
  const def = campaignDefinition(db, campaignId);
  const scenario = Scenario.parse(JSON.parse(def.scenarioJson));
  return scenario.adaptive ? { scenario: scenario as Setup['scenario'], seed: def.seed } : null;
}

/** A small stable hash of a point and round, mixed into the seed so every round gets its own platform order. */
function roundSeed(seed: number, key: string, repetition: number): number {
  let h = (seed ^ Math.imul(repetition + 1, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Null when the campaign's scenario has a fixed repetition count. */
export function adaptiveRounds(db: Database, campaignId: number, now: () => number = Date.now): AdaptiveRounds | null {
  const setup = setupOf(db, campaignId);
  if (!setup) return null;
  const { scenario, seed } = setup;
  const config = scenario.adaptive;

  const platformsInOrder = (point: Point, repetition: number): string[] => {
    const own = scenario.platforms.filter((p) => point.runs.some((r) => r.platform === p));
    return scenario.order === 'randomized' && seed !== null ? seededShuffle(own, roundSeed(seed, point.key, repetition)) : own;
  };

  return {
    reconcile() {
      const values = valuesByRun(measuredValues(db, campaignId));
      const lines: string[] = [];
      for (const point of groupPoints(pointRuns(db, campaignId))) {
        const { record } = recordOf(point, values);
        const d = decidePoint(record, config, scenario.baseline);
        if (d.kind !== 'more') continue;
        const repetition = record.rounds;
        const entries = platformsInOrder(point, repetition).map((platform) => {
          const like = point.runs.find((r) => r.platform === platform)!;
          return { platformId: like.platformId, estimateSec: like.estimateSec };
        });
        const added = appendRound(db, campaignId, point, repetition, entries, now());
        if (added.length) {
          const width = d.widthPct === null ? `not bounded yet${d.unknown ? `: ${d.unknown}` : ''}` : `+-${d.widthPct.toFixed(1)}%`;
          lines.push(
            `${pointStatus(point, values, config, scenario.baseline, false).label}: repetition ${repetition + 1} queued (interval ${width}, target +-${config.targetPct}%)`,
          );
        }
      }
      return lines;
    },
    status(ended) {
      const values = valuesByRun(measuredValues(db, campaignId));
      return groupPoints(pointRuns(db, campaignId)).map((p) => pointStatus(p, values, config, scenario.baseline, ended));
    },
  };
}

/** The campaign's adaptive rule (undefined for a fixed count). */
export function adaptiveConfig(db: Database, campaignId: number): AdaptiveRepetitions | undefined {
  return setupOf(db, campaignId)?.scenario.adaptive;
}

/** Each point's repetitions and why it stopped, for a campaign with adaptive repetitions (undefined otherwise). */
export function adaptiveStatus(db: Database, campaignId: number): AdaptivePoint[] | undefined {
  const { state } = campaignDefinition(db, campaignId);
  return adaptiveRounds(db, campaignId)?.status(['done', 'failed', 'cancelled'].includes(state));
}
