#!/usr/bin/env bash
# Runs the whole test suite on this machine, installing first whatever a fresh machine lacks
# (system packages, pnpm, node packages). Needs root: the end-to-end tests start Docker engines
# in network namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."

export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost

bash scripts/install-deps.sh
pnpm install --frozen-lockfile
# From here on (our build, lint and every test program, and whatever they spawn with the
# environment) a deprecation warning is an error, not a line that scrolls by. The installers
# above are not ours and are left alone.
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--throw-deprecation"
pnpm run build
# Formatting, lint and the folder graph (layers, no cycles, no deep imports) come first: a
# violation fails the suite before any test runs.
pnpm -s lint
# Namespaces, links, mounts and engines of an earlier run that died (or was killed) go first.
node test/dist/hosts/cli.js cleanup

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
pnpm test 2>&1 | tee "$log" || status=$?
# One plain closing line for the whole suite: the sum of every package's vitest summary.
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^ *Tests +/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  END { printf "%d passed, %d failed\n", p, f }'
exit "$status"
