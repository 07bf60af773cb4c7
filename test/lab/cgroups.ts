// Lab hosts have their own mount namespace with a fresh /sys and no cgroup hierarchy: runc (Podman's runtime here)
// refuses to create containers there ("no cgroup mount found in mountinfo"). This mounts the same hierarchies the
// machine has (hybrid: v1 controllers, name=systemd, cgroup2 at unified) inside a host's mount namespace only; they
// go with the namespace at `lab down`. For the container lab instance; other instances stay as they are.
import { execIn, type LabEndpointAny } from './api.ts';

const MOUNT_CGROUPS = [
  'set -e',
  'mountpoint -q /sys/fs/cgroup && exit 0',
  'mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup',
  'for c in cpu cpuacct cpuset memory devices freezer blkio pids; do mkdir -p /sys/fs/cgroup/$c; mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c; done',
  'mkdir -p /sys/fs/cgroup/systemd /sys/fs/cgroup/unified',
  'mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd',
  'mount -t cgroup2 none /sys/fs/cgroup/unified',
].join('\n');

export async function mountCgroups(host: LabEndpointAny): Promise<void> {
  await execIn(host, ['sh', '-c', MOUNT_CGROUPS]);
}
