// Fan-out to 16 lab hosts with one host's link down: 15 results, one clear failure, within the timeout.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { endpointLabel } from '../../../main/ssh/endpoint.ts';
import { fanout, type FanoutResult } from '../../../main/ssh/fanout.ts';
import type { SshPool } from '../../../main/ssh/pool.ts';
import { hostLinkDown, hostLinkUp } from '../../lab/api.ts';
import { downFaultLab, faultLab, upFaultLab, type Lab } from './support/lab.ts';

let lab: Lab;
let pool: SshPool;

// 16 hosts on a private lab instance: taking a link down must not disturb suites sharing the main lab.
beforeAll(async () => {
  lab = await upFaultLab(16);
  pool = lab.pool();
}, 120_000);
afterAll(async () => { await pool?.closeAll(); await downFaultLab(); });

it('16 endpoints with one down: 15 hostnames and one clear failure, no longer than the timeout', async () => {
  const hosts = lab.inv.hosts.slice(0, 16);
  expect(hosts).toHaveLength(16);
  const down = hosts[6]!;
  const timeoutMs = 3000;
  const progress: number[] = [];
  await hostLinkDown(down.name, faultLab);
  let results: FanoutResult[];
  const t0 = Date.now();
  try {
    results = await fanout(pool, hosts.map((h) => lab.rootEndpoint(h)), ['hostname'], {
      concurrency: 16, timeoutMs, onProgress: (done) => progress.push(done),
    });
  } finally {
    await hostLinkUp(down.name, faultLab);
  }
  const elapsed = Date.now() - t0;
  expect(elapsed).toBeLessThan(timeoutMs + 1000);
  expect(results).toHaveLength(16);
  expect(progress).toEqual(Array.from({ length: 16 }, (_, k) => k + 1));
  const ok = results.filter((r) => r.ok);
  expect(ok).toHaveLength(15);
  for (const [k, r] of results.entries()) {
    if (k === 6) continue;
    expect(r).toMatchObject({ ok: true, code: 0, stdout: `${hosts[k]!.hostname}\n` });
    expect(r.durationMs).toBeLessThan(timeoutMs);
  }
  const failed = results[6]!;
  expect('error' in failed && failed.error).toBe(`no answer from ${endpointLabel(lab.rootEndpoint(down))} within ${timeoutMs} ms`);

  // The healthy hosts' connections are pooled: a second round is fast and complete.
  const t1 = Date.now();
  const again = await fanout(pool, hosts.filter((h) => h !== down).map((h) => lab.rootEndpoint(h)), ['hostname'], { timeoutMs });
  expect(again.every((r) => r.ok)).toBe(true);
  expect(Date.now() - t1).toBeLessThan(elapsed);
});

it('a command failing on some hosts is a result (ok false with its code), not an error', async () => {
  const hosts = lab.inv.hosts.slice(0, 4);
  const rs = await fanout(pool, hosts.map((h) => lab.rootEndpoint(h)), ['sh', '-c', 'case "$(hostname)" in *1) exit 3;; esac; echo fine'], { concurrency: 2 });
  expect(rs.map((r) => ('code' in r ? r.code : 'error'))).toEqual([3, 0, 0, 0]);
  expect(rs.map((r) => r.ok)).toEqual([false, true, true, true]);
});
