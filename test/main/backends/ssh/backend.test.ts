import { describe, expect, it } from 'vitest';
import { demandOf } from '../../../../main/backends/backend.ts';
import { jobStateOf } from '../../../../main/backends/ssh/backend.ts';

describe('ssh backend', () => {
  it('maps a detached job status to the backend job state', () => {
    expect(jobStateOf({ state: 'running', pid: 7, stdoutBytes: 0, stderrBytes: 0 })).toEqual({ state: 'running' });
    expect(jobStateOf({ state: 'exited', code: 3, pid: 7, stdoutBytes: 1, stderrBytes: 0 })).toEqual({ state: 'exited', code: 3 });
    expect(jobStateOf({ state: 'lost', stdoutBytes: 0, stderrBytes: 0 })).toEqual({ state: 'lost' });
    expect(jobStateOf({ state: 'missing' })).toEqual({ state: 'missing' });
  });

  it('sums what runs ask for: jobs by node count, longest limit, node-hours', () => {
    expect(
      demandOf([
        { nodes: 1, timeLimitSec: 600 },
        { nodes: 4, timeLimitSec: 1800 },
        { nodes: 1, timeLimitSec: 600 },
      ]),
    ).toEqual({ jobs: 3, jobsByNodes: { 1: 2, 4: 1 }, maxTimePerJobSec: 1800, nodeHours: (600 + 4 * 1800 + 600) / 3600 });
  });
});
