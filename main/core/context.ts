// What handlers share: the open database, the event bus and where things live.
import type { Database } from 'better-sqlite3';
import type { EventBus } from './event-bus.ts';

export interface CoreContext {
  readonly dataDir: string;
  readonly databasePath: string;
  readonly host: 'electron' | 'bridge';
  readonly db: Database;
  readonly bus: EventBus;
  schemaVersion(): number;
}
