// The POSIX sh script that builds a VirtLab root file system tarball on a host, as root. It is constant text: every
// variable part (mirror, suite, paths, packages) arrives as a positional argument, so nothing is spliced into code.
//   $1 kind: 'base' (debootstrap) or 'layer' (unpack $5, then install on top)
//   $2 mirror (the host's own Debian archive), $3 suite, $4 output tarball, $5 tarball to start from ('' for base)
//   $6 a script run with the root folder as $1 after the packages ('' for none: the VM image adds its boot pieces so)
//   $7 a script run inside the finished root file system with only IMAGE_PATH: a failure refuses the image
//   $8 PATH for that check (what containers made from the tarball must set: an imported tarball carries no ENV)
//   $9... Debian packages to install
export const BUILD_SCRIPT = String.raw`set -eu
kind=$1 mirror=$2 suite=$3 out=$4 from=$5 extra=$6 check=$7 IMAGE_PATH=$8
shift 8
dir=$(dirname "$out")
# Another builder (under the same lock) may have made it meanwhile.
if [ -f "$out" ] && [ -f "$out.sha256" ]; then cat "$out.sha256"; exit 0; fi
mkdir -p "$dir"
work=$(mktemp -d "$dir/.build.XXXXXX")
root=$work/root
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  umount "$root/sys" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
step() { printf 'virtlab-image: %s\n' "$*" >&2; }
if [ "$kind" = base ]; then
  step "debootstrap $suite from $mirror"
  if ! debootstrap --variant=minbase --components=main,non-free "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >&2
    exit 1
  fi
else
  step "unpacking $from"
  mkdir "$root"
  tar -C "$root" --numeric-owner -xf "$from"
fi
printf 'deb %s %s main non-free\n' "$mirror" "$suite" >"$root/etc/apt/sources.list"
# Nothing starts inside the chroot while packages install (sshd would otherwise run on the host).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
# No fsync per file while dpkg unpacks (a throwaway tree; the tarball is written once at the end): much faster.
printf 'force-unsafe-io\n' >"$root/etc/dpkg/dpkg.cfg.d/virtlab-build"
step "installing $*"
chroot "$root" apt-get update -qq >"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log" >&2; exit 1; }
if ! DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends "$@" >>"$work/apt.log" 2>&1; then
  tail -n 20 "$work/apt.log" >&2
  exit 1
fi
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/*
umount "$root/sys"
umount "$root/proc"
rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/dpkg/dpkg.cfg.d/virtlab-build"
# Mount points container runtimes bind into (charliecloud refuses an image without them).
mkdir -p "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/home" "$root/run"
touch "$root/etc/hosts" "$root/etc/resolv.conf"
if [ -n "$extra" ]; then
  step "adding the image's own pieces"
  sh -c "$extra" virtlab-image-extra "$root"
fi
step "checking the tools"
if ! chroot "$root" /usr/bin/env -i HOME=/root PATH="$IMAGE_PATH" /bin/sh -c "$check" >"$work/check.log" 2>&1; then
  cat "$work/check.log" >&2
  exit 1
fi
step "writing $out"
tar -C "$root" --numeric-owner -cf "$work/image.tar" .
sum=$(sha256sum "$work/image.tar" | cut -d' ' -f1)
printf '%s\n' "$sum" >"$work/image.tar.sha256"
mv "$work/image.tar.sha256" "$out.sha256"
mv "$work/image.tar" "$out"
printf '%s\n' "$sum"
`;
