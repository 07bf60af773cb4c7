// The run the run-driver unit tests drive: one netperf TCP_RR run over two stored endpoints (h1 runs the job, h2 the
// server), remote id r1, on the given platform.
import type { RunTarget } from '../../../../../main/campaigns/driver.ts';
import type { StoredHost } from '../../../../../main/store/repos/hosts.ts';

/** A stored host as the run driver sees it (only name, address and port matter to it). */
export const storedHost = (name: string, i: number): StoredHost =>
  ({ id: i + 1, name, address: `192.0.2.${i + 1}`, port: 22, user: 'root', auth: { kind: 'agent' }, jump: [], tags: [] }) as unknown as StoredHost;

export function netperfTarget(platform = 'native'): RunTarget {
  return {
    run: {
      id: 1,
      uuid: 'u1',
      campaignId: 1,
      planIndex: 0,
      attempt: 1,
      platform,
      benchmark: 'netperf',
      params: { test: 'TCP_RR', messageSize: 1, durationSec: 2 },
      repetition: 1,
      nodeCount: 2,
    },
    endpoints: [storedHost('h1', 0), storedHost('h2', 1)],
    remoteRunId: 'r1',
    log: () => {},
  };
}
