// Install execution: read the endpoint's facts, detect what is already there (reused when present), build the
// catalog's plan, show it (exact commands, whether root/sudo is needed, whether a package source is added) and
// run it only when the caller agrees; versions read back afterwards and recorded.
import { toolByName } from '../../benchmarks/registry.ts';
import { DEBIAN_NON_FREE_LIST, installPlan, type InstallPlan, type InstallStep } from '../../benchmarks/install/plan.ts';
import type { EndpointFacts, PackageManager } from '../../benchmarks/install/facts.ts';
import { upload } from '../../ssh/sftp.ts';
import { parseKeyValues } from '../../ssh/key-values.ts';
import type { InstallRecordsRepo } from '../../store/repos/install-records.ts';
import { RunnerError } from '../errors.ts';
import { mustRun, remoteHome, run, shArgv, type BenchEndpoint } from '../remote.ts';
import type { Progress } from '../result.ts';
import { toolVersion } from '../versions.ts';

export type Tool = 'netperf' | 'iozone';

export interface ShownStep {
  argv: string[];
  stdin?: string;
  why: string;
  asRoot: boolean;
}

/** What the user is asked to agree to. */
export interface ShownPlan {
  endpoint: string;
  tools: Tool[];
  /** Tools already installed (and their versions): nothing is done for them. */
  present: Record<string, string>;
  steps: ShownStep[];
  needsRoot: boolean;
  /** A package source added to the system (e.g. Debian non-free), if any. */
  addsPackageSource?: string;
  notes: string[];
  /** Local tarballs that will be uploaded (source builds). */
  uploads: { tool: Tool; localPath: string; remotePath: string }[];
}

export interface InstallOptions {
  endpoint: BenchEndpoint;
  tools: Tool[];
  /** Shown the plan; resolve true to run it. Nothing changes on the endpoint before this says yes. */
  confirm(plan: ShownPlan): Promise<boolean>;
  /** User tarballs for source builds (used when no package fits). */
  tarballs?: Partial<Record<Tool, string>>;
  mpi?: 'openmpi' | 'mpich';
  installs?: InstallRecordsRepo;
  progress?: Progress;
}

export interface InstallOutcome {
  plan: ShownPlan;
  ran: boolean;
  versions: Record<string, string>;
  log: { argv: string[]; code: number | null; stdout: string; stderr: string }[];
}

const FACTS = [
  '. /etc/os-release 2>/dev/null',
  'echo "id=$ID"; echo "version=$VERSION_ID"; echo "codename=$VERSION_CODENAME"; echo "uid=$(id -u)"',
  'for pm in apt-get dnf yum zypper; do command -v $pm >/dev/null 2>&1 && { echo "pm=$pm"; break; }; done',
  'if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then echo sudo=yes; fi',
].join('\n');

export async function readInstallFacts(ep: BenchEndpoint): Promise<EndpointFacts> {
  const kv = parseKeyValues((await mustRun(ep, shArgv(FACTS), 'reading /etc/os-release')).stdout);
  const pm = kv.get('pm');
  const packageManager: PackageManager | undefined = pm === 'apt-get' ? 'apt' : pm === 'dnf' || pm === 'yum' || pm === 'zypper' ? pm : undefined;
  if (!packageManager) throw new RunnerError('refused', `${ep.name}: no apt, dnf, yum or zypper; install the tools yourself`);
  const codename = kv.get('codename');
  return {
    osId: kv.get('id') || 'unknown',
    versionId: kv.get('version') || '',
    ...(codename ? { codename } : {}),
    packageManager,
    isRoot: kv.get('uid') === '0',
    hasSudo: kv.get('sudo') === 'yes',
  };
}

const TARBALL_NAME: Record<Tool, string> = { netperf: 'netperf.tar.gz', iozone: 'iozone.tar' };

/** The catalog's plan, narrowed to the tools still missing (their packages or source steps only). */
export function narrowPlan(plan: InstallPlan, missing: readonly Tool[]): InstallStep[] {
  const drop = new Set((['netperf', 'iozone'] as const).filter((t) => !missing.includes(t)));
  return plan.steps.flatMap((s) => {
    const isInstall = s.argv.includes('install') && !s.argv.includes('-D') && !s.argv[0]!.startsWith('make');
    if (isInstall) {
      const argv = s.argv.filter((a) => ![...drop].some((t) => a === toolByName(t)?.package));
      return [{ ...s, argv }];
    }
    if ([...drop].some((t) => s.argv.some((a) => a.includes(`/${t}`) || a.endsWith(TARBALL_NAME[t])))) return [];
    if (s.argv.some((a) => a.includes('npb.tar.gz'))) return []; // NPB is staged by the NPB runner per version
    return [s];
  });
}

