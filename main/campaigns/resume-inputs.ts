// Resuming with what a campaign was started with: options given again must match the stored ones (a tarball moved
// elsewhere may be named again if its content is the same), and every stored input must still be there before any
// run starts. Each refusal is one sentence naming the input and how to supply it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SecretReader } from '../ssh/ports.ts';
import { InputProblem } from './input-problem.ts';
import { fingerprintNpbFile, keepNpbCopy } from './npb-source-input.ts';
import { describeNpb, isUrl, type StartInputs, type StartOptions } from './start-inputs.ts';

export type ResumeVia = 'cli' | 'ui';

const short = (sha: string) => `${sha.slice(0, 16)}…`;

/** The inputs to resume with: the stored ones, with a moved tarball's new path when the user named it again. */
export async function inputsForResume(
  campaignId: number,
  stored: StartInputs,
  given: StartOptions,
  dataDir: string,
): Promise<{ inputs: StartInputs; changed: boolean }> {
  const differs: string[] = [];
  if (given.driver !== undefined && given.driver !== stored.driver.kind) differs.push(`--driver ${given.driver} (it was started with ${stored.driver.kind})`);
  if (given.command !== undefined && given.command !== stored.driver.command)
    differs.push(
      `--command ${JSON.stringify(given.command)} (it was started with ${stored.driver.command === undefined ? 'none' : JSON.stringify(stored.driver.command)})`,
    );
  if (given.knownHostsPath !== undefined && resolve(given.knownHostsPath) !== stored.knownHostsPath)
    differs.push(`--known-hosts ${given.knownHostsPath} (it was started with ${stored.knownHostsPath})`);
  if (given.pollMs !== undefined && given.pollMs !== stored.pollMs)
    differs.push(`--poll-ms ${given.pollMs} (it was started with ${stored.pollMs ?? 'the default'})`);
  if (given.selfContained !== undefined && given.selfContained !== stored.selfContained)
    differs.push(`--self-contained (it was started ${stored.selfContained ? 'self-contained' : 'without it'})`);
  let inputs = stored;
  let changed = false;
  const src = given.npbSource;
  const n = stored.npbSource;
  if (src !== undefined) {
    if (!n) differs.push(`--npb-source ${src} (it was started without an NPB source)`);
    else if (n.kind === 'url' || isUrl(src)) {
      if (!(n.kind === 'url' && src === n.url)) differs.push(`--npb-source ${src} (it was started with ${describeNpb(n)})`);
    } else {
      const path = resolve(src);
      if (path !== n.path && path !== n.copiedFrom) {
        const fp = await fingerprintNpbFile(path);
        if (fp.sha256 !== n.sha256)
          differs.push(`--npb-source ${src} (sha256 ${short(fp.sha256)}; it was started with ${n.copiedFrom ?? n.path}, sha256 ${short(n.sha256)})`);
        else {
          // Same content at a new place: the campaign remembers the new place (or copies it again if self-contained).
          const npbSource = stored.selfContained ? await keepNpbCopy({ path }, dataDir) : { ...n, path };
          inputs = { ...stored, npbSource };
          changed = true;
        }
      } else if (stored.selfContained && !existsSync(n.path)) {
        inputs = { ...stored, npbSource: await keepNpbCopy({ path }, dataDir) };
        changed = true;
      }
    }
  }
  if (differs.length) {
    throw new InputProblem(`Campaign ${campaignId} keeps the options it was started with, and these differ: ${differs.join('; ')}; resume it without them.`);
  }
  return { inputs, changed };
}

/** The first stored input that has gone or changed, as one sentence; undefined when everything is there. */
export async function missingInput(campaignId: number, inputs: StartInputs, secrets: SecretReader | undefined, via: ResumeVia): Promise<string | undefined> {
  const n = inputs.npbSource;
  if (n?.kind === 'file') {
    const again =
      via === 'cli' ? 'or resume with --npb-source FILE naming a copy of it' : 'or resume from the command line with --npb-source FILE naming a copy of it';
    let fp: { sha256: string; size: number } | undefined;
    try {
      fp = await fingerprintNpbFile(n.path);
    } catch {
      fp = undefined;
    }
    if (!fp) return `Campaign ${campaignId} cannot resume: its NPB source ${n.path} is gone; put the tarball (sha256 ${short(n.sha256)}) back there ${again}.`;
    if (fp.size !== n.size || fp.sha256 !== n.sha256) {
      return `Campaign ${campaignId} cannot resume: its NPB source ${n.path} has changed since it started (sha256 ${short(fp.sha256)}, was ${short(n.sha256)}); put the original tarball back ${again}.`;
    }
  }
  if (!existsSync(inputs.knownHostsPath)) {
    return `Campaign ${campaignId} cannot resume: the known_hosts file ${inputs.knownHostsPath} it was started with is gone; restore it (or check the hosts again so their keys are recorded there).`;
  }
  for (const s of inputs.secrets) {
    const value = secrets ? await secrets.get(s.ref).catch(() => undefined) : undefined;
    if (value === undefined) {
      const how = s.ref.startsWith('env:')
        ? `set the environment variable ${s.ref.slice(4)} before resuming`
        : 'store it again (Lab page, or `virtlab hosts add` with the password)';
      return `Campaign ${campaignId} cannot resume: the secret ${s.ref} (${s.use}) no longer resolves; ${how}.`;
    }
  }
  return undefined;
}
