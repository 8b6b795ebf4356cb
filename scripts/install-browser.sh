#!/usr/bin/env bash
# Browser tests run in Debian's Chromium (no browser download at test time), and
# check accessibility with axe-core from the npm registry, installed into
# .tools/node_modules (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1

# apt_install PACKAGE WHY: install a Debian package as root, or say how to.
apt_install() {
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installerar Debians $1 $2 ..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  else
    echo "$1 saknas: installera Debian-paketet '$1' (sudo apt-get install $1) $2" >&2
    exit 1
  fi
}
if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium "för webbläsartesterna"
fi
if ! grep -qs "\"version\": \"$AXE_VERSION\"" .tools/node_modules/axe-core/package.json; then
  if ! command -v npm >/dev/null 2>&1; then
    apt_install npm "för tillgänglighetstesterna (axe-core)"
  fi
  echo "Installerar axe-core $AXE_VERSION i .tools/node_modules ..."
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null
fi
# PySpark (jamlik register --engine spark, and its tests) needs a Java runtime.
if ! command -v java >/dev/null 2>&1; then
  apt_install default-jre-headless "för Spark (jamlik register --engine spark)"
fi
