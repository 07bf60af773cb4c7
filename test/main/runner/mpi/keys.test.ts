// The MPI ssh_config is generated from endpoint addresses and users: a value that could add a directive is refused
// before anything is run on a host (the endpoint here has no session at all: reaching it would fail differently).
import { describe, expect, it } from 'vitest';
import { installMpiKeys } from '../../../../main/runner/mpi/keys.ts';
import type { BenchEndpoint } from '../../../../main/runner/remote.ts';

const endpoint = (address: string, user = 'root') => ({ name: 'e1', host: undefined as unknown as BenchEndpoint['host'], address, user });

describe('installMpiKeys', () => {
  it('refuses an address or user that would inject an ssh_config directive', async () => {
    await expect(installMpiKeys('k1', [{ endpoint: endpoint('10.0.0.1\nProxyCommand touch /tmp/x'), port: 22 }])).rejects.toThrow('address or user is not a plain name');
    await expect(installMpiKeys('k1', [{ endpoint: endpoint('10.0.0.1', 'root\nProxyCommand x'), port: 22 }])).rejects.toThrow('address or user is not a plain name');
  });
});
