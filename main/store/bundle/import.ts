// Merges a bundle into the database. The bundle is checked whole first (SQLite header, integrity, marker,
// version, tables, row counts, references) on a read-only handle; only then is the target touched, in one
// transaction. Rows are matched by UUID: importing the same bundle twice adds nothing the second time.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { TECHNOLOGIES } from '../migrations/001-inventory.ts';
import { RUN_STATES, CAMPAIGN_STATES } from '../run-states.ts';
import { createHash } from 'node:crypto';
import { checkBundleSchema } from './schema-check.ts';
import { checkBundleRows, type ScenarioCheck } from './rows.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleError, COUNTED_TABLES, contentDigest } from './format.ts';

export interface ImportResult {
  added: string[];
  alreadyPresent: string[];
  runs: number;
  metrics: number;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(100);
    const n = readSync(fd, b, 0, 100, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Opens and checks a bundle; throws BundleError with a sentence saying what is wrong. */
export function openBundle(path: string, checkScenario: ScenarioCheck): Database {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new BundleError(`${path}: no such file`);
  }
  const header = readHeader(path);
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) throw new BundleError(`${path} is not a VirtLab bundle (not an SQLite file)`);
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  if (pages > 0 && size < pageSize * pages) throw new BundleError(`${path} is truncated: ${size} bytes, its header says ${pageSize * pages}`);
  let b: Database;
  try {
    b = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BundleError(`${path} cannot be opened: ${(e as Error).message}`);
  }
  try {
    checkBundleSchema(b, path);
    let check: string;
    try {
      check = b.pragma('integrity_check', { simple: true }) as string;
    } catch (e) {
      throw new BundleError(`${path} is corrupt: ${(e as Error).message}`);
    }
    if (check !== 'ok') throw new BundleError(`${path} is corrupt: ${check}`);
    const hasMarker = b.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'virtlab_bundle'").get();
    if (!hasMarker) throw new BundleError(`${path} is an SQLite file but not a VirtLab bundle (no virtlab_bundle table)`);
    const meta = new Map((b.prepare('SELECT key, value FROM virtlab_bundle').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    if (meta.get('format') !== BUNDLE_FORMAT) throw new BundleError(`${path} is not a VirtLab bundle (format ${JSON.stringify(meta.get('format') ?? null)})`);
    const version = Number(meta.get('version'));
    if (!Number.isInteger(version) || version < 1) throw new BundleError(`${path}: bundle version ${JSON.stringify(meta.get('version') ?? null)} is not valid`);
    if (version > BUNDLE_VERSION)
      throw new BundleError(`${path} is a version ${version} bundle; this VirtLab reads up to version ${BUNDLE_VERSION}: upgrade VirtLab`);
    for (const t of COUNTED_TABLES) {
      if (!b.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t)) throw new BundleError(`${path}: table ${t} is missing`);
    }
    let counts: Record<string, number>;
    try {
      counts = JSON.parse(meta.get('counts') ?? '') as Record<string, number>;
    } catch {
      throw new BundleError(`${path}: row counts are missing`);
    }
    for (const t of COUNTED_TABLES) {
      const n = (b.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
      if (n !== counts[t]) throw new BundleError(`${path} is incomplete: ${t} has ${n} rows, the bundle says ${counts[t]}`);
    }
    let digest: string;
    try {
      digest = contentDigest(b, () => createHash('sha256'));
    } catch (e) {
      throw new BundleError(`${path} is corrupt: ${(e as Error).message}`);
    }
    if (digest !== meta.get('content_sha256')) throw new BundleError(`${path} is corrupt: its content does not match its checksum`);
    const fk = b.pragma('foreign_key_check') as unknown[];
    if (fk.length) throw new BundleError(`${path} is inconsistent: ${fk.length} row(s) refer to rows that are not in it`);
    const bad = (sql: string) => (b.prepare(sql).get() as { n: number }).n;
    const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
    if (bad(`SELECT COUNT(*) AS n FROM runs WHERE state NOT IN (${list(RUN_STATES)})`)) throw new BundleError(`${path}: a run has an unknown state`);
    if (bad(`SELECT COUNT(*) AS n FROM campaigns WHERE state NOT IN (${list(CAMPAIGN_STATES)})`))
      throw new BundleError(`${path}: a campaign has an unknown state`);
    if (bad(`SELECT COUNT(*) AS n FROM platforms WHERE technology NOT IN (${list(TECHNOLOGIES)})`))
      throw new BundleError(`${path}: a platform has an unknown technology`);
    checkBundleRows(b, path, checkScenario);
    return b;
  } catch (e) {
    b.close();
    throw e;
  }
}

interface BPlatform {
  name: string;
  technology: string;
  product: string;
  version: string | null;
  is_baseline: number;
}
interface BScenario {
  uuid: string;
  name: string;
  version: number;
  json: string;
  created_at: number;
}

export function importBundle(db: Database, path: string, checkScenario: ScenarioCheck, now: () => number = Date.now): ImportResult {
  const b = openBundle(path, checkScenario);
  try {
    const platforms = b.prepare('SELECT * FROM platforms').all() as BPlatform[];
    const scenarios = b.prepare('SELECT * FROM scenarios').all() as BScenario[];
    const campaigns = b.prepare('SELECT * FROM campaigns ORDER BY created_at, uuid').all() as Record<string, unknown>[];
    const runsOf = b.prepare('SELECT * FROM runs WHERE campaign_uuid = ? ORDER BY plan_index, attempt');
    const transitionsOf = b.prepare('SELECT * FROM run_transitions WHERE run_uuid = ? ORDER BY seq');
    const metricsOf = b.prepare('SELECT * FROM metrics WHERE run_uuid = ?');
    const logsOf = b.prepare('SELECT * FROM raw_logs WHERE run_uuid = ?');

    const apply = db.transaction((): ImportResult => {
      const result: ImportResult = { added: [], alreadyPresent: [], runs: 0, metrics: 0 };
      const platformId = new Map<string, number>();
      for (const p of platforms) {
        const row = db.prepare('SELECT id, technology FROM platforms WHERE name = ?').get(p.name) as { id: number; technology: string } | undefined;
        if (row && row.technology !== p.technology) {
          throw new BundleError(`platform ${p.name} is ${p.technology} in the bundle but ${row.technology} here; rename one of them first`);
        }
        // One baseline: a bundle's baseline platform stays one only where this database has none yet.
        const baseline = p.is_baseline === 1 && !db.prepare('SELECT 1 FROM platforms WHERE is_baseline = 1').get() ? 1 : 0;
        platformId.set(
          p.name,
          row?.id ??
            Number(
              db
                .prepare('INSERT INTO platforms (name, technology, product, version, is_baseline, created_at) VALUES (?, ?, ?, ?, ?, ?)')
                .run(p.name, p.technology, p.product, p.version, baseline, now()).lastInsertRowid,
            ),
        );
      }
      const scenarioId = new Map<string, number>();
      for (const s of scenarios) {
        const byUuid = db.prepare('SELECT id FROM scenarios WHERE uuid = ?').get(s.uuid) as { id: number } | undefined;
        if (byUuid) {
          scenarioId.set(s.uuid, byUuid.id);
          continue;
        }
        const same = db.prepare('SELECT id FROM scenarios WHERE name = ? AND json = ?').get(s.name, s.json) as { id: number } | undefined;
        if (same) {
          scenarioId.set(s.uuid, same.id);
          continue;
        }
        // Same name, different content: keep both, the imported one as the next version here.
        const taken = db.prepare('SELECT 1 FROM scenarios WHERE name = ? AND version = ?').get(s.name, s.version);
        const version = taken ? (db.prepare('SELECT MAX(version) AS v FROM scenarios WHERE name = ?').get(s.name) as { v: number }).v + 1 : s.version;
        scenarioId.set(
          s.uuid,
          Number(
            db
              .prepare('INSERT INTO scenarios (name, version, json, created_at, uuid) VALUES (?, ?, ?, ?, ?)')
              .run(s.name, version, s.json, s.created_at, s.uuid).lastInsertRowid,
          ),
        );
      }
      const insRun = db.prepare(`INSERT INTO runs (campaign_id, plan_index, platform_id, benchmark, params_json, repetition, node_count, state, attempt,
        remote_run_id, command, benchmark_version, compiler_version, started_at, ended_at, error, uuid, endpoints_json, estimate_sec)
        VALUES (@campaign_id, @plan_index, @platform_id, @benchmark, @params_json, @repetition, @node_count, @state, @attempt,
        @remote_run_id, @command, @benchmark_version, @compiler_version, @started_at, @ended_at, @error, @uuid, @endpoints_json, @estimate_sec)`);
      const insT = db.prepare('INSERT INTO run_transitions (run_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)');
      const insM = db.prepare('INSERT INTO metrics (run_id, name, point, value, unit, better) VALUES (?, ?, ?, ?, ?, ?)');
      const insL = db.prepare('INSERT INTO raw_logs (run_id, stream, encoding, data, size, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const c of campaigns) {
        const uuid = c['uuid'] as string;
        if (db.prepare('SELECT 1 FROM campaigns WHERE uuid = ?').get(uuid)) {
          result.alreadyPresent.push(uuid);
          continue;
        }
        const cid = Number(
          db
            .prepare(
              `INSERT INTO campaigns (scenario_id, name, state, created_at, started_at, ended_at, uuid, seed, options_json)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              scenarioId.get(c['scenario_uuid'] as string),
              c['name'],
              c['state'],
              c['created_at'],
              c['started_at'],
              c['ended_at'],
              uuid,
              c['seed'],
              c['options_json'],
            ).lastInsertRowid,
        );
        result.added.push(uuid);
        for (const r of runsOf.iterate(uuid) as IterableIterator<Record<string, unknown>>) {
          if (db.prepare('SELECT 1 FROM runs WHERE uuid = ?').get(r['uuid']))
            throw new BundleError(`run ${String(r['uuid'])} already exists under another campaign`);
          const { campaign_uuid: _c, platform, ...rest } = r;
          const rid = Number(insRun.run({ ...rest, campaign_id: cid, platform_id: platformId.get(platform as string) }).lastInsertRowid);
          result.runs++;
          for (const t of transitionsOf.iterate(r['uuid']) as IterableIterator<Record<string, unknown>>)
            insT.run(rid, t['from_state'], t['to_state'], t['at'], t['detail']);
          for (const m of metricsOf.iterate(r['uuid']) as IterableIterator<Record<string, unknown>>) {
            insM.run(rid, m['name'], m['point'], m['value'], m['unit'], m['better']);
            result.metrics++;
          }
          for (const l of logsOf.iterate(r['uuid']) as IterableIterator<Record<string, unknown>>)
            insL.run(rid, l['stream'], l['encoding'], l['data'], l['size'], l['sha256'], l['created_at']);
        }
      }
      return result;
    });
    return apply.immediate();
  } finally {
    b.close();
  }
}
