#!/usr/bin/env bash
# Browser tests run in Debian's Chromium (no browser download at test time).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installerar Debians chromium för webbläsartesterna ..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium saknas: installera Debian-paketet 'chromium' (sudo apt-get install chromium)" >&2
  exit 1
fi
