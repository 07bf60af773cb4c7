// The 'benchmark' driver (chosen in main/core/run-drivers.ts): one SSH pool with strict host keys against the
// core's known_hosts (a campaign runs unattended: nobody to ask about a new key) and fast dead-endpoint detection.
import { endpointOf } from '../../campaigns/drivers/endpoint-of.ts';
import type { DriverHandle, DriverRequest } from '../../campaigns/driver.ts';
import { createHostKeyVerifier } from '../../ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../../ssh/known-hosts/known-hosts-file.ts';
import { SshPool } from '../../ssh/pool.ts';
import type { NpbSource } from '../npb/source.ts';
import type { RunBackend } from '../../backends/backend.ts';
import { openRunBackend } from '../../backends/registry.ts';
import { createBenchmarkDriver, type BenchmarkDriver } from './driver.ts';
import { mpiKeyOwner, mpiNodeSets } from './mpi-key-sweep.ts';
import { parseRunOutput } from './parse.ts';
import { platformEndpoints } from './platform-endpoint.ts';
import type { RunDriver, RunTarget } from '../../campaigns/driver.ts';
import type { StoredHost } from '../../store/repos/hosts.ts';
import { exec } from '../../ssh/exec.ts';

/** A tarball path or an http(s)/ftp URL, as `virtlab bench run npb --source` takes it. */
export function npbSourceOf(text: string | undefined, sha256?: string): NpbSource | undefined {
  if (!text) return undefined;
  return /^(https?|ftp):\/\//.test(text) ? { kind: 'url', url: text, ...(sha256 ? { sha256 } : {}) } : { kind: 'file', path: text };
}

export function openBenchmarkDriver(req: DriverRequest): DriverHandle {
  const pool = new SshPool({
    hostKeys: createHostKeyVerifier({ knownHosts: new KnownHostsFile(req.knownHostsPath), policy: 'strict' }),
    readyTimeoutMs: 8_000,
    keepaliveIntervalMs: 2_000,
    keepaliveCountMax: 3,
    reconnect: { maxAttempts: 2, initialDelayMs: 500 },
    maxChannelsPerHost: 6,
    ...(req.secrets ? { secrets: req.secrets } : {}),
  });
  const npbSource = npbSourceOf(req.npbSource, req.npbSha256);
  const hostChannel = (h: StoredHost) => pool.host(endpointOf(h, (n) => req.repos.hosts.get(n)));
  // One runner per platform: its caches (tool versions, facts, builds, homes) belong to what the commands run in, and
  // the platform's provider decides where that is (the host itself, or a guest behind its runtime) and how peers reach it.
  const hostOf = (n: string) => req.repos.hosts.get(n);
  // One execution backend per platform for the driver's life (a batch system's backend batches its runs' polls).
  const backends = new Map<string, RunBackend>();
  const backendOf = (platform: string): RunBackend => {
    let b = backends.get(platform);
    if (!b) {
      const p = req.repos.platforms.findByName(platform);
      b = openRunBackend(p?.backend, p?.backendSettings ?? {}, {
        controlTimeoutMs: 15_000,
        session: (name) => {
          const h = hostOf(name);
          if (!h) throw new Error(`the login endpoint ${name} of platform ${platform} is not a stored host`);
          return { host: pool.host(endpointOf(h, hostOf)), name };
        },
      });
      backends.set(platform, b);
    }
    return b;
  };
  const drivers = new Map<string, { platform: string; driver: BenchmarkDriver }>();
  const driverFor = (campaignId: number, platform: string): BenchmarkDriver => {
    const key = `${campaignId}|${platform}`;
    let d = drivers.get(key);
    if (!d) {
      const endpoint = platformEndpoints(req.repos, campaignId, platform, hostChannel);
      const mpiKeys = mpiKeyOwner(req.repos, campaignId, platform);
      d = { platform, driver: createBenchmarkDriver({ endpoint, ...(npbSource ? { npbSource } : {}), backendOf, mpiKeyOwner: mpiKeys }) };
      drivers.set(key, d);
    }
    return d.driver;
  };
  const driverOf = (t: RunTarget): RunDriver => driverFor(t.run.campaignId, t.run.platform);
  const driver: RunDriver = {
    install: (t, signal) => driverOf(t).install!(t, signal),
    start: (t, signal) => driverOf(t).start(t, signal),
    facts: (t) => driverOf(t).facts!(t),
    status: (t) => driverOf(t).status(t),
    wait: (t, maxMs, signal) => driverOf(t).wait!(t, maxMs, signal),
    collect: (t) => driverOf(t).collect(t),
    stop: (t) => driverOf(t).stop(t),
    parse: parseRunOutput,
    cleanup: (t) => driverOf(t).cleanup!(t),
    check: async (platform, runs) => {
      const b = backendOf(platform);
      if (!b.check) return { problems: [] };
      // The platform's hosts themselves (not a guest): the backend asks whether the site lets VirtLab prepare them.
      const p = req.repos.platforms.findByName(platform);
      const byId = new Map(req.repos.hosts.list().map((h) => [h.id, h]));
      const nodes = (p ? req.repos.platforms.listEndpoints(p.id) : []).flatMap((e) => {
        const h = byId.get(e.hostId);
        return h ? [{ name: h.name, address: h.address, session: { host: hostChannel(h), name: h.name } }] : [];
      });
      return b.check(runs, nodes);
    },
  };
  const hostRunner =
    (h: StoredHost) =>
    async (argv: readonly string[], opts: { timeoutMs?: number } = {}) => {
      const r = await exec(hostChannel(h), argv, { timeoutMs: opts.timeoutMs ?? 60_000 });
      return { code: r.code, stdout: r.stdout, stderr: r.stderr };
    };
  // The MPI keys its runs installed go with it (their authorized_keys lines and folders, bounded: a node that does not
  // answer keeps them), and so do those of the campaign's earlier processes (killed before they could remove theirs).
  const close = async () => {
    const sets = req.campaignId !== undefined ? mpiNodeSets(req.repos, req.campaignId, (p) => !!backendOf(p).mpiLaunch) : new Map<string, StoredHost[][]>();
    for (const platform of sets.keys()) {
      try {
        driverFor(req.campaignId!, platform);
      } catch {
        // A platform whose provider is gone: its keys cannot be reached through it.
      }
    }
    const removals = Promise.all([...drivers.values()].map((d) => d.driver.removeKeys(sets.get(d.platform) ?? []).catch(() => [])));
    await Promise.race([removals, new Promise((r) => setTimeout(r, 30_000).unref())]);
    await pool.closeAll();
  };
  return { driver, hostRunner, close };
}
