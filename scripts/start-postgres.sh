#!/usr/bin/env bash
# Start the local PostgreSQL cluster for the test suite when it is installed but stopped.
# Does nothing when a server already answers, when JAMLIK_TEST_POSTGRES points elsewhere,
# or when PostgreSQL is not installed (the suite then fails unless JAMLIK_SKIP_POSTGRES=1).
set -euo pipefail
if [ -n "${JAMLIK_TEST_POSTGRES:-}" ] || [ "${JAMLIK_SKIP_POSTGRES:-}" = 1 ]; then exit 0; fi
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then exit 0; fi
if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
  for version in $(ls /etc/postgresql); do
    echo "Startar PostgreSQL $version (main) för testerna ..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 20); do
    pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
    sleep 0.5
  done
  echo "PostgreSQL startade inte; PostgreSQL-testerna kommer att misslyckas." >&2
else
  echo "PostgreSQL är inte installerat; PostgreSQL-testerna kommer att misslyckas" \
       "(JAMLIK_SKIP_POSTGRES=1 hoppar över dem uttryckligen)." >&2
fi
