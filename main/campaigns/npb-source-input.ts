// The NPB tarball as a campaign input: its sha256 and size, and, for a self-contained campaign, a copy in the data
// folder (content-addressed, shared by campaigns) made from the user's file or downloaded from the URL once.
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { localSha256 } from '../ssh/checksum.ts';
import { InputProblem } from './input-problem.ts';

export async function fingerprintNpbFile(path: string): Promise<{ sha256: string; size: number }> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputProblem(`The NPB source ${path} is not a file: give --npb-source the NPB tarball itself.`);
    size = s.size;
  } catch (e) {
    if (e instanceof InputProblem) throw e;
    throw new InputProblem(
      `The NPB source ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): give --npb-source an existing NPB tarball.`,
    );
  }
  return { sha256: await localSha256(path), size };
}

const suffixOf = (name: string): string => /\.(tar\.gz|tgz|tar\.bz2|tar\.xz|tar)$/i.exec(name)?.[0] ?? '.tar';

/** Copies (or downloads) the tarball to <dataDir>/inputs/npb/<sha256><suffix> and returns the stored input for it. */
export async function keepNpbCopy(from: { path: string } | { url: string }, dataDir: string) {
  const folder = join(dataDir, 'inputs', 'npb');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const partial = join(folder, `.partial-${process.pid}-${Date.now()}`);
  try {
    if ('path' in from) {
      await fingerprintNpbFile(from.path);
      await copyFile(from.path, partial);
    } else {
      const res = await fetch(from.url).catch((e: unknown) => {
        throw new InputProblem(
          `The NPB source ${from.url} could not be downloaded (${(e as Error).message}): check the URL, or give --npb-source a local tarball.`,
        );
      });
      if (!res.ok)
        throw new InputProblem(`The NPB source ${from.url} could not be downloaded (HTTP ${res.status}): check the URL, or give --npb-source a local tarball.`);
      await writeFile(partial, Buffer.from(await res.arrayBuffer()));
    }
    const fp = await fingerprintNpbFile(partial);
    const path = join(folder, `${fp.sha256}${suffixOf(basename('path' in from ? from.path : new URL(from.url).pathname))}`);
    await rename(partial, path);
    return { kind: 'file' as const, path, ...fp, copiedFrom: 'path' in from ? from.path : from.url };
  } finally {
    await rm(partial, { force: true });
  }
}
