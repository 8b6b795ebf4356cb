#!/usr/bin/env bash
# Browser tests run in Debian's Chromium (no browser download at test time), and
# check accessibility with axe-core from the npm registry, installed into
# .tools/node_modules (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installerar Debians chromium för webbläsartesterna ..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium saknas: installera Debian-paketet 'chromium' (sudo apt-get install chromium)" >&2
    exit 1
  fi
fi
if ! grep -qs "\"version\": \"$AXE_VERSION\"" .tools/node_modules/axe-core/package.json; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installerar npm för axe-core ..."
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      echo "npm saknas: installera Debian-paketet 'npm' för tillgänglighetstesterna" >&2
      exit 1
    fi
  fi
  echo "Installerar axe-core $AXE_VERSION i .tools/node_modules ..."
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null
fi
