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
pnpm run build
# Namespaces, links, mounts and engines of an earlier run that died (or was killed) go first.
node test/dist/hosts/cli.js cleanup
pnpm test
