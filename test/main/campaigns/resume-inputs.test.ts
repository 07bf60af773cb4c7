// Resuming with the stored inputs: options given again must match (a moved tarball with the same content is
// accepted and remembered), and a stored input that has gone or changed is refused in one sentence.
import { createHash } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputsForResume, missingInput } from '../../../main/campaigns/resume-inputs.ts';
import type { StartInputs } from '../../../main/campaigns/start-inputs.ts';
import { createEnvSecretStore } from '../../../main/secrets/env-store.ts';
import { tempDir } from '../store/temp-db.ts';

let tmp: ReturnType<typeof tempDir>;
let stored: StartInputs;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

beforeEach(() => {
  tmp = tempDir('virtlab-resume-');
  writeFileSync(join(tmp.dir, 'npb.tar'), 'the tarball');
  writeFileSync(join(tmp.dir, 'known_hosts'), '');
  stored = {
    version: 1,
    driver: { kind: 'benchmark' },
    knownHostsPath: join(tmp.dir, 'known_hosts'),
    selfContained: false,
    npbSource: { kind: 'file', path: join(tmp.dir, 'npb.tar'), sha256: sha('the tarball'), size: 11 },
    secrets: [{ ref: 'env:VL_PW', use: 'password of n1' }],
  };
});
afterEach(() => tmp.cleanup());

describe('inputsForResume', () => {
  it('needs no option again; the same ones given again are fine', async () => {
    expect(await inputsForResume(3, stored, {}, tmp.dir)).toEqual({ inputs: stored, changed: false });
    expect(
      await inputsForResume(3, stored, { driver: 'benchmark', npbSource: join(tmp.dir, 'npb.tar'), knownHostsPath: join(tmp.dir, 'known_hosts') }, tmp.dir),
    ).toEqual({ inputs: stored, changed: false });
  });

  it('refuses options that differ, naming each', async () => {
    writeFileSync(join(tmp.dir, 'other.tar'), 'another tarball');
    await expect(inputsForResume(3, stored, { driver: 'command', npbSource: join(tmp.dir, 'other.tar'), pollMs: 100 }, tmp.dir)).rejects.toThrow(
      new RegExp(
        `^Campaign 3 keeps the options it was started with, and these differ: --driver command \\(it was started with benchmark\\); --poll-ms 100 \\(it was started with the default\\); --npb-source .*other\\.tar \\(sha256 ${sha('another tarball').slice(0, 16)}…; it was started with .*npb\\.tar, sha256 ${sha('the tarball').slice(0, 16)}…\\); resume it without them\\.$`,
      ),
    );
  });

  it('accepts a moved tarball with the same content and remembers where it is now', async () => {
    renameSync(join(tmp.dir, 'npb.tar'), join(tmp.dir, 'moved.tar'));
    const r = await inputsForResume(3, stored, { npbSource: join(tmp.dir, 'moved.tar') }, tmp.dir);
    expect(r.changed).toBe(true);
    expect(r.inputs.npbSource).toEqual({ ...stored.npbSource, path: join(tmp.dir, 'moved.tar') });
  });
});

describe('missingInput', () => {
  const env = createEnvSecretStore({ VL_PW: 'x' });

  it('is undefined when everything is there', async () => {
    expect(await missingInput(3, stored, env, 'cli')).toBeUndefined();
  });

  it('names a tarball that has gone, or changed, and how to supply it', async () => {
    renameSync(join(tmp.dir, 'npb.tar'), join(tmp.dir, 'elsewhere.tar'));
    expect(await missingInput(3, stored, env, 'cli')).toBe(
      `Campaign 3 cannot resume: its NPB source ${join(tmp.dir, 'npb.tar')} is gone; put the tarball (sha256 ${sha('the tarball').slice(0, 16)}…) back there or resume with --npb-source FILE naming a copy of it.`,
    );
    writeFileSync(join(tmp.dir, 'npb.tar'), 'the tarbalL');
    expect(await missingInput(3, stored, env, 'ui')).toMatch(
      /^Campaign 3 cannot resume: its NPB source .*npb\.tar has changed since it started \(sha256 [0-9a-f]{16}…, was [0-9a-f]{16}…\); put the original tarball back or resume from the command line with --npb-source FILE naming a copy of it\.$/,
    );
  });

  it('names a secret reference that no longer resolves, and a known_hosts file that has gone', async () => {
    expect(await missingInput(3, stored, createEnvSecretStore({}), 'cli')).toBe(
      'Campaign 3 cannot resume: the secret env:VL_PW (password of n1) no longer resolves; set the environment variable VL_PW before resuming.',
    );
    rmSync(join(tmp.dir, 'known_hosts'));
    expect(await missingInput(3, stored, env, 'cli')).toMatch(/^Campaign 3 cannot resume: the known_hosts file .*known_hosts it was started with is gone;/);
  });
});
