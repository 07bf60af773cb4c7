// Writes campaigns (all, or the ones named by UUID) into a new bundle file: written beside the target and
// renamed into place at the end, so a failed export never leaves a half file under the final name.
import { renameSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { schemaVersion } from '../migrate.ts';
import { createHash } from 'node:crypto';
import { BUNDLE_FORMAT, BUNDLE_SCHEMA, BUNDLE_VERSION, BundleError, COUNTED_TABLES, contentDigest } from './format.ts';

export interface ExportResult {
  path: string;
  campaigns: number;
  runs: number;
  metrics: number;
  rawLogs: number;
}

export function exportBundle(db: Database, path: string, campaignUuids?: readonly string[]): ExportResult {
  const all = db.prepare('SELECT id, uuid FROM campaigns ORDER BY id').all() as { id: number; uuid: string }[];
  const chosen = campaignUuids ? all.filter((c) => campaignUuids.includes(c.uuid)) : all;
  if (campaignUuids) {
    const missing = campaignUuids.filter((u) => !all.some((c) => c.uuid === u));
    if (missing.length) throw new BundleError(`no campaign with UUID ${missing.join(', ')}`);
  }
  const tmp = `${path}.partial-${process.pid}`;
  rmSync(tmp, { force: true });
  const out = new BetterSqlite3(tmp);
  try {
    out.pragma('journal_mode = DELETE');
    out.exec(BUNDLE_SCHEMA);
    const ids = chosen.map((c) => c.id);
    const inIds = `(${ids.map(() => '?').join(', ') || 'NULL'})`;
    const copy = out.transaction(() => {
      const platforms = db
        .prepare(
          `SELECT DISTINCT p.name, p.technology, p.product, p.version, p.is_baseline FROM platforms p
        JOIN runs r ON r.platform_id = p.id WHERE r.campaign_id IN ${inIds}`,
        )
        .all(...ids);
      const insP = out.prepare('INSERT INTO platforms VALUES (@name, @technology, @product, @version, @is_baseline)');
      for (const p of platforms) insP.run(p);
      const scenarios = db
        .prepare(
          `SELECT DISTINCT s.uuid, s.name, s.version, s.json, s.created_at FROM scenarios s
        JOIN campaigns c ON c.scenario_id = s.id WHERE c.id IN ${inIds}`,
        )
        .all(...ids);
      const insS = out.prepare('INSERT INTO scenarios VALUES (@uuid, @name, @version, @json, @created_at)');
      for (const s of scenarios) insS.run(s);
      const insC = out.prepare(
        'INSERT INTO campaigns VALUES (@uuid, @scenario_uuid, @name, @state, @created_at, @started_at, @ended_at, @seed, @options_json)',
      );
      for (const c of db
        .prepare(
          `SELECT c.uuid, s.uuid AS scenario_uuid, c.name, c.state, c.created_at, c.started_at, c.ended_at, c.seed, c.options_json
        FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE c.id IN ${inIds}`,
        )
        .iterate(...ids))
        insC.run(c);
      const insR = out.prepare(`INSERT INTO runs VALUES (@uuid, @campaign_uuid, @plan_index, @platform, @benchmark, @params_json, @repetition, @node_count,
        @state, @attempt, @remote_run_id, @endpoints_json, @estimate_sec, @command, @benchmark_version, @compiler_version, @started_at, @ended_at, @error)`);
      for (const r of db
        .prepare(
          `SELECT r.uuid, c.uuid AS campaign_uuid, r.plan_index, p.name AS platform, r.benchmark, r.params_json, r.repetition,
          r.node_count, r.state, r.attempt, r.remote_run_id, r.endpoints_json, r.estimate_sec, r.command, r.benchmark_version, r.compiler_version,
          r.started_at, r.ended_at, r.error
        FROM runs r JOIN campaigns c ON c.id = r.campaign_id JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id IN ${inIds}`,
        )
        .iterate(...ids))
        insR.run(r);
      const insT = out.prepare('INSERT INTO run_transitions VALUES (@run_uuid, @seq, @from_state, @to_state, @at, @detail)');
      for (const t of db
        .prepare(
          `SELECT r.uuid AS run_uuid, t.id AS seq, t.from_state, t.to_state, t.at, t.detail
        FROM run_transitions t JOIN runs r ON r.id = t.run_id WHERE r.campaign_id IN ${inIds}`,
        )
        .iterate(...ids))
        insT.run(t);
      const insM = out.prepare('INSERT INTO metrics VALUES (@run_uuid, @name, @point, @value, @unit, @better)');
      for (const m of db
        .prepare(
          `SELECT r.uuid AS run_uuid, m.name, m.point, m.value, m.unit, m.better
        FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.campaign_id IN ${inIds}`,
        )
        .iterate(...ids))
        insM.run(m);
      const insL = out.prepare('INSERT INTO raw_logs VALUES (@run_uuid, @stream, @encoding, @data, @size, @sha256, @created_at)');
      for (const l of db
        .prepare(
          `SELECT r.uuid AS run_uuid, l.stream, l.encoding, l.data, l.size, l.sha256, l.created_at
        FROM raw_logs l JOIN runs r ON r.id = l.run_id WHERE r.campaign_id IN ${inIds}`,
        )
        .iterate(...ids))
        insL.run(l);
      const meta = out.prepare('INSERT INTO virtlab_bundle (key, value) VALUES (?, ?)');
      meta.run('format', BUNDLE_FORMAT);
      meta.run('version', String(BUNDLE_VERSION));
      meta.run('created_at', new Date().toISOString());
      meta.run('source_schema_version', String(schemaVersion(db)));
      const counts = Object.fromEntries(COUNTED_TABLES.map((t) => [t, (out.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
      meta.run('counts', JSON.stringify(counts));
      meta.run(
        'content_sha256',
        contentDigest(out, () => createHash('sha256')),
      );
      return counts;
    });
    const counts = copy.immediate() as Record<string, number>;
    out.close();
    renameSync(tmp, path);
    return { path, campaigns: counts['campaigns']!, runs: counts['runs']!, metrics: counts['metrics']!, rawLogs: counts['raw_logs']! };
  } catch (e) {
    if (out.open) out.close();
    rmSync(tmp, { force: true });
    throw e;
  }
}
