// The VM base disk made from VirtLab's VM image tarball on a host: an ext4 file system image (mkfs.ext4 -d) plus the
// kernel and initramfs installed INSIDE the image, copied beside it for -kernel/-initrd. Named after the image (so
// content-addressed like it), checksummed, made once and then only read: every VM writes to its own overlay. A disk
// found in place is checked against its recorded checksum (hashed once, then read back while the file is unchanged).
import { FILE_SUM_FN } from '../common/file-sum.ts';
import type { CommandHost } from '../image/image-host.ts';

export interface VmDisk {
  disk: string;
  kernel: string;
  initrd: string;
  sha256: string;
  reused: boolean;
}

const DISK_SCRIPT = String.raw`set -eu
${FILE_SUM_FN}
tar=$1 out=$2
if [ -f "$out.ext4.sha256" ] && [ -f "$out.ext4" ] && [ -f "$out.vmlinuz" ] && [ -f "$out.initrd" ]; then
  want=$(cat "$out.ext4.sha256")
  have=$(vl_sum "$out.ext4") || have=unreadable
  if [ "$have" != "$want" ]; then echo "the VM disk $out.ext4 is corrupt (checksum $have, recorded $want); remove it and its .sha256 to rebuild" >&2; exit 4; fi
  echo reused
  echo "$want"
  exit 0
fi
work=$(mktemp -d "$(dirname "$out")/.disk.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP
mkdir "$work/root"
tar -C "$work/root" --numeric-owner -xf "$tar"
k=$(ls "$work"/root/boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
i=$(ls "$work"/root/boot/initrd.img-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$k" ] && [ -n "$i" ] || { echo "the image $tar has no kernel and initramfs in /boot" >&2; exit 1; }
cp "$k" "$work/vmlinuz"
cp "$i" "$work/initrd"
# Room for benchmark output and IOzone's files beside the system.
size=$(( $(du -sm "$work/root" | cut -f1) + 2048 ))
mkfs.ext4 -q -L vlroot -d "$work/root" "$work/disk.ext4" "$size"M
sha256sum "$work/disk.ext4" | cut -d' ' -f1 >"$work/disk.ext4.sha256"
mv "$work/vmlinuz" "$out.vmlinuz"
mv "$work/initrd" "$out.initrd"
mv "$work/disk.ext4" "$out.ext4"
mv "$work/disk.ext4.sha256" "$out.ext4.sha256"
vl_sum_record "$out.ext4" "$(cat "$out.ext4.sha256")"
echo built
cat "$out.ext4.sha256"`;

/** `<dir>/<image name>.ext4|.vmlinuz|.initrd`, made under the image folder's build lock when absent. */
export async function ensureVmDisk(host: CommandHost, imageTar: string, opts: { signal?: AbortSignal } = {}): Promise<VmDisk> {
  const out = imageTar.replace(/\.tar$/, '');
  const dir = out.slice(0, out.lastIndexOf('/')) || '/';
  const r = await host.run(['flock', `${dir}/.build.lock`, 'sh', '-c', DISK_SCRIPT, 'virtlab-disk', imageTar, out], {
    timeoutMs: 20 * 60_000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (r.code !== 0)
    throw new Error(`making the VM disk from ${imageTar} on ${host.label} failed: ${r.stderr.trim().split('\n').slice(-5).join(' | ') || `exit ${r.code}`}`);
  const [how, sum] = r.stdout.trim().split('\n');
  return { disk: `${out}.ext4`, kernel: `${out}.vmlinuz`, initrd: `${out}.initrd`, sha256: sum ?? '', reused: how === 'reused' };
}
