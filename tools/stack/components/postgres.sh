# shellcheck shell=bash
# postgres: Debian's postgresql-$POSTGRES_VERSION (+ contrib for pg_trgm), run as the `postgres` OS user,
# role and database `colink`, deploy/postgres/init.sql applied after start.
# Sourced by tools/stack/stack.sh (what a component file defines: docs/stack.md).

PG_PORT=5432
PG_BIN=/usr/lib/postgresql/${POSTGRES_VERSION}/bin
stack_component postgres --timeout 60 --debs "postgresql-$POSTGRES_VERSION postgresql-contrib"

postgres_install() {
  apt_install "postgresql-$POSTGRES_VERSION" postgresql-contrib
  deb_version_check "postgresql-$POSTGRES_VERSION" "$POSTGRES_VERSION"
  [[ -x $PG_BIN/postgres ]] || die "postgres: $PG_BIN/postgres missing; fix: apt-get install -y postgresql-$POSTGRES_VERSION"
}
postgres_start() {
  local d; d=$(user_dir postgres postgres)
  mkdir -p "$d/run"; chown postgres: "$d/run"
  if [[ ! -f $d/data/PG_VERSION ]]; then
    mkdir -p "$d/data"; chown postgres: "$d/data"; chmod 700 "$d/data"
    (cd / && setpriv --reuid=postgres --regid=postgres --init-groups "$PG_BIN/initdb" -D "$d/data" -U postgres \
      -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256) >>"$(logfile postgres)" 2>&1 ||
      die "postgres: initdb failed, see $(logfile postgres)"
    cat >>"$d/data/postgresql.conf" <<EOF
# --- colink stack
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$d/run'
max_connections = 200
shared_buffers = 128MB
fsync = on
log_destination = 'stderr'
logging_collector = off
EOF
  fi
  launch postgres postgres "$(logfile postgres)" -- "$PG_BIN/postgres" -D "$d/data"
}
postgres_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }
psql_su() { # as the postgres OS user over the unix socket (the real dir: .stack may sit under /root)
  local sock; sock=$(readlink -f "$STACK/postgres")/run
  (cd / && setpriv --reuid=postgres --regid=postgres --init-groups "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$sock" -p "$PG_PORT" -U postgres "$@")
}
postgres_post() {
  psql_su -d postgres >>"$(logfile postgres)" 2>&1 <<'EOF' || die "postgres: creating role/database colink failed, see $(logfile postgres)"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'colink') THEN
    CREATE ROLE colink LOGIN PASSWORD 'colink' CREATEDB;
  END IF;
END $$;
SELECT 'CREATE DATABASE colink OWNER colink' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'colink')\gexec
EOF
  psql_su -d colink -f - <"$DEPLOY/postgres/init.sql" >>"$(logfile postgres)" 2>&1 ||
    die "postgres: CREATE EXTENSION pg_trgm failed; fix: apt-get install -y postgresql-contrib"
  PGPASSWORD=colink "$PG_BIN/psql" -X -qAt -h 127.0.0.1 -p "$PG_PORT" -U colink -d colink -c 'select 1' >/dev/null 2>&1 ||
    die "postgres: colink cannot log in over TCP, see $(logfile postgres)"
}
postgres_addr() { echo "postgres://colink:colink@localhost:$PG_PORT/colink"; }
postgres_ports() { echo "$PG_PORT"; }
postgres_stop() { stop_launched postgres INT; } # fast shutdown
postgres_env() { echo "DATABASE_URL=postgres://colink:colink@localhost:$PG_PORT/colink"; }
