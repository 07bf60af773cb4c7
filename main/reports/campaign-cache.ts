// One pass over a campaign's metric rows serves the figures, the overview and the spread of the same view: the
// Compare page asks for all three at once, and each used to read and summarize every row again. Kept per database
// handle for the last campaign read, and only while nothing in the database changed: the stamp joins SQLite's
// data_version (moves on commits by other connections) and total_changes() (rows this connection changed).
import type { Database } from 'better-sqlite3';
import { summarizeObservations } from '../analysis/summary.ts';
import type { MetricObservation, Summary } from '../analysis/types.ts';
import { loadObservations } from '../store/queries/comparison.ts';

interface Entry { campaignId: number; stamp: string; observations: readonly MetricObservation[]; summaries?: readonly Summary[] }

const cache = new WeakMap<Database, Entry>();

function stampOf(db: Database): string {
  const version = db.pragma('data_version', { simple: true }) as number;
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  return `${version}:${changes}`;
}

function entry(db: Database, campaignId: number): Entry {
  const stamp = stampOf(db);
  const hit = cache.get(db);
  if (hit && hit.campaignId === campaignId && hit.stamp === stamp) return hit;
  const fresh: Entry = { campaignId, stamp, observations: loadObservations(db, campaignId) };
  cache.set(db, fresh);
  return fresh;
}

/** Every metric observation of the campaign (shared: read, never change). */
export function campaignObservations(db: Database, campaignId: number): readonly MetricObservation[] {
  return entry(db, campaignId).observations;
}

/** The campaign's summaries from the raw values, medians included (shared: read, never change). */
export function campaignRawSummaries(db: Database, campaignId: number): readonly Summary[] {
  const e = entry(db, campaignId);
  e.summaries ??= summarizeObservations(e.observations);
  return e.summaries;
}
