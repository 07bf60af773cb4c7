// Platforms (what is compared: native, a hypervisor, a container technology) and the endpoints they run on.
import type { Database, Statement } from 'better-sqlite3';
import type { TECHNOLOGIES } from '../migrations/001-inventory.ts';

/** The virtualization taxonomy of the comparison (not the product: that is `product`). */
export type Technology = (typeof TECHNOLOGIES)[number];

export interface NewPlatform {
  name: string;
  technology: Technology;
  product: string;
  version?: string | null;
  isBaseline?: boolean;
  /** main/platforms/catalog.ts provider name; absent: from the technology (native or ssh-guest). */
  provider?: string;
  /** The provider's settings, already read by its schema. */
  settings?: Record<string, unknown>;
  /** main/backends/catalog.ts backend name its runs go through; absent: ssh. */
  backend?: string;
  /** The backend's settings, already read by its schema. */
  backendSettings?: Record<string, unknown>;
}
export interface Platform {
  id: number;
  name: string;
  technology: Technology;
  product: string;
  version: string | null;
  isBaseline: boolean;
  createdAt: number;
  provider: string | null;
  settings: Record<string, unknown>;
  backend: string | null;
  backendSettings: Record<string, unknown>;
}

export interface NewEndpoint {
  platformId: number;
  hostId: number;
  ordinal?: number;
}
export interface Endpoint {
  id: number;
  platformId: number;
  hostId: number;
  ordinal: number;
}

type PlatformRow = Omit<Platform, 'isBaseline' | 'settings' | 'backendSettings'> & { isBaseline: number; settingsJson: string; backendSettingsJson: string };
const COLS =
  'id, name, technology, product, version, is_baseline AS isBaseline, created_at AS createdAt, provider, settings_json AS settingsJson, backend, backend_settings_json AS backendSettingsJson';
const toPlatform = ({ settingsJson, backendSettingsJson, ...r }: PlatformRow): Platform => ({
  ...r,
  isBaseline: r.isBaseline === 1,
  settings: JSON.parse(settingsJson) as Record<string, unknown>,
  backendSettings: JSON.parse(backendSettingsJson) as Record<string, unknown>,
});

export function createPlatformsRepo(db: Database, now: () => number = Date.now) {
  const insert = db.prepare(
    'INSERT INTO platforms (name, technology, product, version, is_baseline, created_at, provider, settings_json, backend, backend_settings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare(`SELECT ${COLS} FROM platforms WHERE id = ?`) as Statement<[number], PlatformRow>;
  const byName = db.prepare(`SELECT ${COLS} FROM platforms WHERE name = ?`) as Statement<[string], PlatformRow>;
  const all = db.prepare(`SELECT ${COLS} FROM platforms ORDER BY is_baseline DESC, name`) as Statement<[], PlatformRow>;
  const insertEndpoint = db.prepare('INSERT INTO platform_endpoints (platform_id, host_id, ordinal) VALUES (?, ?, ?)');
  const endpoints = db.prepare(`SELECT id, platform_id AS platformId, host_id AS hostId, ordinal
    FROM platform_endpoints WHERE platform_id = ? ORDER BY ordinal`) as Statement<[number], Endpoint>;

  return {
    create: (p: NewPlatform): number =>
      Number(
        insert.run(
          p.name,
          p.technology,
          p.product,
          p.version ?? null,
          p.isBaseline ? 1 : 0,
          now(),
          p.provider ?? null,
          JSON.stringify(p.settings ?? {}),
          p.backend ?? null,
          JSON.stringify(p.backendSettings ?? {}),
        ).lastInsertRowid,
      ),
    get: (id: number): Platform | undefined => {
      const r = byId.get(id);
      return r ? toPlatform(r) : undefined;
    },
    findByName: (name: string): Platform | undefined => {
      const r = byName.get(name);
      return r ? toPlatform(r) : undefined;
    },
    list: (): Platform[] => all.all().map(toPlatform),
    addEndpoint: (e: NewEndpoint): number => Number(insertEndpoint.run(e.platformId, e.hostId, e.ordinal ?? 0).lastInsertRowid),
    listEndpoints: (platformId: number): Endpoint[] => endpoints.all(platformId),
  };
}
export type PlatformsRepo = ReturnType<typeof createPlatformsRepo>;