export async function installTools(o: InstallOptions): Promise<InstallOutcome> {
  const ep = o.endpoint;
  const say = o.progress ?? (() => {});
  const present: Record<string, string> = {};
  for (const t of o.tools) {
    const v = await toolVersion(ep, t);
    if (v) present[t] = v;
  }
  const missing = o.tools.filter((t) => present[t] === undefined);
  const facts = await readInstallFacts(ep);
  const full = installPlan(facts, o.mpi ?? 'openmpi');
  const steps = missing.length === 0 ? [] : narrowPlan(full, missing);
  const home = await remoteHome(ep);
  const uploads = missing
    .filter((t) => full.fromSource.includes(t))
    .map((t) => {
      const local = o.tarballs?.[t];
      if (!local) throw new RunnerError('refused', `${t} has no package for ${facts.osId} ${facts.versionId} here: give its source tarball`);
      return { tool: t, localPath: local, remotePath: `${home}/.virtlab/src/${TARBALL_NAME[t]}` };
    });
  const rootish = (argv: string[]) =>
    argv[0] === 'sudo' || (facts.isRoot && ['apt-get', 'env', 'tee', 'dnf', 'yum', 'zypper', 'add-apt-repository'].includes(argv[0]!));
  const shown: ShownPlan = {
    endpoint: ep.name,
    tools: o.tools,
    present,
    steps: steps.map((s) => ({ argv: s.argv, ...(s.stdin !== undefined ? { stdin: s.stdin } : {}), why: s.why, asRoot: rootish(s.argv) })),
    needsRoot: steps.some((s) => rootish(s.argv)),
    ...(steps.some((s) => s.argv.includes(DEBIAN_NON_FREE_LIST))
      ? { addsPackageSource: `${DEBIAN_NON_FREE_LIST}: ${steps.find((s) => s.argv.includes(DEBIAN_NON_FREE_LIST))!.stdin?.trim()}` }
      : {}),
    notes: full.notes,
    uploads,
  };
  const outcome: InstallOutcome = { plan: shown, ran: false, versions: { ...present }, log: [] };
  if (missing.length === 0) {
    say(
      `${o.tools.join(', ')} already installed on ${ep.name}: ${Object.entries(present)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    record(o, present, 'preinstalled');
    return outcome;
  }
  if (!(await o.confirm(shown))) throw new RunnerError('declined', `installation on ${ep.name} was declined; nothing was changed`);
  outcome.ran = true;
  for (const u of uploads) {
    await mustRun(ep, ['mkdir', '-p', `${home}/.virtlab/src`], 'creating ~/.virtlab/src');
    say(`uploading ${u.localPath} to ${ep.name}`);
    await upload(ep.host, u.localPath, u.remotePath);
  }
  for (const s of steps) {
    say(`${ep.name}: ${s.why}`);
    // Source steps use paths relative to the home folder.
    const r = await run(ep, shArgv('cd && exec "$@"', ...s.argv), { timeoutMs: 30 * 60_000, ...(s.stdin !== undefined ? { stdin: s.stdin } : {}) });
    outcome.log.push({ argv: s.argv, code: r.code, stdout: r.stdout, stderr: r.stderr });
    if (r.code !== 0)
      throw new RunnerError(
        'remote',
        `install step \`${s.argv.join(' ')}\` on ${ep.name} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`,
      );
  }
  const after: Record<string, string> = {};
  for (const t of missing) {
    const v = await toolVersion(ep, t);
    if (!v) throw new RunnerError('remote', `${t} still does not answer on ${ep.name} after the installation`);
    after[t] = v;
  }
  Object.assign(outcome.versions, after);
  record(o, after, uploads.length > 0 ? 'source' : 'package');
  record(o, present, 'preinstalled');
  return outcome;
}

function record(o: InstallOptions, versions: Record<string, string>, method: string): void {
  if (!o.installs || o.endpoint.endpointId === undefined) return;
  for (const [benchmark, version] of Object.entries(versions)) {
    const last = o.installs.latest(o.endpoint.endpointId, benchmark);
    if (last && last.version === version && last.method === method) continue; // idempotent: same version, nothing new
    o.installs.record({ endpointId: o.endpoint.endpointId, benchmark, version, method });
  }
}
