// Podman (rootful): the OCI-CLI shape of common/oci.ts with Podman's CLI, a catatonit init as PID 1. Networks: bridge
// (an internal netavark network per host, no NAT, each host routing the others' container subnets), slirp4netns (the
// host's address plus published ports), host, or pasta (where the version has it).
import { describeProvider } from '../catalog.ts';
import type { PlatformProvider } from '../provider.ts';
import type { BridgeGuest } from '../common/names.ts';
import { ociProvider, ociRunArgv, type OciCli } from '../common/oci.ts';
import { IMAGE_PATH } from '../image/recipe.ts';
import { checkPodman } from './check.ts';
import type { PodmanSettings } from './settings.ts';

/** Imports a root file system tarball (main/platforms/image/) as an image. A tarball carries no environment: the
 * image gets the PATH its recipe checked every tool on, or `podman exec` would not find make, gcc, mpirun. */
export const importArgv = (archive: string, image: string): string[] => ['podman', 'import', '--quiet', '--change', `ENV=PATH=${IMAGE_PATH}`, archive, image];

export const podmanCli: OciCli<PodmanSettings> = {
  bin: 'podman',
  title: 'Podman',
  runFlags: [],
  ownNetwork: (s) => s.network === 'bridge',
  publishes: (s) => s.network === 'slirp4netns',
  imageExists: (image) => ['podman', 'image', 'exists', image],
  importArgv,
  networkExists: (name) => ['podman', 'network', 'exists', name],
  subnetsInUse: ['podman', 'network', 'ls', '--format', '{{range .Subnets}}{{.Subnet}} {{end}}'],
  networkCreate: (name, subnet, gateway) => ['podman', 'network', 'create', '--internal', '--disable-dns', '--subnet', subnet, '--gateway', gateway, name],
  bridge: { format: '{{.NetworkInterface}}', name: (iface) => iface },
  // -t 0: the container runs `sleep infinity`, which ignores SIGTERM: do not wait 10 s for it.
  replace: (name) => ['podman', 'rm', '-f', '-t', '0', name],
  remove: {
    container: { argv: (n) => ['podman', 'rm', '-f', '-t', '0', '--ignore', n], gone: /no such container/i },
    network: { argv: (n) => ['podman', 'network', 'rm', '-f', n], gone: /unable to find network|network not found/i },
    image: { argv: (n) => ['podman', 'rmi', '-f', n], gone: /image not known|no such image/i },
  },
  mpiRefused: (s) =>
    s.network === 'slirp4netns' || s.network === 'pasta'
      ? `MPI across Podman containers over ${s.network} is refused: it forwards only the published ports to a container, and MPI ranks connect to each other on ports they pick at run time. Set network: bridge or host on a platform for MPI runs (its ranks then run one container each on the host network)`
      : undefined,
  importSec: 40,
  networkNote: 'internal networks and routes',
};

/** `podman run` argv of host g's container (its network, on a bridge, has the container's name). */
export const podmanRunArgv = (s: PodmanSettings, name: string, home: string, g: BridgeGuest): string[] => ociRunArgv(podmanCli, s, name, home, g);

export const podmanProvider: PlatformProvider<PodmanSettings> = {
  describe: describeProvider('podman')!,
  check: (s, hosts) => checkPodman(s, hosts),
  ...ociProvider(podmanCli),
};
