// IOzone in a working folder the user picks: a fresh sub-folder is created for the run and removed after,
// one IOzone command per file size (writer/reader sweep by default), each parsed on its own.
import { iozoneSweep } from '../../benchmarks/iozone/command.ts';
import { iozoneParamsSchema } from '../../benchmarks/iozone/params.ts';
import { parseIozone } from '../../benchmarks/iozone/parse.ts';
import { RunnerError } from '../errors.ts';
import { commandFailure, recordedRun } from '../record.ts';
import { mustRun, shArgv, type BenchEndpoint } from '../remote.ts';
import { ResultBuilder, type BenchRunResult, type Progress } from '../result.ts';
import { toolVersion } from '../versions.ts';

export interface IozoneRunOptions {
  endpoint: BenchEndpoint;
  /** Raw parameters (catalog schema); `folder` is the user's working folder (created if missing). */
  params?: Record<string, unknown>;
  runId?: string;
  signal?: AbortSignal;
  progress?: Progress;
}

// Creates $1/$2 (and $1 if missing); prints the sub-folder's absolute path.
const MAKE_WORKDIR = 'set -e; mkdir -p -- "$1"; mkdir -- "$1/$2"; cd -- "$1/$2"; pwd -P';
// Removes exactly the sub-folder we created ($1 must end with our run folder name $2).
const REMOVE_WORKDIR = 'case "$1" in */"$2") rm -rf -- "$1" ;; *) echo "refusing to remove $1" >&2; exit 2 ;; esac';

export async function runIozone(o: IozoneRunOptions): Promise<BenchRunResult> {
  const raw = o.params ?? {};
  const say = o.progress ?? (() => {});
  const rb = new ResultBuilder('iozone', [o.endpoint], raw);
  const parsed = iozoneParamsSchema.safeParse(raw);
  if (!parsed.success) {
    rb.error = `invalid IOzone parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    return rb.finish();
  }
  const ep = o.endpoint;
  const sub = `virtlab-iozone-${o.runId ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`}`;
  let workdir: string | undefined;
  try {
    const version = await toolVersion(ep, 'iozone');
    if (!version) throw new RunnerError('refused', `iozone is not installed on ${ep.name} (run \`virtlab bench install iozone\`)`);
    rb.versions[`iozone@${ep.name}`] = version;
    workdir = (await mustRun(ep, shArgv(MAKE_WORKDIR, parsed.data.folder, sub), `creating the IOzone folder in ${parsed.data.folder}`)).stdout.trim();
    rb.info.workdir = workdir;
    const sweep = iozoneSweep({ ...parsed.data, folder: workdir });
    if (sweep.length === 0) throw new RunnerError('config', 'no file size is at least one record long');
    for (const [i, point] of sweep.entries()) {
      if (o.signal?.aborted) throw new RunnerError('declined', 'cancelled');
      say(`iozone ${point.point.fileSizeKB} kB (${i + 1}/${sweep.length}) on ${ep.name}`);
      const rec = await rb.step(`iozone ${point.point.fileSizeKB}k`, () =>
        recordedRun(rb, ep, 'iozone', point.argv, {
          timeoutMs: 30 * 60_000,
          point: point.point,
          ...(o.signal ? { signal: o.signal } : {}),
        }),
      );
      const failure = commandFailure(rec);
      if (failure) throw new RunnerError('remote', failure);
      try {
        const out = parseIozone(rec.stdout);
        rb.metrics.push(...out.metrics);
        rb.warnings.push(...out.warnings);
        if (out.info.version !== undefined) rb.info.version = out.info.version;
      } catch (e) {
        rec.parseError = (e as Error).message;
      }
    }
  } catch (e) {
    rb.error = (e as Error).message;
  } finally {
    if (workdir) {
      const dir = workdir;
      await mustRun(ep, shArgv(REMOVE_WORKDIR, dir, sub), 'removing the IOzone folder').catch((e: Error) => {
        rb.warnings.push(`could not remove ${dir} on ${ep.name}: ${e.message}`);
      });
    }
  }
  return rb.finish();
}
