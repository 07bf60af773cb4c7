// Round trips of one run's job through the ssh backend as the run driver drives it (submit, wait, state, collect,
// release), counted as the commands an SSH server in this test process was asked to run (ssh2's Server running each
// with the local `sh -c`, HOME a folder of the test's own). A short job's start, end and output take one round trip
// and its folder's removal another; before, start, wait, collect and release took one each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunBackend, RunJobRef } from '../../../../main/backends/backend.ts';
import { sshRunBackend } from '../../../../main/backends/ssh/run-backend.ts';
import { OUTPUT_WITH_WAIT_BYTES } from '../../../../main/backends/ssh/backend.ts';
import { SshPool } from '../../../../main/ssh/pool.ts';
import { silentLink, type SilentLink } from '../../ssh/support/silent-link.ts';

let home: string;
let link: SilentLink;
let pool: SshPool;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'vl-round-trips-'));
  link = await silentLink({ env: { ...process.env, HOME: home } });
  pool = new SshPool(link.poolOptions);
});
afterEach(async () => {
  await pool.closeAll();
  await link.close();
  rmSync(home, { recursive: true, force: true });
});

const refOf = (runId: string): RunJobRef => ({
  runId,
  endpoints: [{ name: 'h01', address: '127.0.0.1', session: { host: pool.host(link.endpoint), name: 'h01' } }],
});

/** What the executor does with a run: submit, wait for its end, read its state, collect, release. */
async function driveRun(backend: RunBackend, runId: string, script: string, waitMs = 5000) {
  const ref = refOf(runId);
  await backend.submit({ runId, command: ['sh', '-c', script], endpoints: ref.endpoints, cwd: home, launchesRanks: false });
  // As the executor's monitor: a run just started is waited for first, its state read after each wait.
  let state;
  for (let i = 0; i < 20; i++) {
    await backend.wait(ref, waitMs);
    state = await backend.state(ref);
    if (state.state !== 'running') break;
  }
  const out = await backend.collect(ref);
  await backend.release(ref);
  return { state, out };
}

/** The detached-run scripts each command ran (the group wrapper around them is the same for all). */
const ran = () => link.commands.map((c) => /virtlab-detached/.test(c));

describe('ssh backend round trips per run', () => {
  it('a short job: started, seen to end and read in one round trip, its folder removed in a second', async () => {
    const backend = sshRunBackend({ controlTimeoutMs: 5000 });
    const r = await driveRun(backend, 'vl-short', 'echo out; echo err >&2; sleep 0.3; exit 3');
    expect(r.state).toEqual({ state: 'exited', code: 3 });
    expect(r.out).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    expect(link.commands).toHaveLength(2);
    expect(ran()).toEqual([true, true]);
  });

  it('without the wait on the starting channel: start, wait (with the output) and release, one round trip each', async () => {
    const backend = sshRunBackend({ controlTimeoutMs: 5000, startWaitMs: 0 });
    const r = await driveRun(backend, 'vl-plain', 'echo out; sleep 0.3');
    expect(r.out).toEqual({ stdout: 'out\n', stderr: '', exitCode: 0 });
    expect(link.commands).toHaveLength(3);
  });

  it('a job outlasting the starting channel’s wait: one more wait sees its end, with the output', async () => {
    const backend = sshRunBackend({ controlTimeoutMs: 5000, startWaitMs: 200 });
    const r = await driveRun(backend, 'vl-longer', 'sleep 1.2; echo done');
    expect(r.out).toEqual({ stdout: 'done\n', stderr: '', exitCode: 0 });
    // start + its wait (over after 200 ms), the wait for the rest of the executor's time, the release
    expect(link.commands).toHaveLength(3);
    expect(link.commands.map((c) => c.includes('wait_end'))).toEqual([true, true, false]);
  });

  it('an output over the limit is not carried by the wait: collect reads it, whole', async () => {
    const backend = sshRunBackend({ controlTimeoutMs: 5000 });
    const bytes = OUTPUT_WITH_WAIT_BYTES + 10;
    const r = await driveRun(backend, 'vl-big', `head -c ${bytes} /dev/zero | tr '\\0' x`);
    expect(r.out.stdout).toHaveLength(bytes);
    expect(r.out.exitCode).toBe(0);
    expect(link.commands).toHaveLength(3);
  }, 20_000);

  it('a run id already used: the submit fails with the start script’s reason and nothing waits', async () => {
    const backend = sshRunBackend({ controlTimeoutMs: 5000 });
    const ref = refOf('vl-twice');
    const job = { runId: 'vl-twice', command: ['sh', '-c', 'sleep 0.2'], endpoints: ref.endpoints, cwd: home, launchesRanks: false };
    await backend.submit(job);
    await expect(backend.submit(job)).rejects.toThrow(/run folder .*vl-twice already exists/);
    await backend.wait(ref, 5000);
    expect(await backend.state(ref)).toEqual({ state: 'exited', code: 0 });
  });
});
