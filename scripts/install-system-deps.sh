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
echo "install-system-deps: ok"
