#!/usr/bin/env bash
# Installs a built Coxswain checkout on this machine as a systemd service.
#
#   install.sh agent --control-plane HOST:PORT [--name NAME] [--labels k=v,..] [--join-token T] [--FLAG VALUE]...
#   install.sh control-plane [--listen HOST:PORT] [--db PATH] [--FLAG VALUE]...
#
# Every --flag becomes COXSWAIN_FLAG (upper snake case) in /etc/coxswain/<role>.env, which the
# unit reads; a flag with no value (e.g. --insecure) becomes "true".
# Environment: DESTDIR (stage into this folder instead of /, and skip systemctl),
# PREFIX (install folder, default /opt/coxswain).
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
die() { echo "install.sh: $*" >&2; exit 1; }

[ $# -ge 1 ] || usage
ROLE="$1"; shift
case "$ROLE" in
  agent|control-plane) ;;
  -h|--help) usage 0 ;;
  *) die "unknown role '$ROLE' (expected agent or control-plane)" ;;
esac

DESTDIR="${DESTDIR:-}"
PREFIX="${PREFIX:-/opt/coxswain}"
SOURCE="$(cd "$(dirname "$0")/.." && pwd)"
UNIT="coxswain-$ROLE.service"

[ -f "$SOURCE/$ROLE/dist/main.js" ] || die "$SOURCE/$ROLE/dist/main.js is missing: run 'pnpm install && pnpm build' first"
[ -f "$SOURCE/deploy/$UNIT" ] || die "unit template $SOURCE/deploy/$UNIT is missing"
NODE="$(command -v node)" || die "node is not installed (Node 20 or later is needed)"

# Flags to environment lines, validated before anything is written.
env_lines=()
have_control_plane=false
while [ $# -gt 0 ]; do
  flag="$1"; shift
  case "$flag" in
    --*=*) value="${flag#*=}"; flag="${flag%%=*}" ;;
    --*)
      if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then value="$1"; shift; else value=true; fi ;;
    *) die "unexpected argument '$flag' (flags look like --name VALUE)" ;;
  esac
  name="${flag#--}"
  [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || die "bad flag name '$flag'"
  [[ "$value" != *$'\n'* ]] || die "value of $flag spans lines"
  [ "$name" = control-plane ] && have_control_plane=true
  var="COXSWAIN_$(echo "$name" | tr 'a-z-' 'A-Z_')"
  # systemd's EnvironmentFile takes double-quoted values with backslash escapes.
  escaped="${value//\\/\\\\}"; escaped="${escaped//\"/\\\"}"
  env_lines+=("$var=\"$escaped\"")
done
if [ "$ROLE" = agent ] && ! $have_control_plane; then die "agent needs --control-plane HOST:PORT"; fi

echo "copying $SOURCE to $DESTDIR$PREFIX"
mkdir -p "$DESTDIR$PREFIX"
# Everything the programs load at run time (dist and node_modules with pnpm's relative links),
# nothing of a developer's local state.
tar -C "$SOURCE" --exclude=./.git --exclude=./data --exclude=./.coxswain --exclude='*.tsbuildinfo' -cf - . \
  | tar -C "$DESTDIR$PREFIX" -xf -

ENV_FILE="$DESTDIR/etc/coxswain/$ROLE.env"
echo "writing $ENV_FILE"
mkdir -p "$DESTDIR/etc/coxswain"
# Join tokens are secrets: the file is private from the moment it exists.
( umask 077
  { echo "# Written by deploy/install.sh; flags as COXSWAIN_* variables, see --help of the program."
    [ "${#env_lines[@]}" -gt 0 ] && printf '%s\n' "${env_lines[@]}"
  } > "$ENV_FILE.tmp" )
mv "$ENV_FILE.tmp" "$ENV_FILE"

UNIT_DIR="$DESTDIR/etc/systemd/system"
echo "installing $UNIT_DIR/$UNIT"
mkdir -p "$UNIT_DIR"
# The template assumes /usr/bin/node and /opt/coxswain; point it at what this machine has.
sed -e "s|^ExecStart=/usr/bin/node /opt/coxswain/|ExecStart=$NODE $PREFIX/|" \
    -e "s|file:///opt/coxswain/|file://$PREFIX/|" \
    "$SOURCE/deploy/$UNIT" > "$UNIT_DIR/$UNIT"
chmod 0644 "$UNIT_DIR/$UNIT"

if [ -z "$DESTDIR" ]; then
  systemctl daemon-reload
  systemctl enable --now "$UNIT"
  echo "started $UNIT; logs: journalctl -u $UNIT -f"
else
  echo "staged into $DESTDIR; systemctl not run"
fi
