#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test Coxswain: the pinned pnpm, a Docker
# engine, a static busybox (the test image is built from it), iproute2 (test hosts) and systemd's
# tools (unit verification). Safe to run again: it only installs what is missing. Needs root.
set -euo pipefail

PNPM_VERSION="$(node -p "require('$(cd "$(dirname "$0")/.." && pwd)/package.json').packageManager.split('@')[1]")"

need_apt=()
command -v dockerd >/dev/null 2>&1 || need_apt+=(docker.io)
command -v containerd >/dev/null 2>&1 || need_apt+=(docker.io)
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || need_apt+=(busybox-static)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
command -v nsenter >/dev/null 2>&1 || need_apt+=(util-linux)
command -v iptables-restore >/dev/null 2>&1 || need_apt+=(iptables)
command -v systemd-analyze >/dev/null 2>&1 || need_apt+=(systemd)

if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing system packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends $(printf '%s\n' "${need_apt[@]}" | sort -u)
else
  echo "system packages: all present"
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "installing pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION"
else
  echo "pnpm $PNPM_VERSION: present"
fi
