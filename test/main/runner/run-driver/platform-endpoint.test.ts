// A platform's endpoints carry what its provider declares about how slow its guests are: a TCG VM platform's netserver
// gets the TCG start timeout through the same path the campaign's driver takes (store -> provider.reach -> endpoint).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { TCG_CONTROL_SEC, TCG_SERVER_START_SEC } from '../../../../main/platforms/qemu/settings.ts';
import { DEFAULT_CONTROL_SEC, limitOn } from '../../../../main/runner/endpoint-limits.ts';
import { DEFAULT_SERVER_START_SEC, serverStartTimeoutMs } from '../../../../main/runner/run-driver/peer-server.ts';
import { platformEndpoints } from '../../../../main/runner/run-driver/platform-endpoint.ts';
import type { ChannelHost } from '../../../../main/ssh/pool.ts';
import { openDatabase, type Database } from '../../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../../main/store/repos/index.ts';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHn3AZzq4ELVpXmzjV7FzQtfzUJ1oD0rWyfFw7dlCI1t virtlab';
const channel = (): ChannelHost => ({
  label: 'h',
  withClient: () => Promise.reject(new Error('no session in this test')),
});

let db: Database;
let repos: Repos;
beforeEach(() => {
  db = openDatabase({ path: ':memory:' });
  repos = createRepos(db);
  ['h1', 'h2'].forEach((name, i) =>
    repos.hosts.save({ name, address: `192.0.2.${i + 1}`, port: 22, user: 'root', auth: { kind: 'agent' }, jump: [], tags: [] }),
  );
});
afterEach(() => db.close());

const vmPlatform = (name: string, settings: Record<string, unknown>) =>
  definePlatform(repos, {
    name,
    technology: 'full-virt',
    product: 'QEMU',
    provider: 'qemu',
    isBaseline: false,
    endpoints: ['h1', 'h2'],
    settings: { addresses: ['198.51.100.1', '198.51.100.2'], authorizedKeys: [KEY], ...settings },
  });
const endpointOn = (platform: string) => platformEndpoints(repos, 1, platform, channel)(repos.hosts.get('h2')!);
const timeoutOn = (platform: string) => serverStartTimeoutMs(endpointOn(platform));
/** The liveness check's limit (the runner's 15 s control limit, scaled) on the platform's endpoint. */
const controlOn = (platform: string) => limitOn(endpointOn(platform), DEFAULT_CONTROL_SEC * 1000);

describe('server start timeout of a platform endpoint', () => {
  it('is the TCG one for VMs that may run under TCG, the declared one when set, the default otherwise', () => {
    vmPlatform('tcg', { accelerator: 'tcg' });
    vmPlatform('fallback', { accelerator: 'kvm', allowTcg: true });
    vmPlatform('kvm', { accelerator: 'kvm' });
    vmPlatform('declared', { accelerator: 'tcg', serverStartTimeoutSec: 600 });
    definePlatform(repos, { name: 'bare', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1', 'h2'] });
    expect(timeoutOn('tcg')).toBe(TCG_SERVER_START_SEC * 1000);
    expect(timeoutOn('fallback')).toBe(TCG_SERVER_START_SEC * 1000);
    expect(timeoutOn('kvm')).toBe(DEFAULT_SERVER_START_SEC * 1000);
    expect(timeoutOn('declared')).toBe(600_000);
    expect(timeoutOn('bare')).toBe(DEFAULT_SERVER_START_SEC * 1000);
    expect(TCG_SERVER_START_SEC).toBeGreaterThan(DEFAULT_SERVER_START_SEC);
  });

  it('refuses a declared timeout that is not a whole number of seconds from 1 to 3600', () => {
    expect(() => vmPlatform('zero', { serverStartTimeoutSec: 0 })).toThrow(/serverStartTimeoutSec/);
    expect(() => vmPlatform('zero-control', { controlTimeoutSec: 0 })).toThrow(/controlTimeoutSec/);
  });
});

describe('short-command limits of a platform endpoint', () => {
  it('are the TCG ones for VMs that may run under TCG, the declared ones when set, the default otherwise', () => {
    vmPlatform('tcg', { accelerator: 'tcg' });
    vmPlatform('fallback', { accelerator: 'kvm', allowTcg: true });
    vmPlatform('kvm', { accelerator: 'kvm' });
    vmPlatform('declared', { accelerator: 'tcg', controlTimeoutSec: 600 });
    definePlatform(repos, { name: 'bare', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1', 'h2'] });
    expect(endpointOn('tcg').controlSec).toBe(TCG_CONTROL_SEC);
    expect(controlOn('tcg')).toBe(TCG_CONTROL_SEC * 1000);
    expect(controlOn('fallback')).toBe(TCG_CONTROL_SEC * 1000);
    expect(endpointOn('kvm').controlSec).toBeUndefined();
    expect(controlOn('kvm')).toBe(DEFAULT_CONTROL_SEC * 1000);
    expect(controlOn('declared')).toBe(600_000);
    expect(endpointOn('bare').controlSec).toBeUndefined();
    expect(controlOn('bare')).toBe(DEFAULT_CONTROL_SEC * 1000);
    // The facts probe's 30 s grows by the same factor.
    expect(limitOn(endpointOn('tcg'), 30_000)).toBe(30_000 * (TCG_CONTROL_SEC / DEFAULT_CONTROL_SEC));
  });
});
