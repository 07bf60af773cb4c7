// The Runs page's account of each platform's preparation, from executor lines as the lifecycle and providers log them.
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../../../main/contract/campaigns.ts';
import { preparations } from '../../../../renderer/src/pages/runs/preparation.ts';
import type { LogLine } from '../../../../renderer/src/stores/campaigns-store.ts';

const run = (id: number, platform: string): RunInfo => ({
  id,
  uuid: `u${id}`,
  planIndex: id,
  attempt: 1,
  platform,
  benchmark: 'netperf',
  params: {},
  repetition: 0,
  nodeCount: 2,
  state: 'installing',
  endpoints: [],
  remoteRunId: null,
  error: null,
  startedAt: null,
  endedAt: null,
});
const ex = (line: string, at: number): LogLine => ({ stream: 'executor', line, at });

describe('platform preparation on the Runs page', () => {
  it('follows a VM platform from its estimate through the provider lines to ready, and one still preparing', () => {
    const logs = {
      1: [
        ex('platform qemu-tcg: boot one VM a host (1 vCPU, 1024 MiB, TCG if KVM cannot) and enrol it (about 90 s)', 1000),
        ex('h1: VM vl-c1-qemu-tcg-0 booting at 10.249.0.3 (TCG: full emulation)', 2000),
        { stream: 'stdout', line: 'not a preparation line', at: 2500 } as LogLine,
        ex('h1: VM vl-c1-qemu-tcg-0 answers ssh after 201 s', 3000),
        ex('platform qemu-tcg: ready in 212.4 s', 4000),
        ex('status not read yet: timed out', 5000),
      ],
      2: [ex('platform ch: unpack /images/base.tar on 2 host(s) (about 20 s)', 500), ex('image of vl-c1-ch-0 on h1 is already unpacked', 600)],
      3: [ex('platform native: nothing to say', 700)],
    };
    const p = preparations([run(1, 'qemu-tcg'), run(2, 'ch'), run(3, 'other')], logs);
    expect(p.map((x) => [x.platform, x.state, x.readySec, x.since])).toEqual([
      ['ch', 'preparing', undefined, 500],
      ['qemu-tcg', 'ready', 212.4, 1000],
    ]);
    expect(p[1]!.lines).toEqual([
      'boot one VM a host (1 vCPU, 1024 MiB, TCG if KVM cannot) and enrol it (about 90 s)',
      'h1: VM vl-c1-qemu-tcg-0 booting at 10.249.0.3 (TCG: full emulation)',
      'h1: VM vl-c1-qemu-tcg-0 answers ssh after 201 s',
      'ready in 212.4 s',
    ]);
  });

  it('counts guests kept after a restart as ready, and nothing for a campaign without provider platforms', () => {
    expect(preparations([run(1, 'p')], { 1: [ex('platform p: its guests from before the restart answer; kept', 1)] }).map((x) => x.state)).toEqual(['ready']);
    expect(preparations([run(1, 'native')], { 1: [ex('collecting vl-1, which finished while the executor was stopped', 1)] })).toEqual([]);
  });
});
