#!/usr/bin/env bash
# One-time setup of a fresh checkout, as an ordinary user or as root: Node's headers, system packages (installed only
# as root, otherwise the missing ones are named), npm dependencies, the UI build. Needs only the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded, and node-gyp would then download
# Node's headers too: use the headers on this machine instead (npm's nodedir, else beside the running node binary).
node_version=$(node -p process.versions.node)
node_bin=$(readlink -f "$(command -v node)")
nodedir=$(npm config get nodedir 2>/dev/null || true)
case $nodedir in undefined | null | '') nodedir=$(dirname "$(dirname "$node_bin")") ;; esac
headers=$nodedir/include/node/node_version.h
found=$( [ -f "$headers" ] && awk '/^#define NODE_(MAJOR|MINOR|PATCH)_VERSION/ { printf "%s%s", sep, $3; sep = "." }' "$headers" || true)
if [ "$found" = "$node_version" ]; then
  echo "setup: using Node $node_version's headers in $nodedir/include/node for any native module that must compile (npm_config_nodedir=$nodedir), so none are fetched from nodejs.org."
  export npm_config_nodedir=$nodedir
else
  what="Node $node_version's headers are not in $nodedir/include/node"
  [ -z "$found" ] || what="$what (those there are Node $found's)"
  why="better-sqlite3 needs them to compile when its prebuilt binary cannot be downloaded"
  retry="bash scripts/setup.sh"; [ "$nodedir" = /usr ] || retry="npm_config_nodedir=/usr $retry"
  owner=$(dpkg-query -S "$node_bin" 2>/dev/null | cut -d: -f1 || true)
  if [ -z "$owner" ]; then
    echo "setup: stopped: $what, and $why; unpack node-v$node_version-headers.tar.gz (from nodejs.org or your site's mirror) with --strip-components=1 into a folder, then retry with: npm_config_nodedir=THAT_FOLDER bash scripts/setup.sh" >&2
    exit 1
  fi
  # Debian's nodejs ships its headers in libnode-dev; NodeSource's nodejs package carries them itself.
  package=libnode-dev; install="sudo apt-get install $package"
  case $(dpkg-query -W -f='${Version}' "$owner" 2>/dev/null) in *nodesource*) package=$owner; install="sudo apt-get install --reinstall $owner" ;; esac
  echo "setup: stopped: $what, and $why; they come with the Debian package $package ($install), then retry with: $retry" >&2
  exit 1
fi

# System packages: installed as root; an ordinary user is told which are missing and what they are for.
if [ "$(id -u)" = 0 ]; then
  bash scripts/install-system-deps.sh
elif ! command -v dpkg-query >/dev/null; then
  echo "setup: not root and not Debian, so no system packages are checked; scripts/system-packages.txt lists what the app and the lab tests use."
else
  app=(); lab=()
  while read -r name who why; do
    case $name in '' | '#'*) continue ;; esac
    dpkg-query -W -f='${db:Status-Abbrev}' "$name" 2>/dev/null | grep -q '^ii' && continue
    if [ "$who" = app ]; then app+=("$name ($why)"); else lab+=("$name"); fi
  done < scripts/system-packages.txt
  if [ ${#app[@]} -eq 0 ] && [ ${#lab[@]} -eq 0 ]; then
    echo "setup: not root, so no system packages are installed; every one VirtLab uses is there already."
  else
    echo "setup: not root, so no system packages are installed; as root, 'bash scripts/install-system-deps.sh' installs the missing ones:"
    for p in "${app[@]}"; do echo "  for the app: $p"; done
    [ ${#lab[@]} -eq 0 ] || echo "  for the lab tests only: ${lab[*]}"
  fi
fi

# npm dependencies. Electron's binary comes from outside the npm registry, so it is fetched on its own afterwards
# (honouring ELECTRON_MIRROR and Electron's cache; see the README): without it the app runs in a browser.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
if [ -n "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ]; then
  echo "setup: Electron's binary not fetched (ELECTRON_SKIP_BINARY_DOWNLOAD is set); npm start will serve the UI in a browser."
else
  echo "setup: fetching Electron's binary (node node_modules/electron/install.js)..."
  if ! electron_out=$(node node_modules/electron/install.js 2>&1); then
    reason=$(printf '%s\n' "$electron_out" | grep -m1 -oE '[A-Za-z]*Error: .*' || printf '%s\n' "$electron_out" | tail -1)
    echo "setup: Electron's binary could not be downloaded ($reason; the README says how to use a site mirror or archive); npm start will serve the UI in a browser." >&2
  fi
fi

npm run --silent build:renderer
# The test lab's benchmark images (a Debian root file system with the tools, and the VM image on it): built once as
# root from this machine's own Debian mirror and cached in /var/lib/virtlab-lab/images, so no test run rebuilds them.
if [ "$(id -u)" = 0 ] && command -v debootstrap >/dev/null; then node bin/run-ts.mjs test/lab/cli.ts images; fi
echo "setup: done in $((SECONDS - started)) s. Run the app with 'npm start', the tests with 'npm test'."
