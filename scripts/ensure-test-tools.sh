#!/usr/bin/env bash
# Tools the tests drive from outside Node: Debian's Chromium for the browser specs (Playwright's
# own download is unreachable offline) and tmux for the CLI's terminal test.
set -euo pipefail
chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium_bin" ] || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "test: installing ${missing[*]} from Debian's packages…"
if [ "$(id -u)" -ne 0 ]; then
  echo "test: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
[ -x "$chromium_bin" ] || { echo "test: chromium did not install" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "test: tmux did not install" >&2; exit 1; }
