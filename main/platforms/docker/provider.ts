// Docker: the OCI-CLI shape of common/oci.ts with Docker's CLI. The image is never pulled (`--pull never`), docker-init
// (tini) is PID 1. Networks: bridge (an internal Docker network per host, no NAT, each host routing the others' container
// subnets), published (the same network plus ports published by Docker's userland proxy: peers use the host's address)
// or host. The bridge of a network is named by Docker after the network's id (br-<first 12 hex digits>).
import { describeProvider } from '../catalog.ts';
import type { PlatformProvider } from '../provider.ts';
import type { BridgeGuest } from '../common/names.ts';
import { ociProvider, ociRunArgv, type OciCli } from '../common/oci.ts';
import { IMAGE_PATH } from '../image/recipe.ts';
import { checkDocker } from './check.ts';
import type { DockerSettings } from './settings.ts';

export const dockerCli: OciCli<DockerSettings> = {
  bin: 'docker',
  title: 'Docker',
  runFlags: ['--pull', 'never'],
  ownNetwork: (s) => s.network !== 'host',
  publishes: (s) => s.network === 'published',
  imageExists: (image) => ['docker', 'image', 'inspect', '--format', 'x', image],
  // A root file system tarball carries no environment: give the image the PATH every tool is found on.
  importArgv: (archive, image) => ['docker', 'import', '--change', `ENV PATH=${IMAGE_PATH}`, archive, image],
  networkExists: (name) => ['docker', 'network', 'inspect', '--format', 'x', name],
  subnetsInUse: [
    'sh',
    '-c',
    'ids=$(docker network ls -q) || exit $?; [ -z "$ids" ] || exec docker network inspect --format "{{range .IPAM.Config}}{{.Subnet}} {{end}}" $ids',
  ],
  networkCreate: (name, subnet, gateway) => [
    'docker',
    'network',
    'create',
    '--driver',
    'bridge',
    '--internal',
    '--subnet',
    subnet,
    '--gateway',
    gateway,
    '-o',
    'com.docker.network.bridge.enable_ip_masquerade=false',
    '--label',
    'virtlab=1',
    name,
  ],
  bridge: { format: '{{.Id}}', name: (id) => `br-${id.slice(0, 12)}` },
  replace: (name) => ['docker', 'rm', '-f', name],
  remove: {
    container: { argv: (n) => ['docker', 'rm', '-f', n], gone: /no such container/i },
    network: { argv: (n) => ['docker', 'network', 'rm', n], gone: /no such network|not found/i },
    image: { argv: (n) => ['docker', 'rmi', n], gone: /no such image/i },
  },
  mpiRefused: (s) =>
    s.network === 'published'
      ? 'MPI across Docker containers on a published network is refused: peers reach a container only on its published ports, and MPI ranks connect to each other on ports they pick at run time. Set network: bridge or host on a platform for MPI runs (its ranks then run one container each on the host network)'
      : undefined,
  importSec: 30,
  networkNote: 'internal networks, no NAT, and routes',
};

/** `docker run` argv of host g's container. */
export const dockerRunArgv = (s: DockerSettings, name: string, home: string, g: BridgeGuest): string[] => ociRunArgv(dockerCli, s, name, home, g);

export const dockerProvider: PlatformProvider<DockerSettings> = {
  describe: describeProvider('docker')!,
  check: (s, hosts) => checkDocker(s, hosts),
  ...ociProvider(dockerCli),
};
