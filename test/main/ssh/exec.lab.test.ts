// exec on lab hosts: output and exit status, cancellation that leaves no process behind, timeouts,
// and the pool's reuse, channel limit, reconnect after a drop and idle close.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../../main/ssh/exec.ts';
import type { SshPool } from '../../../main/ssh/pool.ts';
import { openLab, type Lab } from './support/lab.ts';

let lab: Lab;
let pool: SshPool;

beforeAll(async () => {
  lab = await openLab();
  pool = lab.pool();
});
afterAll(() => pool.closeAll());

const host = () => pool.host(lab.rootEndpoint(lab.inv.hosts[0]!));

/**
 * Live processes whose command line holds `tag`, seen from a separate session. Zombies are left out: lab hosts
 * share the machine's process table, whose PID 1 may be slow to reap orphans, and a zombie runs nothing.
 */
async function processesTagged(tag: string): Promise<string[]> {
  const r = await exec(host(), ['ps', '-eo', 'pid=,pgid=,stat=,args=']);
  return r.stdout.split('\n').filter((l) => l.includes(tag) && !l.includes('ps -eo') && l.trim().split(/\s+/)[2]![0] !== 'Z');
}

describe('exec', () => {
  it('streams stdout and stderr separately and reports the exit code', async () => {
    const outs: string[] = [];
    const errs: string[] = [];
    const r = await exec(host(), ['sh', '-c', 'echo "$1"; echo oops >&2; exit 7', 'sh', "it's $HOME; `x`"], {
      onStdout: (c) => outs.push(c.toString()),
      onStderr: (c) => errs.push(c.toString()),
    });
    expect(r).toMatchObject({ code: 7, signal: null, stdout: "it's $HOME; `x`\n", stderr: 'oops\n', cancelled: false, timedOut: false });
    expect(outs.join('')).toBe(r.stdout);
    expect(errs.join('')).toBe('oops\n');
  });

  it('feeds stdin and passes environment variables', async () => {
    const r = await exec(host(), ['sh', '-c', 'tr a-z A-Z; echo "$VL_X"'], { stdin: 'hello\n', env: { VL_X: 'a b;c' } });
    expect(r.stdout).toBe('HELLO\na b;c\n');
  });

  it('reports death by signal', async () => {
    const r = await exec(host(), ['sh', '-c', 'kill -s KILL $$']);
    expect(r.code).toBeNull();
    expect(r.signal).toMatch(/KILL/);
  });

  it('cancelling `sleep 600` kills its whole process group: ps over a second session finds nothing', async () => {
    const tag = `vltag${randomBytes(4).toString('hex')}`;
    const ac = new AbortController();
    // A shell with a child and a grandchild, all tagged, so a kill of only the top process would show.
    // No KILL for 10 minutes: if the run ends at all, TERM to the group is what ended it (no clock involved).
    const run = exec(host(), ['sh', '-c', `sleep 600 & (sleep 600; echo ${tag}) & wait; echo ${tag}`], { signal: ac.signal, killGraceMs: 600_000 });
    // Wait for the processes themselves, however long a loaded machine takes (the test timeout bounds it).
    let before: string[] = [];
    while (before.filter((l) => !l.includes('virtlab-exec')).length < 2) {
      await new Promise((r) => setTimeout(r, 50));
      before = await processesTagged(tag);
    }
    // The command's own group, not the wrapper's (whose arguments also carry the tag).
    const pgid = Number(
      before
        .find((l) => !l.includes('virtlab-exec'))!
        .trim()
        .split(/\s+/)[1],
    );
    ac.abort();
    const r = await run;
    expect(r.cancelled).toBe(true);
    expect(r.pgid).toBe(pgid);
    expect(await processesTagged(tag)).toEqual([]);
    const group = await exec(host(), ['sh', '-c', `ps -eo pgid=,stat=,args= | awk '$1 == ${pgid} && $2 !~ /^Z/'`]);
    expect(group.stdout).toBe('');
  });

  it('a command that ignores TERM is KILLed after the grace period', async () => {
    const tag = `vltag${randomBytes(4).toString('hex')}`;
    const t0 = Date.now();
    const r = await exec(host(), ['sh', '-c', `trap '' TERM; sleep 600; echo ${tag}`], { timeoutMs: 500, killGraceMs: 1000 });
    expect(r.timedOut).toBe(true);
    // A lower bound only: the TERM it ignored, then the grace period, must both have passed (timers never fire early).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    expect(await processesTagged(tag)).toEqual([]);
  });

  it('cancelling before the start never runs the command', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(exec(host(), ['true'], { signal: ac.signal })).rejects.toThrow(/cancelled before start/);
  });
});

