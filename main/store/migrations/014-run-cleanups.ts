// Runs whose remote leftovers (job folder, a server, scratch) are still to be removed (014). The executor records a
// run's outcome first and removes what it left afterwards, in the background, overlapping the next run's start; the
// row, written with the run's output, says the removal is due until it is done, so a process that dies in between
// leaves it to the next one (a resume) instead of to nobody.
import type { Migration } from './migration.ts';

export const migration014: Migration = {
  version: 14,
  name: 'run-cleanups',
  up(db) {
    db.exec(`
CREATE TABLE run_cleanups (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  due_at INTEGER NOT NULL
) STRICT;
`);
  },
};
