// The benchmark runner as a campaign RunDriver, for any benchmark module. install: the module's requirements met
// (tools present, builds done, MPI launch prepared, scratch folder chosen; foreground, idempotent). start: a server
// role started first when the module has one (its own detached job, pid recorded, stopped by pid once the client is
// done, stopped, cleaned up or found lost), then ONE detached job per run (main/ssh/detached.ts, id =
// target.remoteRunId) on the run's first endpoint running the module's job. No benchmark is named here.
// An endpoint that does not answer is reported as EndpointDownError, so only that endpoint's runs fail.
import { startsRanks, type BuiltCommand, type JobContext, type Requirement } from '../../benchmarks/module.ts';
import type { NpbSpec } from '../../benchmarks/npb/spec.ts';
import {
  EndpointBusyError,
  EndpointDownError,
  type Collected,
  type Provenance,
  type RemoteStatus,
  type RunDriver,
  type RunTarget,
} from '../../campaigns/driver.ts';
import { probeFacts } from '../../facts/probe.ts';
import type { StoredHost } from '../../store/repos/hosts.ts';
import { SshError } from '../../ssh/errors.ts';
import { exec } from '../../ssh/exec.ts';
import type { RunBackend, RunEndpoint, RunJobRef } from '../../backends/backend.ts';
import { RunnerError } from '../errors.ts';
import type { NpbSource } from '../npb/source.ts';
import { mustRun, remoteHome, shArgv, type BenchEndpoint } from '../remote.ts';
import { versionBy } from '../versions.ts';
import { jobScript } from './job-script.ts';
import { MpiPreparer } from './mpi-prepare.ts';
import { MpiKeyRing } from '../mpi/key-ring.ts';
import { rankSide } from '../mpi/rank-side.ts';
import { NpbPreparer } from './npb-prepare.ts';
import { parseRunOutput } from './parse.ts';
import { serverStartTimeoutMs, startPeerServer, stopPeerServer } from './peer-server.ts';
import { limitOn } from '../endpoint-limits.ts';
import { need, runSpec, type RunSpec } from './spec.ts';

export interface BenchmarkDriverOptions {
  /** A pooled, strictly host-key-checked session to a stored host, as the runner's endpoint. */
  endpoint(host: StoredHost): BenchEndpoint;
  /** The user's NPB tarball (local file uploaded by SFTP, or a URL the endpoints fetch). */
  npbSource?: NpbSource;
  /** Timeout of the short control commands (status, stop); a dead endpoint is noticed within it. */
  controlTimeoutMs?: number;
  /** The execution backend a platform's runs go through (main/backends/registry.ts), one per platform. */
  backendOf(platform: string): RunBackend;
  /** The MPI key ring's owner (derived from the campaign and platform), so that a resumed process derives the key ids
   * of the process before it; a random one when absent. */
  mpiKeyOwner?: string;
}

/** Relative to the remote home: where the detached job of a run lives (main/ssh/detached.ts). */
const runFolderRel = (id: string) => `.virtlab/runs/${id}`;
const scratchOf = (home: string, id: string) => `${home}/.virtlab/scratch/${id}`;
// $1 folder, $2 its last component: removes exactly the run's scratch folder.
const REMOVE_SCRATCH = 'case "$1" in */"$2") rm -rf -- "$1" ;; *) echo "refusing to remove $1" >&2; exit 2 ;; esac';

/** Transport failures mean the endpoint is down; anything the endpoint answered is an ordinary failure. */
function downOrSame(host: string, e: unknown): unknown {
  if (e instanceof EndpointDownError || e instanceof EndpointBusyError) return e;
  if (e instanceof SshError && e.kind === 'handshake-timeout') return new EndpointBusyError(host, e.message);
  if (e instanceof SshError && ['unreachable', 'timeout', 'closed', 'channel'].includes(e.kind)) return new EndpointDownError(host, e.message);
  // A control command that got no exit status at all (a connection gone silent) says the same.
  if ((e instanceof SshError || e instanceof RunnerError) && /exit code null|signal [A-Z]+$/.test(e.message)) return new EndpointDownError(host, e.message);
  return e;
}

async function on<T>(ep: BenchEndpoint, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw downOrSame(ep.name, e);
  }
}

type Prepared = Omit<JobContext, 'addresses' | 'serverPort'> & { launchesRanks?: boolean };

/** The run driver, plus the removal of what it installed for its whole life (the MPI keys of its runs' node sets), and
 * of the keys an earlier process of the same campaign may have installed on `nodeSets` (its runs' hosts). */
export type BenchmarkDriver = RunDriver & { removeKeys(nodeSets?: readonly (readonly StoredHost[])[]): Promise<string[]> };

