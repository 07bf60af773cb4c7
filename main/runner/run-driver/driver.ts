// The benchmark runner as a campaign RunDriver. install: tools present, NPB staged/built, MPI keys (foreground,
// idempotent). start: ONE detached job per run (main/ssh/detached.ts, id = target.remoteRunId) on the run's first
// endpoint doing the whole measurement; for netperf the peer's netserver is started first as its own detached job
// with its pid recorded, and stopped by pid once the client is done, stopped, cleaned up or found lost.
// An endpoint that does not answer is reported as EndpointDownError, so only that endpoint's runs fail.
import { iozoneSweep } from '../../benchmarks/iozone/command.ts';
import { netperfSweep } from '../../benchmarks/netperf/command.ts';
import type { NetperfParams } from '../../benchmarks/netperf/params.ts';
import { EndpointDownError, type Collected, type Provenance, type RemoteStatus, type RunDriver, type RunTarget } from '../../campaigns/driver.ts';
import { probeFacts } from '../../facts/probe.ts';
import type { StoredHost } from '../../store/repos/hosts.ts';
import { DetachedRuns } from '../../ssh/detached.ts';
import { SshError } from '../../ssh/errors.ts';
import { exec } from '../../ssh/exec.ts';
import { RunnerError } from '../errors.ts';
import { chooseControlPort } from '../netperf/netserver.ts';
import type { NpbSource } from '../npb/source.ts';
import { mustRun, remoteHome, shArgv, type BenchEndpoint } from '../remote.ts';
import { toolVersion } from '../versions.ts';
import { jobScript, type JobScript } from './job-script.ts';
import { NpbPreparer } from './npb-prepare.ts';
import { parseRunOutput } from './parse.ts';
import { startPeerNetserver, stopPeerNetserver } from './peer-netserver.ts';
import { endpointsNeeded, runSpec, SCRATCH_PLACEHOLDER, type RunSpec } from './spec.ts';

export interface BenchmarkDriverOptions {
  /** A pooled, strictly host-key-checked session to a stored host, as the runner's endpoint. */
  endpoint(host: StoredHost): BenchEndpoint;
  /** The user's NPB tarball (local file uploaded by SFTP, or a URL the endpoints fetch). */
  npbSource?: NpbSource;
  /** Timeout of the short control commands (status, stop); a dead endpoint is noticed within it. */
  controlTimeoutMs?: number;
}

/** Relative to the remote home: where the detached job of a run lives (main/ssh/detached.ts). */
const runFolderRel = (id: string) => `.virtlab/runs/${id}`;
const scratchOf = (home: string, id: string) => `${home}/.virtlab/scratch/${id}`;
// $1 folder, $2 its last component: removes exactly the run's scratch folder.
const REMOVE_SCRATCH = 'case "$1" in */"$2") rm -rf -- "$1" ;; *) echo "refusing to remove $1" >&2; exit 2 ;; esac';

/** Transport failures mean the endpoint is down; anything the endpoint answered is an ordinary failure. */
function downOrSame(host: string, e: unknown): unknown {
  if (e instanceof EndpointDownError) return e;
  if (e instanceof SshError && ['unreachable', 'timeout', 'closed', 'channel'].includes(e.kind)) return new EndpointDownError(host, e.message);
  // A control command that got no exit status at all (a connection gone silent) says the same.
  if ((e instanceof SshError || e instanceof RunnerError) && /exit code null|signal [A-Z]+$/.test(e.message)) return new EndpointDownError(host, e.message);
  return e;
}

async function on<T>(ep: BenchEndpoint, f: () => Promise<T>): Promise<T> {
  try { return await f(); } catch (e) { throw downOrSame(ep.name, e); }
}

function netperfLimitSec(p: NetperfParams): number {
  return p.durationSec * (p.confidence ? p.confidence.maxIterations : 1) + 60;
}

