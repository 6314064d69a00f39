#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, from Debian's packages.
#
#   eval "$(.ci/postgres.sh start)"   # prints: export TEST_DATABASE_URL=... DVK_PG_DIR=...
#   .ci/postgres.sh stop "$DVK_PG_DIR"
#
# start installs `postgresql` with apt-get when no server binaries are found,
# then initdb's a cluster in a new temporary folder, listening on 127.0.0.1
# only (the Unix socket sits in that 0700 folder), on a free port, with a
# random password; creates database dvk_test.
# Only the export line goes to stdout; progress goes to stderr. As root the
# server runs as the `postgres` user (initdb refuses root).
set -euo pipefail

bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {  # run a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if [ -z "$(bindir)" ]; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  local bin dir port password
  bin="$(bindir)"
  [ -x "$bin/initdb" ] || { echo "postgres.sh: no initdb found" >&2; exit 1; }
  dir="$(mktemp -d /tmp/dvk-pg.XXXXXX)"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  printf '%s\n' "$password" > "$dir/pwfile"
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h "$dir" -p "$port" -U postgres dvk_test
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
  echo "export TEST_DATABASE_URL='postgresql+psycopg://postgres:$password@127.0.0.1:$port/dvk_test' DVK_PG_DIR='$dir'"
}

stop() {
  local dir="${1:?usage: postgres.sh stop DIR}"
  case "$dir" in /tmp/dvk-pg.*) ;; *) echo "postgres.sh: refusing to remove $dir" >&2; exit 1 ;; esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
