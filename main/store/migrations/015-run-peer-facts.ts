// The facts of a run's other endpoints (015): netperf's peer, the other nodes of an MPI run. Before, they were kept as
// the host's own probe (host_facts), once per host: a VM platform's VM on host 2 then read as host 2 itself (the
// native platform's probe of it, or the VM's probe passed off as the host's). Now each is a snapshot of the platform's
// endpoint (facts_snapshots, like the run's own), linked to the run it was taken for.
import type { Migration } from './migration.ts';

export const migration015: Migration = {
  version: 15,
  name: 'run-peer-facts',
  up(db) {
    db.exec(`
CREATE TABLE run_peer_facts (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  snapshot_id INTEGER NOT NULL REFERENCES facts_snapshots(id) ON DELETE CASCADE,
  PRIMARY KEY (run_id, snapshot_id)
) STRICT;
CREATE INDEX run_peer_facts_by_snapshot ON run_peer_facts(snapshot_id);
`);
  },
};
