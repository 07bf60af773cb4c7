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

# The lab files in two lanes running at the same time, each file on its own lab instance (test/lab/instances.ts).
# Files that drive a container runtime or QEMU compare the machine's root namespace (nft, iptables, forwarding,
# runtime bridges) before and after, so they share one lane and never overlap each other; every other lab file only
# touches its own namespaces and runs in the other lane. Most lab time is waiting (boots, timed benchmark runs,
# round trips), so two lanes on two cores take little more than the longer one. Files that share a lab instance stay
# in one lane: the Slurm files all use 'vq' (Charliecloud under Slurm changes nothing in the root namespace).
runtime_files=(test/main/platforms/ test/main/benchmarks/hpcc/)
lane() {
  local name=$1; shift
  local start=$SECONDS rc=0
  npx vitest run --project lab "$@" 2>&1 | sed -u "s/^/[$name] /" || rc=$?
  echo "[$name] lane ended after $((SECONDS - start)) s, exit $rc"
  return "$rc"
}
lab_lanes() {
  local excludes=() f
  for f in "${runtime_files[@]}"; do
    case $f in */) excludes+=(--exclude "${f}**") ;; *) excludes+=(--exclude "$f") ;; esac
  done
  lane runtimes "${runtime_files[@]}" &
  local runtimes=$!
  local rc=0
  lane hosts "${excludes[@]}" || rc=$?
  wait "$runtimes" || rc=$?
  return "$rc"
}

if [ "${VIRTLAB_SKIP_LAB:-}" = 1 ]; then
  summary
  echo "== lab and e2e suites LEFT OUT because VIRTLAB_SKIP_LAB=1 was set; they are not passed."
  exit 0
fi
suite "lab tests (real sshd hosts in network namespaces; needs root), two lanes at once" lab_lanes
suite "end-to-end tests (Chromium through the bridge)" npx vitest run --project e2e
summary
