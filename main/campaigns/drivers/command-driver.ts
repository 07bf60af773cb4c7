// The 'command' driver: a POSIX shell line run detached on each run's endpoint, for scripted measurements.
import { createHostKeyVerifier } from '../../ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../../ssh/known-hosts/known-hosts-file.ts';
import { SshPool } from '../../ssh/pool.ts';
import type { DriverHandle, DriverRequest } from '../driver.ts';
import { endpointOf } from './endpoint-of.ts';
import { createSshCommandDriver } from './ssh-command-driver.ts';

export function openCommandDriver(req: DriverRequest): DriverHandle {
  if (!req.command) throw new Error('the command driver needs --command "<shell line>"');
  const line = req.command;
  // Strict host keys only: a campaign runs unattended, there is nobody to ask about a new key.
  const pool = new SshPool({
    hostKeys: createHostKeyVerifier({ knownHosts: new KnownHostsFile(req.knownHostsPath), policy: 'strict' }),
    ...(req.secrets ? { secrets: req.secrets } : {}),
    // A dead endpoint should be noticed within seconds, so its runs fail and the rest of the campaign goes on.
    readyTimeoutMs: 8_000,
    keepaliveIntervalMs: 2_000,
    keepaliveCountMax: 3,
    reconnect: { maxAttempts: 2, initialDelayMs: 500 },
  });
  const driver = createSshCommandDriver({
    pool,
    endpointOf: (h) => endpointOf(h, (n) => req.repos.hosts.get(n)),
    argvOf: (t) => ['sh', '-c', line, 'virtlab-run', t.run.benchmark, JSON.stringify(t.run.params), ...t.endpoints.map((e) => e.address)],
  });
  return { driver, close: () => pool.closeAll() };
}
