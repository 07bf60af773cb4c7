// Test helper: a lab instance of the runner's own (other suites bring the default lab up and down while these
// run), and its endpoints as runner endpoints over one pooled, strictly host-key-checked SSH session layer.
import { createHostKeyVerifier } from '../../../main/ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../../../main/ssh/known-hosts/known-hosts-file.ts';
import { SshPool } from '../../../main/ssh/pool.ts';
import type { BenchEndpoint } from '../../../main/runner/remote.ts';
import { assertLabTarget, labDown, labUp, type LabConfig, type LabEndpointAny, type LabInventory } from '../../lab/api.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';

export const runnerLabConfig: LabConfig = LAB_INSTANCES.runner;

export interface LabBench {
  inv: LabInventory;
  pool: SshPool;
  config: LabConfig;
  bench(e: LabEndpointAny): Promise<BenchEndpoint>;
  close(): Promise<void>;
}

/** Brings the runner's lab instance (or `config`) up (idempotent) with `hosts` hosts and one guest each. */
export async function labBench(hosts = 4, config: LabConfig = runnerLabConfig): Promise<LabBench> {
  const bridge = `${config.prefix}br0`;
  const inv = await labUp({ hosts, config });
  const hostKeys = createHostKeyVerifier({ knownHosts: new KnownHostsFile(inv.knownHostsPath), policy: 'strict' });
  const pool = new SshPool({ hostKeys, maxChannelsPerHost: 6 });
  return {
    inv,
    pool,
    config,
    async bench(e) {
      await assertLabTarget(e.address, bridge);
      const ssh = { address: e.address, port: e.port, user: inv.user, auth: [{ method: 'publickey' as const, keyPath: inv.keyPath }] };
      return { name: e.name, host: pool.host(ssh), address: e.address, user: inv.user };
    },
    async close() {
      await pool.closeAll();
      if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
    },
  };
}