export function createBenchmarkDriver(opts: BenchmarkDriverOptions): RunDriver {
  const controlMs = opts.controlTimeoutMs ?? 15_000;
  const npb = new NpbPreparer(opts.npbSource, (ep) => portOf.get(ep.name) ?? 22);
  const portOf = new Map<string, number>();
  /** Commands prepared by install for start, by remote run id (start always follows install in one process). */
  const prepared = new Map<string, JobScript>();
  /** Versions learnt while preparing a run, by remote run id, recorded as its provenance at start. */
  const versionsOf = new Map<string, Pick<Provenance, 'benchmarkVersion' | 'compilerVersion'>>();
  /** A tool's version per endpoint, asked once for this driver's life (not once a run: a round trip each). A tool
   * found missing is asked again next time, so installing it mid-campaign is seen. */
  const versions = new Map<string, Promise<string | undefined>>();
  const versionOf = (ep: BenchEndpoint, tool: 'netperf' | 'iozone'): Promise<string | undefined> => {
    const key = `${tool}@${ep.name}`;
    let p = versions.get(key);
    if (!p) {
      p = toolVersion(ep, tool).then((v) => { if (!v) versions.delete(key); return v; }, (e: unknown) => { versions.delete(key); throw e; });
      versions.set(key, p);
    }
    return p;
  };
  /** One facts probe per endpoint for this driver's life: what the runs it hosts are recorded with. */
  const factsOf = new Map<string, Promise<unknown>>();
  const factsFor = (ep: BenchEndpoint, t: RunTarget): Promise<unknown> => {
    let p = factsOf.get(ep.name);
    if (!p) {
      p = probeFacts(ep.host, { timeoutMs: controlMs * 2 }).then((r) => r.facts, (e: unknown) => {
        factsOf.delete(ep.name);
        t.log('executor', `facts probe of ${ep.name} failed (the run goes on without): ${(e as Error).message}`);
        return undefined;
      });
      factsOf.set(ep.name, p);
    }
    return p;
  };

  const endpoints = (t: RunTarget, spec: RunSpec): BenchEndpoint[] => {
    const need = endpointsNeeded(spec);
    if (t.endpoints.length < need) throw new RunnerError('refused', `${t.run.benchmark} needs ${need} endpoint(s); the run holds ${t.endpoints.length}`);
    for (const h of t.endpoints) portOf.set(h.name, h.port);
    return t.endpoints.slice(0, need).map((h) => opts.endpoint(h));
  };
  const runsOn = (ep: BenchEndpoint) => new DetachedRuns(ep.host, { timeoutMs: controlMs });

  async function buildJob(t: RunTarget, spec: RunSpec, eps: BenchEndpoint[]): Promise<JobScript> {
    const say = (m: string) => t.log('executor', m);
    const head = eps[0]!;
    switch (spec.kind) {
      case 'netperf':
        // The control port and the peer address are filled in by start, once netserver listens.
        return { steps: [] };
      case 'iozone': {
        const home = await on(head, () => remoteHome(head));
        const dir = spec.params.folder === SCRATCH_PLACEHOLDER ? scratchOf(home, t.remoteRunId) : `${spec.params.folder.replace(/\/+$/, '')}/virtlab-iozone-${t.remoteRunId}`;
        const sweep = iozoneSweep({ ...spec.params, folder: dir });
        return {
          setup: [['mkdir', '-p', '--', dir]],
          steps: sweep.map((s) => ({ point: { fileSizeKB: s.point.fileSizeKB, recordKB: s.point.recordKB }, argv: s.argv })),
          teardown: [['rm', '-rf', '--', dir]],
        };
      }
      case 'npb': {
        const cmd = await npb.prepare(eps, spec.npb, (home) => `${home}/${runFolderRel(t.remoteRunId)}`, say);
        for (const n of cmd.notes) say(n);
        versionsOf.set(t.remoteRunId, { benchmarkVersion: cmd.benchmarkVersion, ...(cmd.compilerVersion ? { compilerVersion: cmd.compilerVersion } : {}) });
        return {
          ...(cmd.hostfile ? { files: [cmd.hostfile] } : {}),
          steps: [{ point: { kernel: spec.npb.kernel.toLowerCase(), class: spec.npb.class, variant: spec.npb.variant, nodes: spec.npb.nodes }, argv: cmd.argv, ...(cmd.env ? { env: cmd.env } : {}) }],
        };
      }
    }
  }

  async function install(t: RunTarget): Promise<void> {
    const spec = runSpec(t.run);
    const eps = endpoints(t, spec);
    if (spec.kind === 'netperf' || spec.kind === 'iozone') {
      const tool = spec.kind;
      await Promise.all(eps.map(async (ep) => {
        const v = await on(ep, () => versionOf(ep, tool));
        if (!v) throw new RunnerError('refused', `${tool} is not installed on ${ep.name} (run \`virtlab bench install ${tool}\`; a campaign never installs packages unattended)`);
        t.log('executor', `${tool} ${v} on ${ep.name}`);
        if (ep === eps[0]) versionsOf.set(t.remoteRunId, { benchmarkVersion: `${tool} ${v}` });
      }));
    }
    try {
      prepared.set(t.remoteRunId, await buildJob(t, spec, eps));
    } catch (e) {
      throw downOrSame(eps[0]!.name, e);
    }
  }

  async function startNetperf(t: RunTarget, p: NetperfParams, client: BenchEndpoint, peer: BenchEndpoint): Promise<JobScript> {
    const port = await on(peer, () => chooseControlPort(peer, undefined, new Set(p.dataPort !== undefined ? [p.dataPort] : [])));
    const withPort = { ...p, controlPort: port };
    const limit = netperfLimitSec(p);
    const sweep = netperfSweep(withPort, peer.address);
    // The watchdog outlives the client's whole sweep (each step is cut at `limit`); a normal end stops it much earlier.
    const ns = await on(peer, () => startPeerNetserver(peer, t.remoteRunId, port, limit * sweep.length + 120));
    t.log('executor', `netserver pid ${ns.pid} on ${peer.name} port ${port}`);
    return { steps: sweep.map((s) => ({ point: { test: s.point.test, ...(s.point.size !== undefined ? { size: s.point.size } : {}) }, argv: s.argv, timeoutSec: limit })) };
  }

  async function stopServer(t: RunTarget, peer: BenchEndpoint): Promise<void> {
    const pid = await stopPeerNetserver(peer, t.remoteRunId);
    if (pid) t.log('executor', `netserver pid ${pid} on ${peer.name} stopped`);
  }

  const driver: RunDriver = {
    install: (t) => install(t),

    async start(t) {
      const spec = runSpec(t.run);
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      let job = prepared.get(t.remoteRunId);
      prepared.delete(t.remoteRunId);
      if (!job) job = await buildJob(t, spec, eps);
      if (spec.kind === 'netperf') job = await startNetperf(t, spec.params, head, eps[1]!);
      const command = ['sh', '-c', jobScript(job), 'virtlab-job'];
      try {
        const { pid } = await on(head, () => runsOn(head).start(t.remoteRunId, command, { cwd: runFolderRel(t.remoteRunId) }));
        t.log('executor', `job ${t.remoteRunId} started on ${head.name} (pid ${pid})`);
      } catch (e) {
        if (spec.kind === 'netperf') await stopServer(t, eps[1]!).catch(() => undefined);
        throw e;
      }
      const versions = versionsOf.get(t.remoteRunId) ?? {};
      versionsOf.delete(t.remoteRunId);
      const [facts, ...others] = await Promise.all(eps.map((ep) => factsFor(ep, t)));
      const peerFacts = eps.slice(1).flatMap((ep, i) => (others[i] !== undefined ? [{ endpoint: ep.name, facts: others[i] }] : []));
      return { command, ...versions, ...(facts !== undefined ? { facts: { endpoint: head.name, facts } } : {}), ...(peerFacts.length ? { peerFacts } : {}) };
    },

    async status(t): Promise<RemoteStatus> {
      const spec = runSpec(t.run);
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      const s = await on(head, () => runsOn(head).reattach(t.remoteRunId));
      const state: RemoteStatus = s.state === 'running' ? 'running' : s.state === 'exited' ? 'exited' : 'lost';
      const others = eps.slice(1);
      const ping = () => Promise.all(others.map((ep) => on(ep, async () => {
        const r = await exec(ep.host, ['true'], { timeoutMs: controlMs });
        if (r.code !== 0) throw new SshError('remote', `${ep.name} did not run a command: exit code ${r.code}`, ep.name);
      })));
      // The other endpoints take part too (netserver, MPI ranks): one that stopped answering fails the run as down,
      // also when the job already failed because of it (netperf or mpirun exit non-zero when their peer vanishes).
      if (state === 'running' || (s.state === 'exited' && s.code !== 0) || state === 'lost') await ping();
      // A netperf run's netserver is stopped by cleanup (after the run is stored) or stop, which the executor calls on
      // every way a run ends: stopping it here delayed every run's result by its stop (several round trips).
      return state;
    },

    async wait(t, maxMs, signal) {
      const head = endpoints(t, runSpec(t.run))[0]!;
      await on(head, () => runsOn(head).waitEnd(t.remoteRunId, maxMs, signal));
    },

    async collect(t): Promise<Collected> {
      const head = endpoints(t, runSpec(t.run))[0]!;
      const c = await on(head, () => runsOn(head).collect(t.remoteRunId));
      return { stdout: c.stdout, stderr: c.stderr, exitCode: c.status.state === 'exited' ? c.status.code : null };
    },

    async stop(t) {
      let spec: RunSpec;
      try { spec = runSpec(t.run); } catch { return; }
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      await runsOn(head).stop(t.remoteRunId, 'TERM').catch(() => undefined);
      if (spec.kind === 'netperf') await stopServer(t, eps[1]!).catch(() => undefined);
    },

    parse: parseRunOutput,

    async cleanup(t) {
      prepared.delete(t.remoteRunId);
      versionsOf.delete(t.remoteRunId);
      const spec = runSpec(t.run);
      const eps = endpoints(t, spec);
      const head = eps[0]!;
      const errors: string[] = [];
      const attempt = async (what: string, f: () => Promise<unknown>) => { try { await f(); } catch (e) { errors.push(`${what}: ${(e as Error).message}`); } };
      if (spec.kind === 'netperf') await attempt('netserver', () => stopServer(t, eps[1]!));
      if (spec.kind === 'iozone') {
        await attempt('scratch folder', async () => {
          const home = await remoteHome(head);
          const dir = spec.params.folder === SCRATCH_PLACEHOLDER ? scratchOf(home, t.remoteRunId) : `${spec.params.folder.replace(/\/+$/, '')}/virtlab-iozone-${t.remoteRunId}`;
          await mustRun(head, shArgv(REMOVE_SCRATCH, dir, dir.split('/').pop()!), 'removing the IOzone scratch folder');
        });
      }
      await attempt('job folder', () => runsOn(head).cleanup(t.remoteRunId));
      if (errors.length) throw new RunnerError('cleanup', `cleanup of ${t.remoteRunId} incomplete: ${errors.join('; ')}`);
    },
  };
  return driver;
}
