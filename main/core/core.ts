// The headless core: one database, one event bus, every handler. Electron, the bridge and the CLI all start it here.
import { mkdirSync } from 'node:fs';
import { databaseFile } from '../config/data-dir.ts';
import { openDatabase } from '../store/open-database.ts';
import { schemaVersion } from '../store/migrate.ts';
import type { Handlers } from '../contract/procedures.ts';
import { EventBus } from './event-bus.ts';
import type { CoreContext } from './context.ts';
import { createHandlers } from './handlers/index.ts';

export interface CoreOptions {
  dataDir: string;
  host: 'electron' | 'bridge';
  /** Path of a better-sqlite3 binary built for the running ABI (Electron's), if not Node's. */
  nativeBinding?: string;
}

export interface Core {
  readonly context: CoreContext;
  readonly handlers: Handlers;
  readonly bus: EventBus;
  close(): void;
}

export function startCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const databasePath = databaseFile(options.dataDir);
  const db = openDatabase({ path: databasePath, nativeBinding: options.nativeBinding });
  const bus = new EventBus();
  const context: CoreContext = {
    dataDir: options.dataDir,
    databasePath,
    host: options.host,
    db,
    bus,
    schemaVersion: () => schemaVersion(db),
  };
  const handlers = createHandlers(context);
  return {
    context,
    handlers,
    bus,
    close: () => db.close(),
  };
}
