// MPI on the OCI-CLI runtimes (Podman, Docker): the hosts' launcher starts every rank as its own container on the host
// network, one argv for all hosts; what a rank's shell makes of that argv, with a stand-in runtime printing its argv;
// and the network modes whose ranks cannot reach each other refused with what to set.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerProvider } from '../../../../main/platforms/docker/provider.ts';
import { dockerSettings } from '../../../../main/platforms/docker/settings.ts';
import { podmanProvider } from '../../../../main/platforms/podman/provider.ts';
import { podmanSettings } from '../../../../main/platforms/podman/settings.ts';
import { toShellCommand } from '../../../../main/ssh/quote.ts';
import { memoryLedger } from '../support/recording-host.ts';

/** Runs the rank's argv through sh with a stand-in `bin` on PATH that prints its argv one per line. */
function rankArgv(bin: string, argv: readonly string[], env: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'oci-rank-'));
  try {
    writeFileSync(join(dir, bin), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const out = execFileSync('sh', ['-c', toShellCommand(argv)], { encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin`, HOME: '/root', ...env } });
    return out.trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true });
  }
}

const G = '/root/.virtlab/guests/virtlab-c7-pod';
const BINARY = `${G}/.virtlab/npb/bin/ep.S.2`;

describe('MPI across OCI containers', () => {
  it("starts each rank as a container of the image on the host network, with the launcher's variables and the guest's folders", () => {
    const s = podmanSettings.parse({ image: 'virtlab-base:1', cpus: 1, mounts: [{ source: "/data/it's", target: '/in', readOnly: true }] });
    const mpi = podmanProvider.mpi(s);
    if (mpi.kind !== 'wrapped') throw new Error(`expected the wrapped model, got ${mpi.kind}`);
    expect(mpi.network).toMatch(/^the host network \(one Podman container per rank with --network=host; the platform's bridge network carries/);
    const prefix = mpi.rankPrefix({ campaignId: 7, platform: 'pod', settings: s });
    expect(prefix.slice(0, 2)).toEqual(['sh', '-c']);
    expect(prefix.at(-1)).toBe('virtlab-podman-rank');
    const lines = rankArgv('podman', [...prefix, BINARY, '-x'], {
      OMPI_COMM_WORLD_RANK: '1',
      PMIX_SERVER_URI4: 'pmix-server.12;tcp4://127.0.0.1:3',
      OTHER: 'no',
    });
    expect(lines.slice(0, 3)).toEqual(['run', '--rm', '--network=host']);
    expect(lines).toEqual(expect.arrayContaining(['--pid=host', '--ipc=host', '--uts=host', '--cpus', '1']));
    const pairs = (flag: string) => lines.flatMap((l, i) => (lines[i - 1] === flag ? [l] : []));
    expect(pairs('-v')).toEqual([
      '/tmp:/tmp',
      `${G}/.virtlab/runs:${G}/.virtlab/runs`,
      `${G}/.virtlab/npb:${G}/.virtlab/npb`,
      `${G}/.virtlab/src:${G}/.virtlab/src`,
      `${G}/.virtlab/mpi:${G}/.virtlab/mpi`,
      "/data/it's:/in:ro",
    ]);
    // The launcher's variables by name (the runtime copies their values from its own environment), nothing else.
    expect(pairs('-e').sort()).toEqual([`HOME=${G}`, 'OMPI_COMM_WORLD_RANK', 'PMIX_SERVER_URI4']);
    expect(pairs('-w')).toEqual([G]);
    // Labelled with the campaign's platform, for teardown to find ranks a killed launcher left running.
    expect(pairs('--label')).toEqual(['virtlab=1', 'virtlab.ranks=virtlab-c7-pod']);
    expect(lines.slice(-3)).toEqual(['virtlab-base:1', BINARY, '-x']);
  });

  it('gives every host the same rank command (no host in it) and the guest folder the platform container uses', async () => {
    const s = dockerSettings.parse({ image: 'virtlab-base' });
    const mpi = dockerProvider.mpi(s);
    if (mpi.kind !== 'wrapped') throw new Error(`expected the wrapped model, got ${mpi.kind}`);
    const lines = rankArgv('docker', [...mpi.rankPrefix({ campaignId: 7, platform: 'dk', settings: s }), 'ep'], {});
    expect(lines.slice(0, 5)).toEqual(['run', '--rm', '--pull', 'never', '--network=host']);
    expect(lines).toContain('/root/.virtlab/guests/virtlab-c7-dk/.virtlab/npb:/root/.virtlab/guests/virtlab-c7-dk/.virtlab/npb');
    expect(dockerProvider.mpi(dockerSettings.parse({ image: 'x', network: 'host' }))).toMatchObject({ kind: 'wrapped', network: 'the host network' });
  });

  it("teardown removes every rank container with the campaign's label, by the ids the runtime lists, with its own removal argv", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oci-sweep-'));
    try {
      // A stand-in podman: `ps` lists two ids only for the label asked, `rm` appends its argv to a log.
      writeFileSync(
        join(dir, 'podman'),
        `#!/bin/sh\nif [ "$1" = ps ]; then [ "$4" = "label=virtlab.ranks=virtlab-c7-pod" ] && printf 'a1\\nb2\\n'; exit 0; fi\necho "$@" >> ${dir}/rm.log\n`,
        { mode: 0o755 },
      );
      const run = async (argv: readonly string[]) => {
        try {
          return { code: 0, stdout: execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin` } }), stderr: '' };
        } catch (e) {
          return { code: 1, stdout: '', stderr: String(e) };
        }
      };
      const ledger = memoryLedger(7, 'pod');
      const e = ledger.intend('h0', 'rank-containers', 'virtlab-c7-pod', { label: 'virtlab.ranks' });
      const other = ledger.intend('h0', 'rank-containers', 'virtlab-c8-pod', { label: 'virtlab.ranks' });
      const h = { name: 'h0', address: '10.0.0.11', ordinal: 0, run };
      const said: string[] = [];
      expect(await podmanProvider.teardown([other, e], { hostOf: () => h, ledger, say: (l) => said.push(l) })).toEqual([]);
      expect(said).toEqual(['h0: removed 2 MPI rank container(s) an interrupted run left (a1, b2)']);
      expect(readFileSync(join(dir, 'rm.log'), 'utf8').trim().split('\n')).toEqual(['rm -f -t 0 --ignore a1', 'rm -f -t 0 --ignore b2']);
      expect(ledger.open()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("refuses MPI where ranks could not reach each other (slirp4netns, Docker's published ports), saying what to set", () => {
    const slirp = podmanProvider.mpi(podmanSettings.parse({ image: 'x', network: 'slirp4netns' }));
    expect(slirp).toEqual({ kind: 'unsupported', why: expect.stringMatching(/over slirp4netns is refused: .* Set network: bridge or host/) });
    const published = dockerProvider.mpi(dockerSettings.parse({ image: 'x', network: 'published' }));
    expect(published).toEqual({ kind: 'unsupported', why: expect.stringMatching(/on a published network is refused: .* Set network: bridge or host/) });
  });
});
