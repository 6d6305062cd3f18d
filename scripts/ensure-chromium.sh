#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own download is unreachable offline).
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$bin" ]; then exit 0; fi
echo "test: installing Debian's chromium for the browser tests…"
if [ "$(id -u)" -ne 0 ]; then
  echo "test: $bin is missing; install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
[ -x "$bin" ] || { echo "test: chromium did not install" >&2; exit 1; }
