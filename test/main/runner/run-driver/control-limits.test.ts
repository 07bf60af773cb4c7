// The run driver's short commands on a platform that declares slow guests (Reach.controlSec on the endpoint): the
// liveness check of a run's other endpoints, the backend's status read and the facts probe get limits scaled from it,
// the way session 7's TCG VMs needed (a `true` over 15 s and the facts probe over 30 s at a load of 113). The sessions
// record the limit each command was given; nothing answers, so every command fails at once.
import { describe, expect, it } from 'vitest';
import { sshRunBackend } from '../../../../main/backends/ssh/run-backend.ts';
import type { RunBackend } from '../../../../main/backends/backend.ts';
import { createBenchmarkDriver } from '../../../../main/runner/run-driver/driver.ts';
import type { BenchEndpoint } from '../../../../main/runner/remote.ts';
import type { ChannelHost } from '../../../../main/ssh/pool.ts';
import { netperfTarget } from './support/netperf-target.ts';

const target = () => netperfTarget('vm');

/** A session that records the time limit of each command and never runs one. */
function recordingHost(label: string, limits: number[]): ChannelHost {
  return {
    label,
    withClient: (_fn, opts) => {
      limits.push(opts?.timeoutMs ?? -1);
      return Promise.reject(new Error(`${label}: no session in this test`));
    },
  };
}

/** The driver over endpoints declaring `controlSec` (or nothing), and the limits their sessions and backend saw. */
function driverWith(controlSec: number | undefined) {
  const limits = { h1: [] as number[], h2: [] as number[], backend: [] as (number | undefined)[] };
  const hosts = { h1: recordingHost('h1', limits.h1), h2: recordingHost('h2', limits.h2) };
  const backend: RunBackend = {
    ...sshRunBackend({ controlTimeoutMs: 15_000 }),
    state: (ref) => {
      limits.backend.push(ref.endpoints[0]!.session.controlTimeoutMs);
      return Promise.resolve({ state: 'running' });
    },
  };
  const driver = createBenchmarkDriver({
    endpoint: (h): BenchEndpoint => ({
      name: h.name,
      host: hosts[h.name as 'h1' | 'h2'],
      address: h.address,
      user: 'root',
      ...(controlSec !== undefined ? { controlSec } : {}),
    }),
    backendOf: () => backend,
  });
  return { driver, limits };
}

describe('short-command limits on slow guests', () => {
  it('scales the liveness check, the status read and the facts probe by the declared control time', async () => {
    const { driver, limits } = driverWith(180);
    await expect(driver.status(target())).rejects.toThrow(/h2/);
    expect(limits.backend).toEqual([180_000]);
    expect(limits.h2).toEqual([180_000]);
    expect(await driver.facts!(target())).toBeUndefined();
    expect(limits.h1).toEqual([360_000]);
  });

  it("keeps the runner's limits (15 s, the facts probe 30 s) where nothing is declared", async () => {
    const { driver, limits } = driverWith(undefined);
    await expect(driver.status(target())).rejects.toThrow(/h2/);
    // No override: the backend uses its own limit.
    expect(limits.backend).toEqual([undefined]);
    expect(limits.h2).toEqual([15_000]);
    expect(await driver.facts!(target())).toBeUndefined();
    expect(limits.h1).toEqual([30_000]);
  });

  it("the ssh backend's status read uses the session's limit when one is given", async () => {
    const seen: number[] = [];
    const b = sshRunBackend({ controlTimeoutMs: 15_000 });
    const ref = (controlTimeoutMs?: number) => ({
      runId: 'r1',
      endpoints: [
        { name: 'h1', address: '192.0.2.1', session: { host: recordingHost('h1', seen), name: 'h1', ...(controlTimeoutMs ? { controlTimeoutMs } : {}) } },
      ],
    });
    await expect(b.state(ref(180_000))).rejects.toThrow(/h1/);
    await expect(b.state(ref())).rejects.toThrow(/h1/);
    expect(seen).toEqual([180_000, 15_000]);
  });
});
