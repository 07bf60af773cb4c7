#!/usr/bin/env bash
# The whole test command: layers (lint + typecheck), builds, unit tests, then the lab and browser suites.
# Each suite's wall time is printed when it ends, and all of them at the end, so a slow suite shows itself.
set -euo pipefail
cd "$(dirname "$0")/.."

times=()
suite() {
  local title=$1; shift
  echo "== $title"
  local start=$SECONDS
  "$@"
  local took=$((SECONDS - start))
  echo "== $title: ${took} s"
  times+=("$(printf '%6d s  %s' "$took" "$title")")
}
summary() { echo "== suite times"; printf '%s\n' "${times[@]}"; }

suite "lint (layer rules at error level)" npm run --silent lint
suite "typecheck (main, contract, renderer, electron, tests)" npm run --silent typecheck
suite "build (renderer, electron shell)" npm run --silent build
suite "unit tests" npx vitest run --project unit

if [ "${VIRTLAB_SKIP_LAB:-}" = 1 ]; then
  summary
  echo "== lab and e2e suites LEFT OUT because VIRTLAB_SKIP_LAB=1 was set; they are not passed."
  exit 0
fi
suite "lab tests (real sshd hosts in network namespaces; needs root)" npx vitest run --project lab
suite "end-to-end tests (Chromium through the bridge)" npx vitest run --project e2e
summary
