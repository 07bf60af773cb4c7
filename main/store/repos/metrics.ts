// Parsed metric values of runs. insertMetrics writes a whole batch in one transaction, many rows per statement.
import type { Database, Statement } from 'better-sqlite3';

export type Better = 'lower' | 'higher';

export interface MetricRow {
  runId: number;
  name: string;
  /** The x of the measurement (message size, file size, kernel...); '' when there is none. */
  point: string;
  value: number;
  unit: string;
  better: Better;
}

// Rows per multi-row INSERT: fewer calls across the native boundary, well under SQLite's 32766 bound parameters.
const CHUNK = 128;
const COLS = 6;

function placeholders(rows: number): string {
  return Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
}

function check(r: MetricRow): void {
  if (!Number.isFinite(r.value)) throw new RangeError(`metric ${r.name}@${r.point} of run ${r.runId}: value ${r.value} is not a finite number`);
  if (r.better !== 'lower' && r.better !== 'higher') throw new RangeError(`metric ${r.name}: better must be 'lower' or 'higher'`);
}

export function createMetricsRepo(db: Database) {
  const sql = (n: number) => `INSERT INTO metrics (run_id, name, point, value, unit, better) VALUES ${placeholders(n)}`;
  const chunkInsert = db.prepare(sql(CHUNK));
  const singles = new Map<number, Statement>();
  const insertN = (n: number) => {
    let s = singles.get(n);
    if (!s) singles.set(n, (s = db.prepare(sql(n))));
    return s;
  };
  const byRun = db.prepare('SELECT run_id AS runId, name, point, value, unit, better FROM metrics WHERE run_id = ? ORDER BY name, point') as Statement<
    [number],
    MetricRow
  >;
  const args: unknown[] = new Array(CHUNK * COLS);

  const insertAll = db.transaction((rows: readonly MetricRow[]) => {
    let i = 0;
    for (; i + CHUNK <= rows.length; i += CHUNK) {
      for (let j = 0; j < CHUNK; j++) {
        const r = rows[i + j]!;
        check(r);
        const o = j * COLS;
        args[o] = r.runId;
        args[o + 1] = r.name;
        args[o + 2] = r.point;
        args[o + 3] = r.value;
        args[o + 4] = r.unit;
        args[o + 5] = r.better;
      }
      chunkInsert.run(args);
    }
    const rest = rows.length - i;
    if (rest > 0) {
      const tail: unknown[] = [];
      for (; i < rows.length; i++) {
        const r = rows[i]!;
        check(r);
        tail.push(r.runId, r.name, r.point, r.value, r.unit, r.better);
      }
      insertN(rest).run(tail);
    }
    return rows.length;
  });

  return {
    /** All rows or none. Throws on a non-finite value or a duplicate (run, name, point). */
    insertMetrics: (rows: readonly MetricRow[]): number => insertAll.immediate(rows),
    listByRun: (runId: number): MetricRow[] => byRun.all(runId),
  };
}
export type MetricsRepo = ReturnType<typeof createMetricsRepo>;
