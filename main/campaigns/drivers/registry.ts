// Which RunDriver a campaign executes with. The benchmark runner registers itself as the default once it exists;
// until then (and for scripted measurements) the `command` driver runs a shell line detached on each run's endpoint.
import type { Repos } from '../../store/repos/index.ts';
import { createHostKeyVerifier } from '../../ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../../ssh/known-hosts/known-hosts-file.ts';
import { SshPool } from '../../ssh/pool.ts';
import type { SecretReader } from '../../ssh/ports.ts';
import type { RunDriver } from '../driver.ts';
import { endpointOf } from './endpoint-of.ts';
import { createSshCommandDriver } from './ssh-command-driver.ts';
import { benchmarkDriverFactory } from '../../runner/run-driver/factory.ts';

export interface DriverHandle { driver: RunDriver; close(): Promise<void> }

export interface DriverRequest {
  /** 'benchmark' (the registered runner) or 'command'. */
  kind: string;
  repos: Repos;
  knownHostsPath: string;
  /** For 'command': a POSIX shell line; it gets the benchmark name as $1 and the run's parameters (JSON) as $2. */
  command?: string;
  /** For 'benchmark': the NPB source tarball (path) or URL the campaign was started with (main/campaigns/start-inputs.ts). */
  npbSource?: string;
  /** For a URL source: the content it must have (a download with another sha256 is refused). */
  npbSha256?: string;
  /** Resolves the password and passphrase references of the endpoints (checked before a resume). */
  secrets?: SecretReader;
}

type Factory = (req: DriverRequest) => DriverHandle;
const factories = new Map<string, Factory>();

export function registerDriver(kind: string, factory: Factory): void {
  factories.set(kind, factory);
}

registerDriver('command', (req) => {
  if (!req.command) throw new Error('the command driver needs --command "<shell line>"');
  const line = req.command;
  // Strict host keys only: a campaign runs unattended, there is nobody to ask about a new key.
  const pool = new SshPool({ hostKeys: createHostKeyVerifier({ knownHosts: new KnownHostsFile(req.knownHostsPath), policy: 'strict' }), ...(req.secrets ? { secrets: req.secrets } : {}),
    // A dead endpoint should be noticed within seconds, so its runs fail and the rest of the campaign goes on.
    readyTimeoutMs: 8_000, keepaliveIntervalMs: 2_000, keepaliveCountMax: 3, reconnect: { maxAttempts: 2, initialDelayMs: 500 } });
  const driver = createSshCommandDriver({
    pool,
    endpointOf: (h) => endpointOf(h, (n) => req.repos.hosts.get(n)),
    argvOf: (t) => ['sh', '-c', line, 'virtlab-run', t.run.benchmark, JSON.stringify(t.run.params), ...t.endpoints.map((e) => e.address)],
  });
  return { driver, close: () => pool.closeAll() };
});

registerDriver('benchmark', benchmarkDriverFactory);

export function openDriver(req: DriverRequest): DriverHandle {
  const f = factories.get(req.kind);
  if (!f) {
    throw new Error(req.kind === 'benchmark'
      ? 'no benchmark runner is registered in this build yet; use --driver command --command "<shell line>"'
      : `unknown driver "${req.kind}" (known: ${[...factories.keys()].join(', ')})`);
  }
  return f(req);
}
