#!/usr/bin/env bash
# Installs the Debian packages VirtLab and its test lab need (scripts/system-packages.txt). Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then echo "install-system-deps: must run as root (apt-get)" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
# netperf and iozone3 live in Debian's non-free component: add it from the archive this machine's apt sources already
# use (a site may have its own mirror), unless it is enabled there already.
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
src=/etc/apt/sources.list.d/virtlab-non-free.sources
rm -f /etc/apt/sources.list.d/virtlab-non-free.list # written by earlier versions of this script, with a fixed mirror
rc=0; stanza=$(node scripts/apt-non-free-source.mjs "$codename") || rc=$?
case $rc in
  0) if [ ! -f "$src" ] || [ "$(cat "$src")" != "$stanza" ]; then printf '%s\n' "$stanza" > "$src"; fi
     echo "install-system-deps: non-free from $(sed -n 's/^URIs: //p' "$src")" ;;
  3) rm -f "$src" ;;
  *) exit 1 ;;
esac
apt-get update -qq
# shellcheck disable=SC2046 # one package name a word
apt-get install -y -qq --no-install-recommends $(awk '!/^#/ && NF { print $1 }' scripts/system-packages.txt) >/dev/null
# Podman as root on this kind of machine (docs: test/lab/README.md, /work/shared/lab-notes.md): default ulimits at or
# below the hard limits the machine gives (no CAP_SYS_RESOURCE), runc (crun refuses a hybrid cgroup layout), cgroupfs
# and a file events logger (no systemd as PID 1). A drop-in, so a site's own containers.conf stays as it is.
if command -v podman >/dev/null; then
  mkdir -p /etc/containers/containers.conf.d
  nofile=$(ulimit -Hn); nproc=32768
  cat > /etc/containers/containers.conf.d/50-virtlab-lab.conf <<CONF
# Written by VirtLab's scripts/install-system-deps.sh for its test lab.
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi
echo "install-system-deps: ok"
