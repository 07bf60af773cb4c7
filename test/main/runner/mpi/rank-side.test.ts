// Where an MPI run's launcher and ranks live: the endpoints themselves, or (a platform whose runtime has the hosts'
// launcher start its ranks) the hosts, with every rank behind the provider's prefix.
import { describe, expect, it } from 'vitest';
import { rankSide, withRankPrefix } from '../../../../main/runner/mpi/rank-side.ts';
import type { BenchEndpoint } from '../../../../main/runner/remote.ts';
import type { ChannelHost } from '../../../../main/ssh/pool.ts';

const session = (label: string): ChannelHost => ({ label, withClient: () => Promise.reject(new Error('no session in this test')) });
const host = (name: string, address: string): BenchEndpoint => ({ name, host: session(name), address, user: 'root' });
const PREFIX = ['sh', '-c', 'exec ch-run "$g/image" -- "$@"', 'virtlab-ch-rank'];
const guest = (name: string, address: string): BenchEndpoint => ({
  ...host(name, address),
  address: `172.16.0.${address.split('.').at(-1)}`,
  wrap: (argv) => ['runtime', 'exec', ...argv],
  ranksFromHost: { host: host(name, address), rankPrefix: PREFIX, network: 'the host network' },
});

describe('rankSide', () => {
  it('plain endpoints: the launcher and hostfile are theirs and ranks run bare', () => {
    const eps = [host('h1', '10.0.0.1'), host('h2', '10.0.0.2')];
    const side = rankSide(eps);
    expect([side.launchers, side.prefix, side.network]).toEqual([eps, [], undefined]);
    expect(withRankPrefix(['mpirun', '-np', '2', '/bin/ep.S.x'], side)).toEqual(['mpirun', '-np', '2', '/bin/ep.S.x']);
  });

  it("wrapped guests: the hosts' addresses and sessions launch, every rank behind the prefix, the binary last", () => {
    const side = rankSide([guest('h1', '10.0.0.1'), guest('h2', '10.0.0.2')]);
    expect(side.launchers.map((e) => [e.name, e.address, e.wrap, e.ranksFromHost])).toEqual([
      ['h1', '10.0.0.1', undefined, undefined],
      ['h2', '10.0.0.2', undefined, undefined],
    ]);
    expect(side.network).toBe('the host network');
    expect(withRankPrefix(['mpirun', '-np', '2', '--hostfile', 'f', '/g/.virtlab/npb/bin/ep.S.x'], side)).toEqual([
      'mpirun',
      '-np',
      '2',
      '--hostfile',
      'f',
      ...PREFIX,
      '/g/.virtlab/npb/bin/ep.S.x',
    ]);
  });

  it('refuses a run mixing wrapped guests with plain endpoints', () => {
    expect(() => rankSide([guest('h1', '10.0.0.1'), host('h2', '10.0.0.2')])).toThrow(/cannot mix endpoints whose ranks the host starts with others/);
  });
});
