// Which install failures no run could survive, and where the runs of a benchmark must not go any more.
import { describe, expect, it } from 'vitest';
import { classifyInstallFailure, InstallBlockers } from '../../../main/campaigns/blockers.ts';
import { RunnerError } from '../../../main/runner/errors.ts';

describe('install blockers', () => {
  it('classifies: missing input stops the campaign, a failed build the platform, a refusal its endpoints', () => {
    expect(classifyInstallFailure(new RunnerError('input', 'no NPB source'))).toBe('campaign');
    expect(classifyInstallFailure(new RunnerError('build', 'ep.f:3: Error'))).toBe('platform');
    expect(classifyInstallFailure(new RunnerError('refused', 'no gfortran on h1'))).toBe('endpoints');
    expect(classifyInstallFailure(new RunnerError('remote', 'upload failed'))).toBeUndefined();
    expect(classifyInstallFailure(new Error('socket closed'))).toBeUndefined();
  });

  it('collects the endpoints a benchmark was refused on, per platform and benchmark', () => {
    const b = new InstallBlockers();
    expect(b.record('native', 'npb-serial', ['h1'], new Error('transient'))).toBeUndefined();
    expect(b.avoid('native', 'npb-serial')).toBeUndefined();
    expect(b.record('native', 'npb-serial', ['h1'], new RunnerError('refused', 'h1 has no Fortran compiler'))).toEqual({
      scope: 'endpoints',
      reason: 'npb-serial cannot be installed on h1: h1 has no Fortran compiler',
    });
    b.record('native', 'npb-serial', ['h2'], new RunnerError('refused', 'h2 has no make'));
    expect([...b.avoid('native', 'npb-serial')!]).toEqual(['h1', 'h2']);
    expect(b.avoid('native', 'npb-mpi')).toBeUndefined();
    expect(b.avoid('container', 'npb-serial')).toBeUndefined();
    expect(b.explain('native', 'npb-serial', 1)).toBe(
      'npb-serial cannot be installed on enough endpoints of platform native (a run needs 1; refused on h1, h2): h1 has no Fortran compiler; h2 has no make',
    );
    expect(b.record('native', 'npb-omp', ['h3'], new RunnerError('build', 'building NPB EP class S on h3 failed: ep.f:9: Error: x'))).toEqual({
      scope: 'platform',
      reason: 'npb-omp cannot be built on platform native: building NPB EP class S on h3 failed: ep.f:9: Error: x',
    });
  });
});
