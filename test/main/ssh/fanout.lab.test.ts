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
afterAll(async () => {
  await pool?.closeAll();
  await downFaultLab();
});

it('16 endpoints with one down: 15 hostnames and one clear failure at the timeout, connections pooled', async () => {
  const hosts = lab.inv.hosts.slice(0, 16);
  expect(hosts).toHaveLength(16);
  const down = hosts[6]!;
  const timeoutMs = 3000;
  const progress: number[] = [];
  await hostLinkDown(down.name, faultLab);
  let results: FanoutResult[];
  // Each answer says which connection it came over ($SSH_CLIENT), so pooling is checked without a clock.
  const argv = ['sh', '-c', 'hostname; echo "$SSH_CLIENT"'];
  try {
    results = await fanout(
      pool,
      hosts.map((h) => lab.rootEndpoint(h)),
      argv,
      {
        concurrency: 16,
        timeoutMs,
        onProgress: (done) => progress.push(done),
      },
    );
  } finally {
    await hostLinkUp(down.name, faultLab);
  }
  expect(results).toHaveLength(16);
  expect(progress).toEqual(Array.from({ length: 16 }, (_, k) => k + 1));
  const ok = results.filter((r) => r.ok);
  expect(ok).toHaveLength(15);
  for (const [k, r] of results.entries()) {
    if (k === 6) continue;
    expect(r).toMatchObject({ ok: true, code: 0 });
    expect('stdout' in r && r.stdout.split('\n')[0]).toBe(hosts[k]!.hostname);
  }
  // The dead host's result is the fan-out's own timeout (not a TCP give-up minutes later).
  const failed = results[6]!;
  expect('error' in failed && failed.error).toBe(`no answer from ${endpointLabel(lab.rootEndpoint(down))} within ${timeoutMs} ms`);

  // The healthy hosts' connections are pooled: a second round is complete and goes over the same connections.
  const clientPort = (r: FanoutResult) => ('stdout' in r ? r.stdout.split('\n')[1]!.split(' ')[1] : undefined);
  const again = await fanout(
    pool,
    hosts.filter((h) => h !== down).map((h) => lab.rootEndpoint(h)),
    argv,
    { timeoutMs },
  );
  expect(again.every((r) => r.ok)).toBe(true);
  expect(again.map(clientPort)).toEqual(results.filter((_, k) => k !== 6).map(clientPort));
});

it('a command failing on some hosts is a result (ok false with its code), not an error', async () => {
  const hosts = lab.inv.hosts.slice(0, 4);
  const rs = await fanout(
    pool,
    hosts.map((h) => lab.rootEndpoint(h)),
    ['sh', '-c', 'case "$(hostname)" in *1) exit 3;; esac; echo fine'],
    { concurrency: 2 },
  );
  expect(rs.map((r) => ('code' in r ? r.code : 'error'))).toEqual([3, 0, 0, 0]);
  expect(rs.map((r) => r.ok)).toEqual([false, true, true, true]);
});
