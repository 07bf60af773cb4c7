// The shape of one schema migration. Versions are integers, applied in ascending order, never edited once shipped.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** Runs inside a transaction opened by migrate(); must not open its own. */
  up(db: Database): void;
}
