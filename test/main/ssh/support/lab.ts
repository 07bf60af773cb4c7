// Lab endpoints as session-layer endpoints: root with the lab key, host keys checked strictly against the
// lab's known_hosts, and every address checked to route into the lab before anything connects.
import { assertLabTarget, labDown, labUp, loadInventory, type LabConfig, type LabEndpointAny, type LabInventory } from '../../../lab/api.ts';
import type { SshAuth, SshEndpoint } from '../../../../main/ssh/endpoint.ts';
import { SshPool, type PoolOptions } from '../../../../main/ssh/pool.ts';
import { strictHostKeys } from './strict-host-keys.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';

export interface Lab {
  inv: LabInventory;
  hostKeys: ReturnType<typeof strictHostKeys>;
  rootEndpoint(e: LabEndpointAny, extra?: Partial<SshEndpoint>): SshEndpoint;
  endpointAs(e: LabEndpointAny, user: string, auth: SshAuth[]): SshEndpoint;
  pool(opts?: Partial<PoolOptions>): SshPool;
}

/**
 * A private lab instance for tests that disturb hosts (links down, sshd stopped), so the shared lab that
 * other suites use at the same time stays intact.
 */
export const faultLab: LabConfig = LAB_INSTANCES.sshFaults;

export async function upFaultLab(hosts: number): Promise<Lab> {
  await labUp({ hosts, config: faultLab });
  return openLab(faultLab);
}

export const downFaultLab = (): Promise<void> => labDown(faultLab);

export async function openLab(config?: LabConfig): Promise<Lab> {
  const inv = config ? loadInventory(config) : loadInventory();
  for (const e of [...inv.hosts, ...inv.guests]) await assertLabTarget(e.address, inv.bridge);
  const hostKeys = strictHostKeys(inv.knownHostsPath);
  return {
    inv,
    hostKeys,
    rootEndpoint: (e, extra = {}) => ({ address: e.address, port: e.port, user: inv.user, auth: [{ method: 'publickey', keyPath: inv.keyPath }], ...extra }),
    endpointAs: (e, user, auth) => ({ address: e.address, port: e.port, user, auth }),
    pool: (opts = {}) => new SshPool({ hostKeys, readyTimeoutMs: 10_000, ...opts }),
  };
}