describe('pool', () => {
  it('reuses one connection for many commands', async () => {
    const p = lab.pool();
    try {
      const h = p.host(lab.rootEndpoint(lab.inv.hosts[1]!));
      const ports = new Set<string>();
      for (let i = 0; i < 5; i++) ports.add((await exec(h, ['sh', '-c', 'echo "$SSH_CLIENT"'])).stdout.split(' ')[1]!);
      expect(ports.size).toBe(1);
      expect(p.openConnections).toBe(1);
    } finally {
      await p.closeAll();
    }
  });

  it('queues channels beyond the per-host limit', async () => {
    const p = lab.pool({ maxChannelsPerHost: 2 });
    try {
      const h = p.host(lab.rootEndpoint(lab.inv.hosts[1]!));
      await exec(h, ['true']);
      const t0 = Date.now();
      const rs = await Promise.all(Array.from({ length: 6 }, () => exec(h, ['sh', '-c', 'sleep 0.4; date +%s%N'])));
      const elapsed = Date.now() - t0;
      expect(rs.every((r) => r.code === 0)).toBe(true);
      // 6 commands, 2 at a time, 0.4 s each: three waves.
      expect(elapsed).toBeGreaterThanOrEqual(1200);
      const ends = rs.map((r) => Number(BigInt(r.stdout.trim()) / 1_000_000n)).sort((a, b) => a - b);
      expect(ends[5]! - ends[0]!).toBeGreaterThanOrEqual(700);
    } finally {
      await p.closeAll();
    }
  });

  it('reconnects after the connection is dropped by the server', async () => {
    const p = lab.pool({ reconnect: { initialDelayMs: 100, maxAttempts: 4 } });
    try {
      const h = p.host(lab.rootEndpoint(lab.inv.hosts[2]!));
      const first = (await exec(h, ['sh', '-c', 'echo "$SSH_CLIENT"'])).stdout;
      // Kill this connection's sshd session process (the wrapper's parent) from inside it.
      await expect(exec(h, ['sh', '-c', 'kill -s KILL "$(ps -o ppid= -p "$PPID" | tr -d " ")"'])).rejects.toThrow(/lost|closed/);
      const second = (await exec(h, ['sh', '-c', 'echo "$SSH_CLIENT"'])).stdout;
      expect(second.split(' ')[1]).not.toBe(first.split(' ')[1]);
      expect(p.openConnections).toBe(1);
    } finally {
      await p.closeAll();
    }
  });

  it('closes idle connections and reopens them on demand', async () => {
    const p = lab.pool({ idleCloseMs: 300 });
    try {
      const h = p.host(lab.rootEndpoint(lab.inv.hosts[3]!));
      await exec(h, ['true']);
      expect(p.openConnections).toBe(1);
      // Wait for the idle close itself rather than a fixed sleep (the test timeout bounds it).
      while (p.openConnections !== 0) await new Promise((r) => setTimeout(r, 50));
      expect((await exec(h, ['echo', 'back'])).stdout).toBe('back\n');
    } finally {
      await p.closeAll();
    }
    expect(p.openConnections).toBe(0);
    expect(() => p.host(lab.rootEndpoint(lab.inv.hosts[3]!))).toThrow(/closed/);
  });
});
