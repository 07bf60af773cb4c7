// Makes sure a benchmark image tarball exists on a host: reused when its content-addressed name is already there with
// a matching checksum, built otherwise (a VM image first makes the base it builds on). Builds of one folder are
// serialized by flock, so two campaigns or test files asking at once build once.
import { FILE_SUM_FN } from '../common/file-sum.ts';
import { BUILD_SCRIPT } from './build-script.ts';
import { READ_APT_SOURCES, debianMirror, parseAptSourceDump } from './apt-sources.ts';
import type { CommandHost } from './image-host.ts';
import { IMAGE_PATH, imageName, recipeFor, type ImageKind } from './recipe.ts';

/** Default folder on a host; the lab uses /var/lib/virtlab-lab/images. */
export const HOST_IMAGE_DIR = '/var/lib/virtlab/images';

export interface EnsureImageOptions {
  dir?: string;
  signal?: AbortSignal;
  /** One line per step (debootstrap, installing, writing). */
  onProgress?: (line: string) => void;
  /** A build takes minutes (debootstrap, then the packages); the default allows 30. */
  timeoutMs?: number;
  /** Re-hash a tarball found in place (default); false trusts its checksum file (the lab's cache, read every run). */
  verify?: boolean;
}

export interface ImageRef {
  kind: ImageKind;
  name: string;
  /** Tarball on the host: what `podman/docker import` take and charliecloud unpacks. */
  path: string;
  sha256: string;
  reused: boolean;
}

export class ImageBuildError extends Error {
  constructor(
    message: string,
    readonly output = '',
  ) {
    super(message);
    this.name = 'ImageBuildError';
  }
}

const SH_NAME = 'virtlab-image';

async function checkPrerequisites(host: CommandHost): Promise<void> {
  const r = await host.run(['sh', '-c', 'id -u; for t in debootstrap chroot flock tar sha256sum; do command -v "$t" >/dev/null || echo "missing $t"; done']);
  const lines = r.stdout.trim().split('\n');
  if (lines[0] !== '0')
    throw new ImageBuildError(`building an image on ${host.label} needs root (debootstrap and chroot); the session's user is uid ${lines[0] ?? '?'}`);
  const missing = lines
    .slice(1)
    .filter((l) => l.startsWith('missing '))
    .map((l) => l.slice('missing '.length));
  if (missing.length) {
    const pkgs = missing.map((t) => (t === 'flock' || t === 'chroot' ? (t === 'flock' ? 'util-linux' : 'coreutils') : t === 'sha256sum' ? 'coreutils' : t));
    throw new ImageBuildError(
      `building an image on ${host.label} needs ${missing.join(', ')}; install with: apt-get install --no-install-recommends ${[...new Set(pkgs)].join(' ')}`,
    );
  }
}

/** The host's Debian suite and the mirror its own apt sources use. */
export async function hostMirror(host: CommandHost): Promise<{ suite: string; mirror: string }> {
  const r = await host.run(['sh', '-c', READ_APT_SOURCES]);
  const dump = parseAptSourceDump(r.stdout);
  if (!dump.codename)
    throw new ImageBuildError(`${host.label} says no Debian codename in /etc/os-release; VirtLab builds its image with debootstrap from a Debian host`);
  const found = debianMirror(dump.files, dump.codename);
  if ('error' in found) throw new ImageBuildError(`${host.label}: ${found.error}`);
  return { suite: dump.codename, mirror: found.mirror };
}

/**
 * The tarball's recorded checksum, when the tarball and its checksum file exist and agree; undefined otherwise. The
 * tarball is hashed once and then while it is unchanged its hash is read back (common/file-sum.ts), not re-read.
 */
export async function verifiedImage(host: CommandHost, path: string, verify = true): Promise<string | undefined> {
  const script = verify
    ? `${FILE_SUM_FN}\ntest -f "$1" && test -f "$1.sha256" || exit 3; want=$(cat "$1.sha256"); have=$(vl_sum "$1") || exit 3; [ "$want" = "$have" ] || { echo "checksum $have, recorded $want" >&2; exit 4; }; echo "$have"`
    : 'test -f "$1" && test -f "$1.sha256" || exit 3; cat "$1.sha256"';
  const r = await host.run(['sh', '-c', script, SH_NAME, path]);
  if (r.code === 0) return r.stdout.trim();
  if (r.code === 4) throw new ImageBuildError(`image ${path} on ${host.label} is corrupt (${r.stderr.trim()}); remove it and its .sha256 to rebuild`);
  return undefined;
}

export async function ensureImage(host: CommandHost, kind: ImageKind, opts: EnsureImageOptions = {}): Promise<ImageRef> {
  const dir = opts.dir ?? HOST_IMAGE_DIR;
  const { suite, mirror } = await hostMirror(host);
  const recipe = recipeFor(kind, suite);
  const name = imageName(recipe);
  const path = `${dir}/${name}.tar`;
  const have = await verifiedImage(host, path, opts.verify ?? true);
  if (have) return { kind, name, path, sha256: have, reused: true };
  await checkPrerequisites(host);
  const parent = kind === 'vm' ? await ensureImage(host, 'base', opts) : undefined;
  const argv = [
    'flock',
    `${dir}/.build.lock`,
    'sh',
    '-c',
    BUILD_SCRIPT,
    SH_NAME,
    parent ? 'layer' : 'base',
    mirror,
    suite,
    path,
    parent?.path ?? '',
    recipe.extra,
    recipe.check,
    IMAGE_PATH,
    ...recipe.packages,
  ];
  await host.run(['mkdir', '-p', dir]);
  const r = await host.run(argv, {
    timeoutMs: opts.timeoutMs ?? 30 * 60_000,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onStderr: (t) => {
      for (const l of t.split('\n')) if (l.startsWith('virtlab-image: ')) opts.onProgress?.(l.slice('virtlab-image: '.length));
    },
  });
  if (r.timedOut) throw new ImageBuildError(`building image ${name} on ${host.label} timed out`, r.stderr);
  if (r.code !== 0) {
    const last = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('virtlab-image: '))
      .slice(-8)
      .join('\n');
    throw new ImageBuildError(`building image ${name} on ${host.label} failed (exit ${r.code ?? 'signal'}): ${last || 'no output'}`, r.stderr);
  }
  return { kind, name, path, sha256: r.stdout.trim().split('\n').pop() ?? '', reused: false };
}
