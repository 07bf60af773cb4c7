// The bench command's argument handling and plan display (pure parts; the runs themselves are lab-tested).
import { describe, expect, it } from 'vitest';
import { formatPlan, parseParams } from '../../../main/cli/commands/bench.ts';
import { firstCompilerError } from '../../../main/runner/npb/compiler-errors.ts';
import { chooseTree } from '../../../main/runner/npb/build.ts';
import { networkOf } from '../../../main/runner/mpi/launch.ts';
import { parseSsListening, pickFreePort } from '../../../main/runner/procs.ts';
import { refuseBadRankCounts } from '../../../main/runner/npb/run.ts';

describe('bench CLI', () => {
  it('reads --param values as JSON, lists or strings', () => {
    expect(parseParams(['messageSizes=[1,64]', 'durationSec=5', 'test=TCP_RR', 'kernels=EP,IS', 'latencyStats=false'])).toEqual({
      messageSizes: [1, 64],
      durationSec: 5,
      test: 'TCP_RR',
      kernels: ['EP', 'IS'],
      latencyStats: false,
    });
    expect(() => parseParams(['oops'])).toThrow(/k=v/);
  });

  it('shows root need, added package source and exact commands', () => {
    const text = formatPlan({
      endpoint: 'n1',
      tools: ['netperf'],
      present: {},
      needsRoot: true,
      notes: ['non-free'],
      uploads: [],
      addsPackageSource: '/etc/apt/sources.list.d/virtlab-non-free.list: deb ... non-free',
      steps: [{ argv: ['apt-get', 'install', '-y', 'netperf'], why: 'install', asRoot: true }],
    });
    expect(text).toContain('needs root/sudo');
    expect(text).toContain('adds a package source: /etc/apt/sources.list.d/virtlab-non-free.list');
    expect(text).toContain('$ apt-get install -y netperf');
  });
});

describe('runner helpers', () => {
  it('finds the first compiler error of gcc and gfortran output', () => {
    expect(firstCompilerError('cc -c x.c\nx.c:3:5: error: expected ; before }\nmake: *** [x.o] Error 1')).toBe('x.c:3:5: error: expected ; before }');
    expect(firstCompilerError('ep.f90:2:3:\n\n    2 |   bad\n      |   1\nError: Unclassifiable statement at (1)\nmake[1]: *** Error 1')).toBe(
      'ep.f90:2:3: Error: Unclassifiable statement at (1)',
    );
    expect(firstCompilerError('make: *** No rule to make target')).toBe('make: *** No rule to make target');
  });

  it('builds serial from a SER tree, else from OMP with one thread', () => {
    expect(chooseTree(['NPB3.3-SER', 'NPB3.4-MPI', 'NPB3.4-OMP'], 'serial', '3.4')).toMatchObject({ tree: 'NPB3.3-SER', version: '3.3', serialFrom: 'SER' });
    expect(chooseTree(['NPB3.4-MPI', 'NPB3.4-OMP'], 'serial', '3.4')).toMatchObject({
      tree: 'NPB3.4-OMP',
      buildVariant: 'openmp',
      serialFrom: 'OMP with OMP_NUM_THREADS=1',
    });
    expect(() => chooseTree(['NPB3.4-OMP'], 'mpi', '3.4')).toThrow(/no MPI tree/);
  });

  it('refuses BT on 3 ranks and more nodes than endpoints', () => {
    expect(() => refuseBadRankCounts(['BT'], [3], 4)).toThrow(/square/);
    expect(() => refuseBadRankCounts(['EP'], [8], 4)).toThrow(/needs 8 endpoints/);
    expect(() => refuseBadRankCounts(['EP', 'IS'], [1, 2, 4], 4)).not.toThrow();
  });

  it('reads listening ports from ss and picks a free one', () => {
    const busy = parseSsListening('LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\nLISTEN 0 4096 [::]:12865 [::]:*\n');
    expect([...busy]).toEqual([22, 12865]);
    const p = pickFreePort(new Set([20000, 20001]), 20000, 20002);
    expect(p).toBe(20002);
  });

  it('computes the subnet of an address', () => {
    expect(networkOf('10.213.0.11', 24)).toBe('10.213.0.0/24');
    expect(networkOf('10.213.4.2', 16)).toBe('10.213.0.0/16');
  });
});
