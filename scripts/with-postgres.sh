#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL: data in a temporary folder, listening on
# 127.0.0.1 on a free port, stopped and removed afterwards. Works as root (initdb runs as
# the postgres user). Creates the owner and service roles and migrates as the owner (set
# EB_PG_MIGRATE=0 to skip that). Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
DIR=$(mktemp -d /tmp/eb-pg.XXXXXX)
PORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$DIR"; chmod 700 "$DIR"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL kjører på 127.0.0.1:$PORT"
# Two roles, as in production (docs/operations.md, decision 0011): eb_owner owns the database
# and every table and runs the migrations; the service and the tests connect as eb_service,
# which owns nothing and gets only the grants manage.py migrate gives it. eb_owner may create
# databases, so the test runner can make its test database as the owner.
PSQL=("${RUN_AS[@]}" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres)
"${PSQL[@]}" -d postgres <<'SQL'
CREATE ROLE eb_owner LOGIN CREATEDB;
CREATE ROLE eb_service LOGIN;
CREATE DATABASE ekspertbistand OWNER eb_owner;
SQL
"${PSQL[@]}" -d ekspertbistand -c "REVOKE ALL ON SCHEMA public FROM PUBLIC; ALTER SCHEMA public OWNER TO eb_owner;"
export DATABASE_URL="postgres://eb_service@127.0.0.1:$PORT/ekspertbistand"
export DATABASE_OWNER_URL="postgres://eb_owner@127.0.0.1:$PORT/ekspertbistand"
PY=${PY:-$(dirname "$0")/../.venv/bin/python}
if [ "${EB_PG_MIGRATE:-1}" = 1 ] && [ -x "$PY" ]; then
  "$PY" "$(dirname "$0")/../manage.py" migrate --noinput -v0  # as eb_owner, then the grants
fi
"$@"
