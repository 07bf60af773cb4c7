// What the Charliecloud provider asks a host to do: unpack the archive into the guest folder (ledger first), every
// command through ch-run on it with the runner's folders bound at the same path, teardown removing the folder; and the
// check's sentences from what the probe printed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCharliecloud } from '../../../../main/platforms/charliecloud/check.ts';
import { charliecloudProvider, chRunScript } from '../../../../main/platforms/charliecloud/provider.ts';
import { charliecloudSettings } from '../../../../main/platforms/charliecloud/settings.ts';
import { foldersToShare } from '../../../../main/platforms/common/names.ts';
import { toShellCommand } from '../../../../main/ssh/quote.ts';
import { memoryLedger, recordingHost } from '../support/recording-host.ts';

const s = (x: Record<string, unknown> = {}) => charliecloudSettings.parse({ imageArchive: '/img/base.tar', ...x });
const guest = (settings = s(), platform = 'ch') => ({ campaignId: 7, platform, settings, host: { name: 'h1', address: '10.0.0.12', ordinal: 1 } });

describe('Charliecloud provider', () => {
  it("runs a command through ch-run on the guest's image, HOME its guest folder, the runner's folders and mounts bound", () => {
    const argv = charliecloudProvider.wrap(guest(s({ mounts: [{ source: "/data/it's", target: '/in' }] })), ['netperf', '-H', 'a b']);
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv.slice(3)).toEqual(['virtlab-ch-run', 'netperf', '-H', 'a b']);
    // What the host's shell makes of it, with a stand-in ch-run on PATH that prints its argv one per line.
    const bin = mkdtempSync(join(tmpdir(), 'ch-run-'));
    writeFileSync(join(bin, 'ch-run'), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const out = execFileSync('sh', ['-c', toShellCommand(argv)], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, HOME: '/root' } });
    rmSync(bin, { recursive: true });
    const g = '/root/.virtlab/guests/virtlab-c7-ch';
    expect(out.trim().split('\n')).toEqual([
      '-w',
      `--set-env=HOME=${g}`,
      '-c',
      g,
      '-b',
      `${g}/.virtlab/runs:${g}/.virtlab/runs`,
      '-b',
      `${g}/.virtlab/npb:${g}/.virtlab/npb`,
      '-b',
      `${g}/.virtlab/src:${g}/.virtlab/src`,
      '-b',
      `${g}/.virtlab/mpi:${g}/.virtlab/mpi`,
      '-b',
      "/data/it's:/in",
      `${g}/image`,
      '--',
      'netperf',
      '-H',
      'a b',
    ]);
    expect(chRunScript(guest(s(), "a'b"))).toContain(`/.virtlab/guests/'virtlab-c7-a'\\''b';`);
    expect(charliecloudProvider.reach(guest())).toEqual({ address: '10.0.0.12' });
  });

  it("MPI: the hosts' launcher starts each rank through ch-run, one argv for every host, in the run folder it was started in", () => {
    const mpi = charliecloudProvider.mpi(s());
    if (mpi.kind !== 'wrapped') throw new Error(`expected the wrapped model, got ${mpi.kind}`);
    expect(mpi.network).toBe('the host network');
    const ref = { campaignId: 7, platform: 'ch', settings: s() };
    const prefix = mpi.rankPrefix(ref);
    // The same on every host: one argv whatever the guest's host ordinal.
    expect(mpi.rankPrefix({ ...ref })).toEqual(prefix);
    // What a rank's shell makes of it (mpirun appends the binary) in the folder the launcher starts it in, with a
    // stand-in ch-run printing its argv.
    const home = mkdtempSync(join(tmpdir(), 'ch-home-'));
    const runFolder = join(home, '.virtlab/runs/r1');
    mkdirSync(runFolder, { recursive: true });
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'ch-run'), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const rank = (cwd: string) =>
      execFileSync('sh', ['-c', toShellCommand([...prefix, `${home}/.virtlab/guests/virtlab-c7-ch/.virtlab/npb/bin/ep.S.2`])], {
        encoding: 'utf8',
        cwd,
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home },
      })
        .trim()
        .split('\n');
    const g = `${home}/.virtlab/guests/virtlab-c7-ch`;
    const binds = foldersToShare('container').flatMap((f) => ['-b', `${g}/${f}:${g}/${f}`]);
    const binary = [`${g}/image`, '--', `${g}/.virtlab/npb/bin/ep.S.2`];
    try {
      // Started in one of the host's run folders (the head host, where the job's files are): that folder, bound at its path.
      expect(rank(runFolder)).toEqual(['-w', `--set-env=HOME=${g}`, ...binds, '-b', `${runFolder}:${runFolder}`, '-c', runFolder, ...binary]);
      // Anywhere else (a host without the run folder: the launcher falls back to the home): the guest folder.
      expect(rank(home)).toEqual(['-w', `--set-env=HOME=${g}`, ...binds, '-c', g, ...binary]);
    } finally {
      rmSync(home, { recursive: true });
    }
  });

  it("unpacks the archive once per host into the guest folder (in the ledger first) and makes ch-run's mount points", async () => {
    const h = recordingHost('h1', 1, [
      [/printf "%s" "\$HOME"/, { stdout: '/root' }],
      [/^test -e/, { code: 1 }],
    ]);
    const ledger = memoryLedger();
    await charliecloudProvider.prepare({ campaignId: 7, platform: 'ch', settings: s({ iozoneWrites: 'host-folder' }), hosts: [h], ledger, say: () => {} });
    const g = '/root/.virtlab/guests/virtlab-c7-ch';
    expect(h.calls.slice(2)).toEqual([
      `mkdir -p -- ${g}/image ${g}/.virtlab/runs ${g}/.virtlab/npb ${g}/.virtlab/src ${g}/.virtlab/mpi ${g}/.virtlab/scratch`,
      `tar -C ${g}/image -xf /img/base.tar --exclude=./dev/*`,
      `sh -c cd "$1" && shift && mkdir -p -- "$@" && touch etc/hosts etc/resolv.conf .virtlab-unpacked virtlab ${g}/image dev proc sys tmp home etc`,
    ]);
    expect(ledger.entries.map((e) => [e.kind, e.handle, e.state])).toEqual([['folder', g, 'created']]);
    const left = await charliecloudProvider.teardown([...ledger.entries], { hostOf: () => h, ledger, say: () => {} });
    expect([left, h.calls.at(-1), ledger.open()]).toEqual([[], `rm -rf -- ${g}`, []]);
  });

  it('check: ch-run missing with the install plan, archive missing', async () => {
    const host = (stdout: string) => recordingHost('h0', 0, [[/virtlab-check/, { stdout }]]);
    expect(await checkCharliecloud(s(), [host('version=0.31\narchive=yes\ncpus=2\nmemkb=1000\nuid=0\nlisten=\n')])).toEqual([]);
    expect(await checkCharliecloud(s(), [host('ch=missing\n')])).toEqual([
      expect.stringMatching(/^h0: Charliecloud is not installed: no ch-run \(install it as root: apt-get install charliecloud-runtime/),
    ]);
    expect(await checkCharliecloud(s({ mounts: [{ source: '/x', target: '/in' }] }), [host('version=0.31\narchive=no\nnomount=/x\n')])).toEqual([
      'h0: image archive /img/base.tar is not there (or not readable)',
      'h0: mount source /x does not exist',
    ]);
  });
});
