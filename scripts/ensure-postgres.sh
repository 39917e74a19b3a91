#!/usr/bin/env bash
# Makes sure the PostgreSQL server the tests use (127.0.0.1:5432) is running, starting the
# machine's own cluster if it is installed but stopped. Without PostgreSQL installed it says so
# and the PostgreSQL tests skip with that reason (unless MYCEL_REQUIRE_POSTGRES=1, as in CI).
set -u
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "starting PostgreSQL $version (cluster main)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
    sleep 1
  done
fi
echo "PostgreSQL is not available on 127.0.0.1:5432; its tests will be skipped" >&2
exit 0
