// The 'benchmark' driver (chosen in main/core/run-drivers.ts): one SSH pool with strict host keys against the
// core's known_hosts (a campaign runs unattended: nobody to ask about a new key) and fast dead-endpoint detection.
import { endpointOf } from '../../campaigns/drivers/endpoint-of.ts';
import type { DriverHandle, DriverRequest } from '../../campaigns/driver.ts';
import { createHostKeyVerifier } from '../../ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../../ssh/known-hosts/known-hosts-file.ts';
import { SshPool } from '../../ssh/pool.ts';
import type { NpbSource } from '../npb/source.ts';
import { createBenchmarkDriver } from './driver.ts';

/** A tarball path or an http(s)/ftp URL, as `virtlab bench run npb --source` takes it. */
export function npbSourceOf(text: string | undefined, sha256?: string): NpbSource | undefined {
  if (!text) return undefined;
  return /^(https?|ftp):\/\//.test(text) ? { kind: 'url', url: text, ...(sha256 ? { sha256 } : {}) } : { kind: 'file', path: text };
}

export function openBenchmarkDriver(req: DriverRequest): DriverHandle {
  const pool = new SshPool({
    hostKeys: createHostKeyVerifier({ knownHosts: new KnownHostsFile(req.knownHostsPath), policy: 'strict' }),
    readyTimeoutMs: 8_000, keepaliveIntervalMs: 2_000, keepaliveCountMax: 3, reconnect: { maxAttempts: 2, initialDelayMs: 500 },
    maxChannelsPerHost: 6, ...(req.secrets ? { secrets: req.secrets } : {}),
  });
  const npbSource = npbSourceOf(req.npbSource, req.npbSha256);
  const driver = createBenchmarkDriver({
    endpoint: (h) => ({ name: h.name, host: pool.host(endpointOf(h, (n) => req.repos.hosts.get(n))), address: h.address, user: h.user }),
    ...(npbSource ? { npbSource } : {}),
  });
  return { driver, close: () => pool.closeAll() };
}
