#!/usr/bin/env bash
# Runs the whole suite on SQLite, then the database tests again on PostgreSQL.
# In CI (CI=true) PostgreSQL must be reachable; locally its run is skipped, saying so, when it is not.
# The shared-cache tests use the real Redis (GONGKAI_TEST_REDIS_URL, default 127.0.0.1:6379): started here
# when it is not running and redis-server is installed; in CI it must be reachable, locally they skip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/gongkai}"
WORKERS="${GONGKAI_TEST_WORKERS:-2}"
mkdir -p test-artifacts
export GONGKAI_TEST_REDIS_URL="${GONGKAI_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"

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

redis_ready() {
  "$BIN/python" - "$GONGKAI_TEST_REDIS_URL" <<'PY'
import sys, redis
try:
    redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()
except redis.RedisError as exc:
    print(f"Redis not reachable at {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}

if ! redis_ready && [ "$GONGKAI_TEST_REDIS_URL" = "redis://127.0.0.1:6379/0" ] && command -v redis-server >/dev/null 2>&1; then
  echo "Starting a local Redis (no persistence) for the shared-cache tests"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  sleep 1
fi
if ! redis_ready; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true and Redis cannot be reached: failing." >&2
    exit 1
  fi
  echo "== Redis tests will SKIP: no server reachable at $GONGKAI_TEST_REDIS_URL (set GONGKAI_TEST_REDIS_URL)."
fi

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
