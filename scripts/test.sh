#!/usr/bin/env bash
# Runs the whole suite on SQLite, then the database tests again on PostgreSQL.
# In CI (CI=true) PostgreSQL must be reachable; locally its run is skipped, saying so, when it is not.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/gongkai}"
WORKERS="${GONGKAI_TEST_WORKERS:-2}"
mkdir -p test-artifacts

pg_ready() {
  "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable at {url}: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}

echo "== Test run 1/2: SQLite"
"$BIN/pytest" -n "$WORKERS" "$@"

if ! pg_ready && [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Starting the local PostgreSQL cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  sleep 2
fi
if pg_ready; then
  echo "== Test run 2/2: PostgreSQL (database tests; a throwaway test database is created and dropped)"
  GONGKAI_TEST_DB=postgres DATABASE_URL="$PG_URL" "$BIN/pytest" -n "$WORKERS" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true and PostgreSQL cannot be reached: failing." >&2
  exit 1
else
  echo "== PostgreSQL run SKIPPED: no server reachable at $PG_URL (set GONGKAI_TEST_POSTGRES_URL)."
fi
