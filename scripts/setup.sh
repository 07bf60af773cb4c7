#!/usr/bin/env bash
# One-time setup of a fresh checkout: system packages (as root), npm dependencies, the UI build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
  bash scripts/install-system-deps.sh
else
  echo "setup: not root, so system packages are not installed; the lab tests need root and scripts/install-system-deps.sh." >&2
fi

if [ -n "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ]; then
  npm ci --no-audit --no-fund
elif ! npm ci --no-audit --no-fund; then
  # Electron's install fetches its binary from outside the npm registry; without it the app runs in a browser.
  echo "setup: Electron's binary could not be downloaded; installing without it (npm start will serve the UI in a browser)." >&2
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

npm run --silent build:renderer
echo "setup: done. Run the app with 'npm start', the tests with 'npm test'."
