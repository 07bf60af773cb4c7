#!/usr/bin/env bash
# The whole test command: layers (lint + typecheck), builds, unit tests, then the lab and browser suites.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint (layer rules at error level)"; npm run --silent lint
echo "== typecheck (main, contract, renderer, electron, tests)"; npm run --silent typecheck
echo "== build (renderer, electron shell)"; npm run --silent build
echo "== unit tests"; npx vitest run --project unit

if [ "${VIRTLAB_SKIP_LAB:-}" = 1 ]; then
  echo "== lab and e2e suites LEFT OUT because VIRTLAB_SKIP_LAB=1 was set; they are not passed."
  exit 0
fi
echo "== lab tests (real sshd hosts in network namespaces; needs root)"; npx vitest run --project lab
echo "== end-to-end tests (Chromium through the bridge)"; npx vitest run --project e2e
