// What the report's lab section and environment appendix read: the endpoints of a campaign's platforms, the facts
// snapshot its runs recorded per endpoint, and the software versions its runs recorded.
import type { Database } from 'better-sqlite3';

export interface CampaignEndpointRow {
  platform: string;
  technology: string;
  product: string;
  /** The platform's provider (null: from before providers, main/lab-model/platforms.ts providerOf). */
  provider: string | null;
  host: string;
  hostId: number;
  endpointId: number;
  ordinal: number;
}
export interface SnapshotRow {
  id: number;
  takenAt: number;
  json: string;
}
export interface VersionRow {
  benchmark: string;
  platform: string;
  version: string | null;
  compiler: string | null;
}

export const hasTable = (db: Database, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** Every endpoint of the campaign's platforms, baseline first. */
export function campaignEndpoints(db: Database, campaignId: number): CampaignEndpointRow[] {
  return db
    .prepare(
      `SELECT p.name AS platform, p.technology AS technology, p.product AS product, p.provider AS provider, h.name AS host, h.id AS hostId,
      e.id AS endpointId, e.ordinal AS ordinal
    FROM platform_endpoints e JOIN platforms p ON p.id = e.platform_id JOIN hosts h ON h.id = e.host_id
    WHERE p.id IN (SELECT DISTINCT platform_id FROM runs WHERE campaign_id = ?) ORDER BY p.is_baseline DESC, p.name, e.ordinal`,
    )
    .all(campaignId) as CampaignEndpointRow[];
}

/** The latest facts snapshot the campaign's runs recorded for an endpoint, as a lookup by endpoint id: of the endpoint
 * a run's job ran on, or of one of its other endpoints (run_peer_facts, migration 015; absent in older databases). */
export function runSnapshotOf(db: Database, campaignId: number): (endpointId: number) => SnapshotRow | undefined {
  const peers = hasTable(db, 'run_peer_facts')
    ? ' OR f.id IN (SELECT pf.snapshot_id FROM run_peer_facts pf JOIN runs r ON r.id = pf.run_id WHERE r.campaign_id = @campaignId)'
    : '';
  const q = db.prepare(`SELECT f.id AS id, f.taken_at AS takenAt, f.json AS json FROM facts_snapshots f
    WHERE f.endpoint_id = @endpointId AND (f.id IN (SELECT facts_snapshot_id FROM runs WHERE campaign_id = @campaignId AND facts_snapshot_id IS NOT NULL)${peers})
    ORDER BY f.taken_at DESC, f.id DESC LIMIT 1`);
  return (endpointId) => q.get({ endpointId, campaignId }) as SnapshotRow | undefined;
}

/** Benchmark and compiler versions the campaign's runs recorded, per benchmark and platform. */
export function campaignVersions(db: Database, campaignId: number): VersionRow[] {
  return db
    .prepare(
      `SELECT DISTINCT r.benchmark, p.name AS platform, r.benchmark_version AS version, r.compiler_version AS compiler
    FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? ORDER BY r.benchmark, p.name`,
    )
    .all(campaignId) as VersionRow[];
}