export function createBenchmarkDriver(opts: BenchmarkDriverOptions): BenchmarkDriver {
  const controlMs = opts.controlTimeoutMs ?? 15_000;
  const portOf = new Map<string, number>();
  const sshPort = (ep: BenchEndpoint) => portOf.get(ep.name) ?? 22;
  // One key ring: an NPB MPI run and a module's generic MPI run on the same nodes share their key pair.
  const keyRing = new MpiKeyRing(sshPort, opts.mpiKeyOwner);
  const npb = new NpbPreparer(opts.npbSource, keyRing);
  const mpi = new MpiPreparer(keyRing);
  /** Builders a module may name in a 'build' requirement. */
  type Launch = RunBackend['mpiLaunch'];
  const builders: Record<
    string,
    (
      eps: BenchEndpoint[],
      spec: unknown,
      runFolder: (home: string) => string,
      say: (m: string) => void,
      launch: Launch,
    ) => Promise<BuiltCommand & { launchesRanks?: boolean }>
  > = {
    'npb-source': async (eps, spec, runFolder, say, launch) => {
      const c = await npb.prepare(eps, spec as NpbSpec, runFolder, say, launch);
      return {
        argv: c.argv,
        ...(c.env ? { env: c.env } : {}),
        ...(c.hostfile ? { files: [c.hostfile] } : {}),
        notes: c.notes,
        benchmarkVersion: c.benchmarkVersion,
        ...(c.compilerVersion ? { compilerVersion: c.compilerVersion } : {}),
        ...(c.launchesRanks ? { launchesRanks: true } : {}),
      };
    },
  };
  /** What install resolved for start, by remote run id (start always follows install in one process). */
  const prepared = new Map<string, Prepared>();
  /** Versions learnt while preparing a run, by remote run id, recorded as its provenance at start. */
  const versionsOf = new Map<string, Pick<Provenance, 'benchmarkVersion' | 'compilerVersion'>>();
  /** A tool's version per endpoint, asked once for this driver's life (not once a run: a round trip each). A tool
   * found missing is asked again next time, so installing it mid-campaign is seen. */
  const toolVersions = new Map<string, Promise<string | undefined>>();
  const versionOf = (ep: BenchEndpoint, tool: Extract<Requirement, { kind: 'tool' }>): Promise<string | undefined> => {
    const key = `${tool.tool}@${ep.name}`;
    let p = toolVersions.get(key);
    if (!p) {
      p = versionBy(ep, tool.versionArgv, tool.parseVersion).then(
        (v) => {
          if (!v) toolVersions.delete(key);
          return v;
        },
        (e: unknown) => {
          toolVersions.delete(key);
          throw e;
        },
      );
      toolVersions.set(key, p);
    }
    return p;
  };
  /** One facts probe per endpoint for this driver's life: what the runs it hosts are recorded with. */
  const factsOf = new Map<string, Promise<unknown>>();
  const homes = new Map<string, Promise<string>>();
  const homeOf = (ep: BenchEndpoint): Promise<string> => {
    // A guest and its host share a name: the guest's home (inside) is not the host's.
    const key = `${ep.name}${ep.wrap ? ' (guest)' : ''}`;
    let h = homes.get(key);
    if (!h) {
      h = on(ep, () => remoteHome(ep));
      homes.set(key, h);
      h.catch(() => homes.delete(key));
    }
    return h;
  };
  const factsFor = (ep: BenchEndpoint, t: RunTarget): Promise<unknown> => {
    let p = factsOf.get(ep.name);
    if (!p) {
      p = probeFacts(ep.host, { timeoutMs: limitOn(ep, controlMs * 2) }).then(
        (r) => r.facts,
        (e: unknown) => {
          factsOf.delete(ep.name);
          t.log('executor', `facts probe of ${ep.name} failed (the run goes on without): ${(e as Error).message}`);
          return undefined;
        },
      );
      factsOf.set(ep.name, p);
    }
    return p;
  };

  const endpoints = (t: RunTarget, spec: RunSpec): BenchEndpoint[] => {
    if (t.endpoints.length < spec.endpoints)
      throw new RunnerError('refused', `${t.run.benchmark} needs ${spec.endpoints} endpoint(s); the run holds ${t.endpoints.length}`);
    for (const h of t.endpoints) portOf.set(h.name, h.port);
    return t.endpoints.slice(0, spec.endpoints).map((h) => opts.endpoint(h));
  };
  // The executor's only way to the job: the platform's execution backend (ssh: a detached job on the run's first
  // endpoint; a batch system: a job submitted through its login endpoint).
  const backendFor = (t: RunTarget): RunBackend => opts.backendOf(t.run.platform);
  // A platform that declares slow commands (Reach.controlSec) gets its backend's status reads scaled to match.
  const runEndpoints = (eps: readonly BenchEndpoint[]): RunEndpoint[] =>
    eps.map((ep) => ({
      name: ep.name,
      address: ep.address,
      session: { host: ep.host, name: ep.name, ...(ep.controlSec !== undefined ? { controlTimeoutMs: limitOn(ep, controlMs) } : {}) },
    }));
  /** Where the run's job lives: on the hosts when the platform's runtime has the hosts' launcher start its MPI ranks
   * (the job runs mpirun on the head host, in the run folder the guest shares at the same path); else the endpoints. */
  const jobSide = (spec: RunSpec, eps: readonly BenchEndpoint[]): BenchEndpoint[] =>
    eps[0]?.ranksFromHost && spec.requirements.some(startsRanks) ? eps.map((e) => e.ranksFromHost?.host ?? e) : [...eps];
  const refOf = (t: RunTarget, eps: readonly BenchEndpoint[]): RunJobRef => ({
    runId: t.remoteRunId,
    ...(t.jobId ? { jobId: t.jobId } : {}),
    endpoints: runEndpoints(jobSide(runSpec(t.run), eps)),
  });
  /** Why the batch system ended a run's job (its failure reason), kept from status to collect. */
  const endedBySystem = new Map<string, string>();
  /** The last queue reason said for a run: said again only when it changes. */
  const queuedFor = new Map<string, string>();
  /** A server stop begun when its run's job was seen ended, by remote run id: cleanup waits for it (its outcome is
   * cleanup's). Its round trips then overlap the output's collection and storage instead of following them. */
  const serverStops = new Map<string, Promise<unknown>>();

  async function prepare(t: RunTarget, spec: RunSpec, eps: BenchEndpoint[]): Promise<Prepared> {
    const say = (m: string) => t.log('executor', m);
    // The run folder is where the job runs: the head host's for ranks its launcher starts through the runtime.
    const home = await homeOf(jobSide(spec, eps)[0]!);
    const runFolder = `${home}/${runFolderRel(t.remoteRunId)}`;
    const ctx: Prepared = { runFolder };
    if (need(spec, 'scratch')) ctx.scratch = scratchOf(home, t.remoteRunId);
    const m = need(spec, 'mpi');
    const launch = backendFor(t).mpiLaunch;
    if (m && launch) {
      // The backend starts the ranks inside its job (srun --mpi=pmix): no keys, no hostfile to reach the nodes.
      const argv = [...launch(m.nodes, m.ranks / m.nodes), ...rankSide(eps.slice(0, m.nodes)).prefix];
      ctx.mpi = { argv, hostfile: [`${runFolder}/hostfile`, ''], impl: m.impl ?? 'openmpi' };
      ctx.launchesRanks = true;
    } else if (m) {
      const { version, ...prefix } = await mpi.prepare(eps, m, runFolder, say);
      ctx.mpi = prefix;
      if (version) versionsOf.set(t.remoteRunId, { ...versionsOf.get(t.remoteRunId), compilerVersion: version });
    }
    const b = need(spec, 'build');
    if (b) {
      const builder = builders[b.builder];
      if (!builder) throw new RunnerError('config', `no builder "${b.builder}" in this backend (has: ${Object.keys(builders).join(', ')})`);
      const built = await builder(eps, b.spec, (h) => `${h}/${runFolderRel(t.remoteRunId)}`, say, launch);
      for (const n of built.notes) say(n);
      if (built.launchesRanks) ctx.launchesRanks = true;
      versionsOf.set(t.remoteRunId, {
        ...(built.benchmarkVersion ? { benchmarkVersion: built.benchmarkVersion } : {}),
        ...(built.compilerVersion ? { compilerVersion: built.compilerVersion } : {}),
      });
      ctx.built = built;
    }
    return ctx;
  }

  async function install(t: RunTarget): Promise<void> {
    const spec = runSpec(t.run);
    const eps = endpoints(t, spec);
    for (const tool of spec.requirements.filter((r) => r.kind === 'tool')) {
      await Promise.all(
        eps.map(async (ep) => {
          const v = await on(ep, () => versionOf(ep, tool));
          if (!v)
            throw new RunnerError(
              'refused',
              `${tool.tool} is not installed on ${ep.name} (run \`virtlab bench install ${tool.tool}\` or install the ${tool.package} package; a campaign never installs packages unattended)`,
            );
          t.log('executor', `${tool.tool} ${v} on ${ep.name}`);
          if (ep === eps[0]) versionsOf.set(t.remoteRunId, { ...versionsOf.get(t.remoteRunId), benchmarkVersion: `${tool.tool} ${v}` });
        }),
      );
    }
    try {
      prepared.set(t.remoteRunId, await prepare(t, spec, eps));
    } catch (e) {
      throw downOrSame(eps[0]!.name, e);
    }
  }

  async function stopServer(t: RunTarget, spec: RunSpec, eps: BenchEndpoint[]): Promise<void> {
    const s = need(spec, 'server');
    if (!s) return;
    const peer = eps[s.role]!;
    const pid = await stopPeerServer(peer, t.remoteRunId, s.comm);
    if (pid) t.log('executor', `${s.comm} pid ${pid} on ${peer.name} stopped`);
  }

  const driver: BenchmarkDriver = {
    removeKeys: (nodeSets = []) => {
      // The keys are the launchers' (the hosts, on a platform whose hosts start the ranks through its runtime).
      for (const set of nodeSets) {
        try {
          keyRing.adopt(rankSide(set.map((h) => opts.endpoint(h))).launchers);
        } catch {
          // Endpoints that cannot be reached any more (a provider gone): nothing of theirs can be removed through them.
        }
      }
      return keyRing.removeAll();
    },
    install: (t) => install(t),

    async start(t) {
      const spec = runSpec(t.run);
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      let ctx = prepared.get(t.remoteRunId);
      prepared.delete(t.remoteRunId);
      if (!ctx) ctx = await prepare(t, spec, eps);
      const server = need(spec, 'server');
      let serverPort: number | undefined;
      if (server) {
        const peer = eps[server.role]!;
        const fixed = peer.ports?.[0];
        const s = await on(peer, () =>
          startPeerServer(
            peer,
            t.remoteRunId,
            {
              argv: (port) => server.argv(port),
              comm: server.comm,
              watchdogSec: server.watchdogSec,
              ...(fixed !== undefined ? { port: fixed } : {}),
            },
            serverStartTimeoutMs(peer),
          ),
        );
        serverPort = s.port;
        t.log('executor', `${server.comm} pid ${s.pid} on ${peer.name} port ${serverPort}`);
      }
      let command: string[];
      let jobId = '';
      try {
        const dataPort = server ? eps[server.role]!.ports?.[1] : undefined;
        const job = spec.module.job(spec.params, {
          ...ctx,
          addresses: eps.map((e) => e.address),
          ...(serverPort !== undefined ? { serverPort } : {}),
          ...(dataPort !== undefined ? { dataPort } : {}),
        });
        command = ['sh', '-c', jobScript(job), 'virtlab-job'];
        const onHosts = jobSide(spec, eps)[0] !== head;
        const h = await on(head, () =>
          backendFor(t).submit({
            runId: t.remoteRunId,
            command,
            endpoints: runEndpoints(jobSide(spec, eps)),
            cwd: ctx.runFolder,
            launchesRanks: !!ctx.launchesRanks,
            ...(head.wrap && !onHosts ? { wrap: head.wrap } : {}),
          }),
        );
        jobId = h.id;
        t.log('executor', `job ${t.remoteRunId} submitted through ${head.name}: job ${h.id}`);
      } catch (e) {
        await stopServer(t, spec, eps).catch(() => undefined);
        throw e;
      }
      const versions = versionsOf.get(t.remoteRunId) ?? {};
      versionsOf.delete(t.remoteRunId);
      const [facts, ...others] = await Promise.all(eps.map((ep) => factsFor(ep, t)));
      const peerFacts = eps.slice(1).flatMap((ep, i) => (others[i] !== undefined ? [{ endpoint: ep.name, facts: others[i] }] : []));
      return {
        command,
        jobId,
        ...versions,
        ...(facts !== undefined ? { facts: { endpoint: head.name, facts } } : {}),
        ...(peerFacts.length ? { peerFacts } : {}),
      };
    },

    async facts(t) {
      const head = endpoints(t, runSpec(t.run))[0]!;
      const facts = await factsFor(head, t);
      return facts !== undefined ? { endpoint: head.name, facts } : undefined;
    },

    async status(t): Promise<RemoteStatus> {
      const spec = runSpec(t.run);
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      const s = await on(head, () => backendFor(t).state(refOf(t, eps)));
      if (s.state === 'queued' && (s.reason ?? '') !== queuedFor.get(t.remoteRunId)) {
        queuedFor.set(t.remoteRunId, s.reason ?? '');
        t.log('executor', `job ${t.remoteRunId} queued${s.reason ? ` (${s.reason})` : ''}`);
      }
      if (s.state === 'failed') endedBySystem.set(t.remoteRunId, s.reason);
      // Queued in the batch system is under way too: the run's time limit and a cancel still apply.
      const state: RemoteStatus =
        s.state === 'running' || s.state === 'queued'
          ? 'running'
          : s.state === 'exited' || s.state === 'failed'
            ? 'exited'
            : s.state === 'missing'
              ? 'missing'
              : 'lost';
      const others = eps.slice(1);
      const ping = () =>
        Promise.all(
          others.map((ep) =>
            on(ep, async () => {
              const r = await exec(ep.host, ['true'], { timeoutMs: limitOn(ep, controlMs) });
              if (r.code !== 0) throw new SshError('remote', `${ep.name} did not run a command: exit code ${r.code}`, ep.name);
            }),
          ),
        );
      // The other endpoints take part too (a server, MPI ranks): one that stopped answering fails the run as down,
      // also when the job already failed because of it (netperf or mpirun exit non-zero when their peer vanishes).
      if (s.state === 'running' || (s.state === 'exited' && s.code !== 0) || state === 'lost' || state === 'missing') await ping();
      // A server role (netperf's netserver) has served once the job ended: its stop begins now, in the background, and
      // cleanup (which the executor calls, after the output is stored, on every way a run ends) waits for it. Awaited
      // here, it delayed every run's result by its round trips. A process that dies meanwhile leaves the run
      // unfinished: the next one collects and cleans again (stopping a server already gone is a no-op).
      if (state === 'exited' && need(spec, 'server') && !serverStops.has(t.remoteRunId))
        serverStops.set(
          t.remoteRunId,
          stopServer(t, spec, eps).then(
            () => undefined,
            (e: unknown) => e,
          ),
        );
      return state;
    },

    async wait(t, maxMs, signal) {
      const eps = endpoints(t, runSpec(t.run));
      await on(eps[0]!, () => backendFor(t).wait(refOf(t, eps), maxMs, signal));
    },

    async collect(t): Promise<Collected> {
      const eps = endpoints(t, runSpec(t.run));
      const c = await on(eps[0]!, () => backendFor(t).collect(refOf(t, eps)));
      const failure = endedBySystem.get(t.remoteRunId);
      endedBySystem.delete(t.remoteRunId);
      queuedFor.delete(t.remoteRunId);
      return { ...c, ...(failure ? { failure } : {}) };
    },

    async stop(t) {
      let spec: RunSpec;
      try {
        spec = runSpec(t.run);
      } catch {
        return;
      }
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      serverStops.delete(t.remoteRunId);
      try {
        const r = await backendFor(t).cancel(refOf(t, eps));
        if (r.signal) t.log('executor', `job ${t.remoteRunId} on ${head.name} stopped (${r.signal}, ${r.attempts} attempt(s))`);
      } finally {
        await stopServer(t, spec, eps).catch(() => undefined);
      }
    },

    parse: parseRunOutput,

    async check(platform, runs) {
      const b = opts.backendOf(platform);
      return b.check ? b.check(runs) : { problems: [] };
    },

    async cleanup(t) {
      prepared.delete(t.remoteRunId);
      versionsOf.delete(t.remoteRunId);
      const spec = runSpec(t.run);
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      const errors: string[] = [];
      const attempt = async (what: string, f: () => Promise<unknown>) => {
        try {
          await f();
        } catch (e) {
          errors.push(`${what}: ${(e as Error).message}`);
        }
      };
      // The server's peer and the head are different hosts: their round trips go at once.
      const early = serverStops.get(t.remoteRunId);
      serverStops.delete(t.remoteRunId);
      // The stop begun when the job ended counts as the one attempt (as before, one: a server left running ends by its
      // watchdog); without one, it is made now.
      const server = need(spec, 'server')
        ? attempt('server', async () => {
            if (!early) return stopServer(t, spec, eps);
            const failed = await early;
            if (failed !== undefined) throw failed;
          })
        : undefined;
      if (need(spec, 'scratch')) {
        await attempt('scratch folder', async () => {
          const dir = scratchOf(await homeOf(head), t.remoteRunId);
          await mustRun(head, shArgv(REMOVE_SCRATCH, dir, dir.split('/').pop()!), 'removing the scratch folder');
        });
      }
      await Promise.all([server, attempt('job folder', () => backendFor(t).release(refOf(t, eps)))]);
      if (errors.length) throw new RunnerError('cleanup', `cleanup of ${t.remoteRunId} incomplete: ${errors.join('; ')}`);
    },
  };
  return driver;
}
