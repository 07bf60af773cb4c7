// The resource ledger: what platform providers made on hosts for a campaign (main/platforms/provider.ts Ledger).
import type { Database, Statement } from 'better-sqlite3';

export type ResourceState = 'intended' | 'created' | 'removed';
export interface PlatformResource {
  id: number;
  campaignId: number;
  platform: string;
  host: string;
  kind: string;
  handle: string;
  detail: Record<string, unknown>;
  state: ResourceState;
  createdAt: number;
  updatedAt: number;
}
export interface NewPlatformResource {
  campaignId: number;
  platform: string;
  host: string;
  kind: string;
  handle: string;
  detail?: Record<string, unknown>;
}

type Row = Omit<PlatformResource, 'detail'> & { detailJson: string };
const COLS = `id, campaign_id AS campaignId, platform, host, kind, handle, detail_json AS detailJson, state,
  created_at AS createdAt, updated_at AS updatedAt`;
const toResource = ({ detailJson, ...r }: Row): PlatformResource => ({ ...r, detail: JSON.parse(detailJson) as Record<string, unknown> });

export function createPlatformResourcesRepo(db: Database, now: () => number = Date.now) {
  const insert = db.prepare(`INSERT INTO platform_resources (campaign_id, platform, host, kind, handle, detail_json, state, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'intended', ?, ?)`);
  const setState = db.prepare('UPDATE platform_resources SET state = ?, updated_at = ? WHERE id = ?');
  const byId = db.prepare(`SELECT ${COLS} FROM platform_resources WHERE id = ?`) as Statement<[number], Row>;
  const open = db.prepare(`SELECT ${COLS} FROM platform_resources WHERE campaign_id = ? AND platform = ? AND state <> 'removed' ORDER BY id`) as Statement<
    [number, string],
    Row
  >;
  const openOfCampaign = db.prepare(`SELECT ${COLS} FROM platform_resources WHERE campaign_id = ? AND state <> 'removed' ORDER BY id`) as Statement<
    [number],
    Row
  >;
  const all = db.prepare(`SELECT ${COLS} FROM platform_resources WHERE campaign_id = ? ORDER BY id`) as Statement<[number], Row>;

  return {
    /** Written before the resource is made (state 'intended'). */
    intend(r: NewPlatformResource): PlatformResource {
      const t = now();
      const id = Number(insert.run(r.campaignId, r.platform, r.host, r.kind, r.handle, JSON.stringify(r.detail ?? {}), t, t).lastInsertRowid);
      return toResource(byId.get(id)!);
    },
    setState: (id: number, state: ResourceState): void => {
      setState.run(state, now(), id);
    },
    /** Not yet removed, oldest first; one platform's, or the whole campaign's. */
    open: (campaignId: number, platform?: string): PlatformResource[] =>
      (platform === undefined ? openOfCampaign.all(campaignId) : open.all(campaignId, platform)).map(toResource),
    listByCampaign: (campaignId: number): PlatformResource[] => all.all(campaignId).map(toResource),
  };
}
export type PlatformResourcesRepo = ReturnType<typeof createPlatformResourcesRepo>;
