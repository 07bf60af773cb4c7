// The Docker check's sentences from what the probe printed on a host (the lab test runs the same probe for real).
import { describe, expect, it } from 'vitest';
import { checkDocker } from '../../../../main/platforms/docker/check.ts';
import { dockerSettings } from '../../../../main/platforms/docker/settings.ts';
import { recordingHost } from '../support/recording-host.ts';

const s = (x: Record<string, unknown> = {}) => dockerSettings.parse({ image: 'virtlab-base', ...x });
const host = (stdout: string, code = 0) => recordingHost('h0', 0, [[/virtlab-check/, { stdout, code, stderr: code ? 'sh: boom' : '' }]]);
const OK = 'version=20.10.24\nimage=yes\ncpus=2\nmemkb=24000000\nuid=0\nlisten=0016 4E85 \n';

describe('Docker check', () => {
  it('passes a host with the daemon, the image and room for the limits; quotes every argument into the probe', async () => {
    const h = host(OK);
    expect(await checkDocker(s({ cpus: 2, memoryMiB: 1024 }), [h])).toEqual([]);
    expect(h.calls[0]).toMatch(/ virtlab-check virtlab-base $/);
  });

  it('says what is wrong, host by host', async () => {
    expect(await checkDocker(s(), [host('docker=missing\n')])).toEqual([
      expect.stringMatching(/^h0: Docker is not installed \(install it as root: apt-get install docker.io \(Debian 12\), then start dockerd;/),
    ]);
    expect(
      await checkDocker(s(), [host('daemon=Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running? \n')]),
    ).toEqual([
      "h0: the Docker daemon does not answer (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?): start dockerd, or point this login's docker at it (`docker context use`)",
    ]);
    expect(await checkDocker(s(), [host(OK.replace('image=yes', 'image=no'))])).toEqual([
      'h0: Docker has no image virtlab-base (see `docker images`; load it, or give imageArchive: a root file system tarball VirtLab imports; no registry is asked)',
    ]);
    expect(await checkDocker(s({ imageArchive: '/x.tar' }), [host(OK.replace('image=yes', 'image=no\narchive=no'))])).toEqual([
      'h0: image archive /x.tar is not there (or not readable), and Docker has no image virtlab-base',
    ]);
    expect(
      await checkDocker(s({ cpus: 3, memoryMiB: 30000, network: 'published', ports: [20101, 20102], mounts: [{ source: '/nope', target: '/in' }] }), [
        host(`${OK.replace('4E85', '4E85 4E95')}nomount=/nope\n`),
      ]),
    ).toEqual([
      "h0: a CPU limit of 3 is above the host's 2 CPU(s)",
      "h0: a memory limit of 30000 MiB is above the host's 23437 MiB",
      'h0: mount source /nope does not exist',
      'h0: published port 20101 already in use on the host (choose other ports)',
    ]);
    // Ports are only published in the published mode: a bridge platform does not care what the host listens on.
    expect(await checkDocker(s({ ports: [20101] }), [host(OK.replace('4E85', '4E95'))])).toEqual([]);
    expect(await checkDocker(s(), [host('', 255)])).toEqual(['h0: could not check the host (exit code 255): sh: boom']);
  });
});
