// The user's NPB source tarball on an endpoint: a local file uploaded by SFTP (sha256 checked on both ends) or a
// URL the endpoint fetches itself, unpacked once into ~/.virtlab/npb/<sha256 prefix>/ and reused after that.
import { localSha256, remoteSha256 } from '../../ssh/checksum.ts';
import { upload } from '../../ssh/sftp.ts';
import { RunnerError } from '../errors.ts';
import { mustRun, remoteHome, shArgv, type BenchEndpoint } from '../remote.ts';

export type NpbSource =
  | { kind: 'file'; path: string }
  /** The endpoint downloads it (curl -fL or wget); give sha256 to pin the content. */
  | { kind: 'url'; url: string; sha256?: string };

export interface StagedNpb {
  sha256: string;
  /** ~/.virtlab/npb/<prefix> (absolute). */
  dir: string;
  /** Folder holding the NPB3.x-SER/OMP/MPI trees. */
  root: string;
  /** Tree folder names found, e.g. NPB3.4-MPI. */
  trees: string[];
  reused: boolean;
}

const TREE = /^NPB3\.\d+-(SER|OMP|MPI)$/;

// $1 dir, $2 tarball: unpack into dir/src (fresh), mark done; prints nothing.
const UNPACK = ['set -e', 'd=$1; t=$2', 'rm -rf -- "$d/src" "$d/.unpacked"', 'mkdir -p -- "$d/src"', 'tar -xf "$t" -C "$d/src"', ': > "$d/.unpacked"'].join(
  '\n',
);

// $1 dir: prints the folders (relative to dir/src, depth <= 2) that hold NPB trees, one "root<TAB>tree" a line.
const FIND_TREES = [
  'cd -- "$1/src" || exit 3',
  'for p in NPB3.*-* */NPB3.*-*; do [ -d "$p" ] || continue; case "$p" in */*) printf "%s\\t%s\\n" "${p%/*}" "${p##*/}";; *) printf ".\\t%s\\n" "$p";; esac; done',
].join('\n');

// $1 url, $2 output file: the endpoint fetches it with whatever it has.
const FETCH = [
  'if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$2" -- "$1"',
  'elif command -v wget >/dev/null 2>&1; then wget -q -O "$2" -- "$1"',
  'else echo "neither curl nor wget on this endpoint" >&2; exit 127; fi',
].join('\n');

async function exists(ep: BenchEndpoint, path: string): Promise<boolean> {
  const r = await mustRun(ep, shArgv('[ -e "$1" ] && echo yes || echo no', path), 'checking a file');
  return r.stdout.trim() === 'yes';
}

export async function stageNpbSource(ep: BenchEndpoint, source: NpbSource, say: (m: string) => void = () => {}): Promise<StagedNpb> {
  const home = await remoteHome(ep);
  const base = `${home}/.virtlab/npb`;
  await mustRun(ep, ['mkdir', '-p', base], 'creating ~/.virtlab/npb');
  let sha: string;
  let tarball: string;
  if (source.kind === 'file') {
    sha = await localSha256(source.path).catch((e: NodeJS.ErrnoException) => {
      throw new RunnerError('input', `the NPB source ${source.path} cannot be read (${e.code ?? e.message}): put the tarball back there`);
    });
    tarball = `${base}/${sha.slice(0, 16)}.tar`;
  } else {
    if (!/^(https?|ftp):\/\/[^\s]+$/.test(source.url)) throw new RunnerError('config', `not a download URL: ${JSON.stringify(source.url)}`);
    if (source.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(source.sha256)) throw new RunnerError('config', 'sha256 must be 64 hex digits');
    sha = source.sha256 ?? '';
    tarball = `${base}/download-${Date.now().toString(36)}.tar`;
  }
  if (sha) {
    const dir = `${base}/${sha.slice(0, 16)}`;
    if (await exists(ep, `${dir}/.unpacked`)) {
      say(`NPB source ${sha.slice(0, 16)} already unpacked on ${ep.name}`);
      return { sha256: sha, dir, ...(await findTrees(ep, dir)), reused: true };
    }
  }
  if (source.kind === 'file') {
    say(`uploading ${source.path} to ${ep.name}`);
    const up = await upload(ep.host, source.path, tarball);
    if (up.sha256 !== sha) throw new RunnerError('remote', `uploaded NPB tarball on ${ep.name} has sha256 ${up.sha256}, expected ${sha}`);
  } else {
    say(`${ep.name} downloads ${source.url}`);
    await mustRun(ep, shArgv(FETCH, source.url, tarball), `downloading ${source.url}`, { timeoutMs: 30 * 60_000 });
    const got = await remoteSha256(ep.host, tarball);
    if (source.sha256 !== undefined && got !== source.sha256) {
      await mustRun(ep, ['rm', '-f', '--', tarball], 'removing a bad download').catch(() => undefined);
      throw new RunnerError('input', `the NPB tarball from ${source.url} has sha256 ${got}, not the expected ${source.sha256}`);
    }
    sha = got;
  }
  const dir = `${base}/${sha.slice(0, 16)}`;
  await mustRun(ep, shArgv(UNPACK, dir, tarball), `unpacking the NPB tarball on ${ep.name}`, { timeoutMs: 10 * 60_000 });
  await mustRun(ep, ['rm', '-f', '--', tarball], 'removing the uploaded tarball');
  return { sha256: sha, dir, ...(await findTrees(ep, dir)), reused: false };
}

async function findTrees(ep: BenchEndpoint, dir: string): Promise<{ root: string; trees: string[] }> {
  const r = await mustRun(ep, shArgv(FIND_TREES, dir), 'looking for NPB trees');
  const rows = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t') as [string, string])
    .filter(([, t]) => TREE.test(t));
  if (rows.length === 0) throw new RunnerError('refused', `no NPB3.x-SER/OMP/MPI folder in the NPB tarball on ${ep.name}`);
  const rootRel = rows[0]![0];
  return {
    root: rootRel === '.' ? `${dir}/src` : `${dir}/src/${rootRel}`,
    trees: rows
      .filter(([r]) => r === rootRel)
      .map(([, t]) => t)
      .sort(),
  };
}
