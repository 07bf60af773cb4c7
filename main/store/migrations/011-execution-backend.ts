// Execution backends (011): a platform names the backend its runs go through (NULL: a detached job over SSH on the run's
// first endpoint) and that backend's settings (Slurm: login endpoint, partition, time limit...); a run keeps the
// backend's job id and the nodes the job got (SLURM_JOB_NODELIST), shown with the run.
import type { Migration } from './migration.ts';

export const migration011: Migration = {
  version: 11,
  name: 'execution-backend',
  up(db) {
    db.exec(`
ALTER TABLE platforms ADD COLUMN backend TEXT;   -- main/backends/catalog.ts name; NULL: ssh
ALTER TABLE platforms ADD COLUMN backend_settings_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(backend_settings_json));
ALTER TABLE runs ADD COLUMN job_id TEXT;         -- the backend's own job id (Slurm job id); NULL for SSH jobs
ALTER TABLE runs ADD COLUMN node_list TEXT;      -- the nodes the job got, as the backend names them
`);
  },
};
