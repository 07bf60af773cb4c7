// Detached runs on the lab: they outlive their connection being cut (sshd stopped and restarted with the
// session killed, or the host's link taken down and up) and are reattached, followed from their byte offsets
// and collected with their full output and exit status. Runs on a private lab instance (faults disturb hosts).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetachedRuns, type Offsets } from '../../../main/ssh/detached.ts';
import { SshError } from '../../../main/ssh/errors.ts';
import { exec } from '../../../main/ssh/exec.ts';
import type { ChannelHost, SshPool } from '../../../main/ssh/pool.ts';
import { hostLinkDown, hostLinkUp, sshdStart, sshdStop } from '../../lab/api.ts';
import { downFaultLab, faultLab, upFaultLab, type Lab } from './support/lab.ts';

let lab: Lab;
const pools: SshPool[] = [];
const newPool = (opts: Parameters<Lab['pool']>[0] = {}) => {
  const p = lab.pool(opts);
  pools.push(p);
  return p;
};

beforeAll(async () => {
  lab = await upFaultLab(4);
}, 120_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await downFaultLab();
});

const LINES = 25;
const script = `i=1; while [ $i -le ${LINES} ]; do echo "line $i"; echo "err $i" >&2; sleep 0.3; i=$((i + 1)); done; exit 5`;
const expected = (prefix: string) => Array.from({ length: LINES }, (_, k) => `${prefix} ${k + 1}\n`).join('');

/** Follows until the run ends or the connection breaks; appends what it saw to `seen`. */
async function followInto(runs: DetachedRuns, id: string, seen: { out: string; err: string; at: Offsets }) {
  return runs.follow(id, seen.at, {
    onStdout: (c, off) => {
      seen.out += c.toString();
      seen.at.stdout = off;
    },
    onStderr: (c, off) => {
      seen.err += c.toString();
      seen.at.stderr = off;
    },
  });
}

async function waitForBytes(runs: DetachedRuns, id: string, min: number) {
  for (let i = 0; i < 100; i++) {
    const s = await runs.reattach(id);
    if (s.state !== 'missing' && s.stdoutBytes >= min) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the run produced no output');
}

async function retry<T>(f: () => Promise<T>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await f();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function finishAndCheck(runs: DetachedRuns, id: string, seen: { out: string; err: string; at: Offsets }) {
  const status = await retry(() => runs.reattach(id), 20_000);
  expect(['running', 'exited']).toContain(status.state);
  const end = await followInto(runs, id, seen);
  expect(end.state).toBe('exited');
  expect(seen.out).toBe(expected('line'));
  expect(seen.err).toBe(expected('err'));
  const all = await runs.collect(id);
  expect(all.status).toMatchObject({ state: 'exited', code: 5 });
  expect(all.stdout).toBe(expected('line'));
  expect(all.stderr).toBe(expected('err'));
  await runs.cleanup(id);
  expect(await runs.reattach(id)).toEqual({ state: 'missing' });
}

describe('detached runs', () => {
  it('survive sshd being stopped with their session killed, then restarted', async () => {
    const h = lab.inv.hosts[1]!;
    const host: ChannelHost = newPool({ reconnect: { initialDelayMs: 200, maxAttempts: 3 } }).host(lab.rootEndpoint(h));
    const runs = new DetachedRuns(host);
    const id = `t-sshd-${randomBytes(3).toString('hex')}`;
    const { pid } = await runs.start(id, ['sh', '-c', script]);
    expect(pid).toBeGreaterThan(1);
    await waitForBytes(runs, id, 14);
    const seen = { out: '', err: '', at: { stdout: 0, stderr: 0 } };
    const following = followInto(runs, id, seen);
    // Wait until the follow has really received output (a condition, not a fixed sleep).
    while (seen.at.stdout === 0) await new Promise((r) => setTimeout(r, 50));

    await sshdStop(h.name, faultLab);
    // Stopping the listener leaves sessions alive: cut ours too, from inside (its sshd session process).
    await exec(host, ['sh', '-c', 'kill -s KILL "$(ps -o ppid= -p "$PPID" | tr -d " ")"']).catch(() => {});
    await expect(following).rejects.toBeInstanceOf(SshError);
    expect(seen.at.stdout).toBeGreaterThan(0);
    await expect(runs.reattach(id)).rejects.toThrow(/ECONNREFUSED|cannot reach/);
    await sshdStart(h.name, faultLab);

    await finishAndCheck(runs, id, seen);
  });

  it('survive the host link going down and up', async () => {
    const h = lab.inv.hosts[2]!;
    const host = newPool({ keepaliveIntervalMs: 500, keepaliveCountMax: 2, readyTimeoutMs: 2000, reconnect: { initialDelayMs: 200, maxAttempts: 2 } }).host(
      lab.rootEndpoint(h),
    );
    const runs = new DetachedRuns(host);
    const id = `t-link-${randomBytes(3).toString('hex')}`;
    await runs.start(id, ['sh', '-c', script]);
    await waitForBytes(runs, id, 14);
    const seen = { out: '', err: '', at: { stdout: 0, stderr: 0 } };
    const following = followInto(runs, id, seen);
    // Wait until the follow has really received output (a condition, not a fixed sleep).
    while (seen.at.stdout === 0) await new Promise((r) => setTimeout(r, 50));

    await hostLinkDown(h.name, faultLab);
    try {
      // Keepalives notice the dead link and the follow fails; new connections cannot get through.
      await expect(following).rejects.toBeInstanceOf(SshError);
      await expect(runs.reattach(id)).rejects.toThrow(/timed out|cannot reach|lost/);
    } finally {
      await hostLinkUp(h.name, faultLab);
    }
    await finishAndCheck(runs, id, seen);
  });

  it('stop signals the run group; the runner still records the status; cleanup refuses a running run', async () => {
    const runs = new DetachedRuns(newPool().host(lab.rootEndpoint(lab.inv.hosts[0]!)));
    const id = `t-stop-${randomBytes(3).toString('hex')}`;
    await runs.start(id, ['sleep', '600']);
    await expect(runs.start(id, ['true'])).rejects.toThrow(/already exists/);
    await expect(runs.cleanup(id)).rejects.toThrow(/still running/);
    await runs.stop(id);
    const status = await retry(async () => {
      const s = await runs.reattach(id);
      if (s.state === 'running') throw new Error('still running');
      return s;
    }, 5000);
    expect(status).toMatchObject({ state: 'exited', code: 143 });
    await runs.cleanup(id);
    await expect(runs.reattach('../etc')).rejects.toThrow(/invalid run id/);
  });

  it('a run whose runner died without a status is reported lost', async () => {
    const host = newPool().host(lab.rootEndpoint(lab.inv.hosts[0]!));
    const runs = new DetachedRuns(host);
    const id = `t-lost-${randomBytes(3).toString('hex')}`;
    const { pid } = await runs.start(id, ['sleep', '600']);
    await exec(host, ['kill', '-s', 'KILL', '--', `-${pid}`]);
    const status = await retry(async () => {
      const s = await runs.reattach(id);
      if (s.state === 'running') throw new Error('still running');
      return s;
    }, 5000);
    expect(status.state).toBe('lost');
    expect(await runs.follow(id)).toMatchObject({ state: 'lost' });
    await runs.cleanup(id);
  });
});
