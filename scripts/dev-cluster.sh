#!/usr/bin/env bash
# Brings up a one-host Coxswain cluster on this machine, in the foreground; Ctrl-C stops it.
#   control plane: 127.0.0.1:7070, store in ./data/coxswain.db; TLS and tokens on, the CA
#     (data/ca.crt), the admin token (data/admin.token) and the join token (data/join.token) beside it
#   agent: on the local Docker engine if one answers, else on a private engine under ./.coxswain/docker;
#     joins with data/join.token and keeps its certificate in ./.coxswain/agent
# Installs missing system packages first (as root) and builds the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

LISTEN="${COXSWAIN_DEV_LISTEN:-127.0.0.1:7070}"
DB="./data/coxswain.db"
DATA="$(dirname "$DB")"
STATE="$ROOT/.coxswain"
LOGS="$STATE/logs"
IMAGE="coxswain/busybox:1"   # BUSYBOX_IMAGE in the test harness
pids=()

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { echo "dev-cluster: $*" >&2; exit 1; }

stop_all() {
  trap - INT TERM EXIT
  say "stopping"
  # Reverse order of start: agent, control plane, then the engine they used.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_all INT TERM EXIT

ping_engine() { # $1: socket path
  node -e "require('http').get({socketPath: process.argv[1], path: '/_ping', timeout: 2000},
    (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))" "$1"
}

wait_until() { # $1: what, $2: seconds, rest: command
  local what="$1" secs="$2"; shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" && return 0; sleep 0.25; done
  die "timed out after ${secs}s waiting for $what (logs in $LOGS)"
}

if [ "$(id -u)" = 0 ]; then
  say "checking system packages"
  bash scripts/install-deps.sh
else
  echo "not root: skipping system package installation (run scripts/install-deps.sh as root if something is missing)"
fi

say "installing node packages and building"
pnpm install
pnpm build
mkdir -p "$LOGS" data

DOCKER_SOCKET=/var/run/docker.sock
if ping_engine "$DOCKER_SOCKET"; then
  say "using the local Docker engine at $DOCKER_SOCKET"
else
  [ "$(id -u)" = 0 ] || die "no Docker engine answers at $DOCKER_SOCKET, and starting a private one needs root"
  DOCKER_DIR="$STATE/docker"
  DOCKER_SOCKET="$DOCKER_DIR/docker.sock"
  mkdir -p "$DOCKER_DIR"
  say "starting a private Docker engine at $DOCKER_SOCKET (log: $LOGS/dockerd.log)"
  # No bridge and no iptables: the engine leaves this machine's network alone; containers get
  # network mode none or host.
  dockerd --data-root "$DOCKER_DIR/data" --exec-root "$DOCKER_DIR/exec" --pidfile "$DOCKER_DIR/docker.pid" \
    -H "unix://$DOCKER_SOCKET" --bridge=none --iptables=false --ip-masq=false \
    --cgroup-parent coxswain-dev >"$LOGS/dockerd.log" 2>&1 &
  pids+=($!)
  wait_until "the private Docker engine" 60 ping_engine "$DOCKER_SOCKET"
fi

# The walkthrough's workloads use network host or none, which every engine has; network: bridge
# needs an engine with Docker's bridge (the private one above has none).
if node -e "require('http').get({socketPath: process.argv[1], path: '/networks/bridge', timeout: 2000},
  (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))" "$DOCKER_SOCKET"; then
  say "the engine has a bridge network: workloads may use network bridge, host or none"
else
  say "the engine has no bridge network: workloads use network host or none (the examples do)"
fi

say "making sure $IMAGE exists in the engine"
node test/dist/hosts/cli.js import-image "unix://$DOCKER_SOCKET"

say "starting the control plane on $LISTEN (log: $LOGS/control-plane.log)"
node control-plane/dist/main.js --listen "$LISTEN" --db "$DB" >"$LOGS/control-plane.log" 2>&1 &
pids+=($!)
wait_until "the control plane to serve" 30 grep -q '"control plane serving"' "$LOGS/control-plane.log"

say "starting the agent (log: $LOGS/agent.log)"
# The token goes through the environment, not argv, so that ps does not show it.
COXSWAIN_JOIN_TOKEN="$(cat "$DATA/join.token")" \
  node agent/dist/main.js --control-plane "$LISTEN" --name "$(hostname)" --docker-host "unix://$DOCKER_SOCKET" \
  --state-dir "$STATE/agent" --stop-timeout 2s >"$LOGS/agent.log" 2>&1 &
pids+=($!)

BUF="$ROOT/test/node_modules/.bin/buf"
cat <<NEXT

Cluster is up. Next steps (in another terminal, from $ROOT). Every call speaks TLS verified with
the cluster CA and carries the admin token; buf curl copies it to reflection with --reflect-header.

  AUTH="authorization: Bearer \$(cat $DATA/admin.token)"
  # list the API (server reflection: no .proto needed)
  $BUF curl --protocol grpc --cacert $DATA/ca.crt -H "\$AUTH" --reflect-header '*' --list-methods https://$LISTEN
  # the nodes
  $BUF curl --protocol grpc --cacert $DATA/ca.crt -H "\$AUTH" --reflect-header '*' \\
    https://$LISTEN/coxswain.v1.ControlPlane/ListNodes
  # run three busybox replicas
  $BUF curl --protocol grpc --cacert $DATA/ca.crt -H "\$AUTH" --reflect-header '*' \\
    -d '{"workload": {"name": "web", "image": "$IMAGE", "command": ["sleep", "100000"], "replicas": 3, "network": "none",
         "resources": {"cpuMillis": 100, "memoryBytes": "33554432"}}}' \\
    https://$LISTEN/coxswain.v1.ControlPlane/ApplyWorkload
  # with grpcurl instead
  grpcurl -cacert $DATA/ca.crt -H "\$AUTH" $LISTEN list
  # another agent joins with the join token
  COXSWAIN_JOIN_TOKEN="\$(cat $DATA/join.token)" node agent/dist/main.js --control-plane $LISTEN --name other ...

Logs: $LOGS   Stop: Ctrl-C
NEXT

# Stay in the foreground until Ctrl-C or until one of the programs ends by itself.
set +e
wait -n "${pids[@]}"
status=$?
echo "dev-cluster: a component exited (status $status); see $LOGS" >&2
exit "$status"
