// A two-role run's server (netperf's netserver) is stopped as soon as the run's job is seen ended, in the background,
// so its round trips overlap the output's collection and storage; cleanup then waits for that stop instead of making
// its own, and reports it when it failed (one attempt, as before: a server left running ends by its watchdog). The server here is a real process named netserver on this
// machine, reached through an SSH server in this test process (ssh2's Server running each command with `sh -c`).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunBackend } from '../../../../main/backends/backend.ts';
import { sshRunBackend } from '../../../../main/backends/ssh/run-backend.ts';
import { createBenchmarkDriver } from '../../../../main/runner/run-driver/driver.ts';
import type { BenchEndpoint } from '../../../../main/runner/remote.ts';
import { SshPool, type ChannelHost } from '../../../../main/ssh/pool.ts';
import { silentLink, type SilentLink } from '../../ssh/support/silent-link.ts';
import { netperfTarget as target } from './support/netperf-target.ts';

let home: string;
let link: SilentLink;
let pool: SshPool;
let server: ChildProcess | undefined;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'vl-early-stop-'));
  link = await silentLink({ env: { ...process.env, HOME: home } });
  pool = new SshPool(link.poolOptions);
});
afterEach(async () => {
  server?.kill('SIGKILL');
  await pool.closeAll();
  await link.close();
  rmSync(home, { recursive: true, force: true });
});

/** The driver over two endpoints (h1 runs the job, h2 the server), the job's state read as ended with exit code 0. */
function driverOver(peer: ChannelHost) {
  const backend: RunBackend = {
    ...sshRunBackend({ controlTimeoutMs: 5000 }),
    state: () => Promise.resolve({ state: 'exited', code: 0 }),
    release: () => Promise.resolve(),
  };
  return createBenchmarkDriver({
    endpoint: (h): BenchEndpoint => ({ name: h.name, host: h.name === 'h2' ? peer : pool.host(link.endpoint), address: h.address, user: 'root' }),
    backendOf: () => backend,
  });
}

/** A process whose command name is netserver (a copy of sleep), recorded as the server of r1's server job. */
function fakeServer(): { folder: string; exited: Promise<void> } {
  const bin = join(home, 'netserver');
  copyFileSync('/bin/sleep', bin);
  server = spawn(bin, ['60'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server!.on('exit', () => resolve()));
  const folder = join(home, '.virtlab', 'runs', 'r1.server');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'server_pid'), `${server.pid}\n`);
  return { folder, exited };
}

const stops = () => link.commands.filter((c) => c.includes('gone_within')).length;

describe("a run's server is stopped once its job is seen ended", () => {
  it('the stop begins at the status read that sees the end, and cleanup waits for it without stopping again', async () => {
    const driver = driverOver(pool.host(link.endpoint));
    const { folder, exited } = fakeServer();
    expect(await driver.status(target())).toBe('exited');
    // Nothing else is called: the server ends and its folder goes on the status read's account alone.
    const late = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the server still runs 10 s after the status read saw the end')), 10_000).unref(),
    );
    await Promise.race([exited, late]);
    await driver.cleanup!(target());
    expect(existsSync(folder)).toBe(false);
    expect(stops()).toBe(1);
  });

  it('an early stop that failed is what cleanup reports, not tried again (a down peer is not waited for twice)', async () => {
    let calls = 0;
    const unreachable: ChannelHost = {
      label: 'h2',
      withClient: () => {
        calls++;
        return Promise.reject(new Error('h2: no session in this test'));
      },
    };
    const driver = driverOver(unreachable);
    expect(await driver.status(target())).toBe('exited');
    await expect(driver.cleanup!(target())).rejects.toThrow(/cleanup of r1 incomplete: server: .*h2/);
    expect(calls).toBe(1);
  });

  it('a job still running leaves its server alone', async () => {
    const driver = createBenchmarkDriver({
      endpoint: (h): BenchEndpoint => ({ name: h.name, host: pool.host(link.endpoint), address: h.address, user: 'root' }),
      backendOf: () => ({ ...sshRunBackend({ controlTimeoutMs: 5000 }), state: () => Promise.resolve({ state: 'running' }) }),
    });
    const { folder } = fakeServer();
    expect(await driver.status(target())).toBe('running');
    // The status read's liveness check of the peer ('true') is the only command; the server still runs.
    expect(link.commands).toHaveLength(1);
    expect(stops()).toBe(0);
    expect(existsSync(folder)).toBe(true);
    expect(server!.exitCode).toBeNull();
  });
});
