// A run's exit status is a column, written with the move to 'parsing', not read back from the transition's prose.
// Runs stored before it get theirs from that prose once, here.
import type { Migration } from './migration.ts';

export const migration008: Migration = {
  version: 8,
  name: 'run-exit-code',
  up(db) {
    db.exec(`
ALTER TABLE runs ADD COLUMN exit_code INTEGER;
UPDATE runs SET exit_code = (
  SELECT CAST(substr(t.detail, length('exit code ') + 1) AS INTEGER) FROM run_transitions t
  WHERE t.run_id = runs.id AND t.to_state = 'parsing' AND t.detail GLOB 'exit code [0-9]*' ORDER BY t.id LIMIT 1
);
`);
  },
};
