#!/usr/bin/env bash
# Installs the Debian packages VirtLab's tests and test lab need. Idempotent; run as root.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then echo "install-system-deps: must run as root (apt-get)" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
# netperf and iozone3 live in Debian's non-free component. The deb822 default source already
# sets Signed-By, so the extra line must name the same keyring or apt refuses the conflict.
src=/etc/apt/sources.list.d/virtlab-non-free.list
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
line="deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian ${codename} non-free"
if [ ! -f "$src" ] || ! grep -qxF "$line" "$src"; then echo "$line" > "$src"; fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  openssh-server openssh-client sudo iproute2 iputils-ping procps psmisc kmod \
  chromium fonts-dejavu-core poppler-utils \
  openmpi-bin libopenmpi-dev mpich libmpich-dev gfortran build-essential make \
  netperf iozone3 pdsh slirp4netns passt util-linux \
  >/dev/null
echo "install-system-deps: ok"
