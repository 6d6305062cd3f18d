#!/usr/bin/env bash
# Sourced by scripts/test.sh: the domain tests run on PostgreSQL as well as SQLite. Uses
# FERRY_TEST_DATABASE_URL when set; otherwise starts this machine's PostgreSQL cluster if it is
# installed and not running, and points the tests at its `test` database. Without one, says
# loudly that the PostgreSQL half is skipped.
if [ -z "${FERRY_TEST_DATABASE_URL:-}" ]; then
  if command -v pg_isready >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null || true
      for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
    fi
    pg_isready -h 127.0.0.1 -p 5432 -q && export FERRY_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test"
  fi
fi
if [ -n "${FERRY_TEST_DATABASE_URL:-}" ]; then
  echo "test: domain tests run on SQLite and on PostgreSQL (${FERRY_TEST_DATABASE_URL%%@*}@…)"
else
  echo "test: WARNING: no PostgreSQL (set FERRY_TEST_DATABASE_URL); domain tests run on SQLite only" >&2
fi
