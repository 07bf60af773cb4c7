// Where results are read from: the live database (default), another database file opened read-only, or a bundle
// loaded in memory. One source per core context, shared by every handler instance of that core.
import { campaignCount } from '../store/queries/results-source.ts';
import type { Database } from '../store/database.ts';
import { resolve } from 'node:path';
import type { CoreContext } from '../core/context.ts';
import type { ResultsSource } from '../contract/results.ts';
import { openDatabase } from '../store/open-database.ts';
import { loadBundleInMemory } from '../store/bundle/in-memory.ts';
import { checkBundledScenario } from '../campaigns/bundle/import.ts';

interface Current {
  kind: ResultsSource['kind'];
  path: string;
  db: Database;
}

const current = new WeakMap<CoreContext, Current>();

export function resultsDb(ctx: CoreContext): Database {
  return current.get(ctx)?.db ?? ctx.db;
}

export function describeSource(ctx: CoreContext): ResultsSource {
  const c = current.get(ctx);
  const db = c?.db ?? ctx.db;
  const campaigns = campaignCount(db);
  return c ? { kind: c.kind, path: c.path, readonly: true, campaigns } : { kind: 'live', path: ctx.databasePath, readonly: false, campaigns };
}

function replace(ctx: CoreContext, next: Current | undefined): ResultsSource {
  const old = current.get(ctx);
  if (next) current.set(ctx, next);
  else current.delete(ctx);
  if (old && old.db !== ctx.db) old.db.close();
  const source = describeSource(ctx);
  ctx.bus.emit('results.sourceChanged', source);
  return source;
}

export function openDatabaseSource(ctx: CoreContext, path: string): ResultsSource {
  const full = resolve(path);
  if (full === resolve(ctx.databasePath)) return replace(ctx, undefined);
  return replace(ctx, { kind: 'database', path: full, db: openDatabase({ path: full, readonly: true }) });
}

export function openBundleSource(ctx: CoreContext, path: string): ResultsSource {
  const full = resolve(path);
  return replace(ctx, { kind: 'bundle', path: full, db: loadBundleInMemory(full, checkBundledScenario) });
}

export function closeSource(ctx: CoreContext): ResultsSource {
  return replace(ctx, undefined);
}
