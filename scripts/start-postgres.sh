#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests and print its SQLAlchemy URL.
#
#   scripts/start-postgres.sh [DATADIR]      start (or reuse) a server; URL on the last stdout line
#   scripts/start-postgres.sh --stop DATADIR stop the server running from DATADIR (if any)
#
# - Server binaries from /usr/lib/postgresql/<newest version>/bin (scripts/install-system.sh).
# - Runs as the `postgres` OS user when started by root (the server refuses to run as root),
#   else as the calling user.
# - DATADIR defaults to a fresh /tmp/dealscope-pg-XXXXXX; an already initialised DATADIR is reused.
# - Listens only on 127.0.0.1:$PGPORT (default 54329), unix socket in /tmp.
# - Database `dealscope_test` owned by role `dealscope` (password `dealscope`, CREATEDB).
#   Loopback TCP uses password auth (scram-sha-256); the superuser `postgres` is reachable
#   only over the unix socket by root or the server's OS user:
#       psql -h /tmp -p 54329 -U postgres
# - Durability is off (fsync etc.): the data is disposable.
# - Idempotent: if a server already answers on the port, only makes sure the role/db exist.
# Messages go to stderr; stdout carries only the URL, e.g.
#   postgresql+psycopg://dealscope:dealscope@127.0.0.1:54329/dealscope_test
set -euo pipefail

HOST=127.0.0.1
PORT="${PGPORT:-54329}"
SOCKDIR=/tmp
DB=dealscope_test
ROLE=dealscope
PASSWORD=dealscope
WAIT_SECONDS=30

log() { printf 'start-postgres: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$PORT" =~ ^[0-9]+$ ]] || die "PGPORT must be a number, got '$PORT'"

# Don't let the caller's libpq environment redirect our client calls.
unset PGHOST PGHOSTADDR PGUSER PGDATABASE PGPASSWORD PGSERVICE PGSERVICEFILE PGPASSFILE \
      PGOPTIONS PGSSLMODE PGDATA PGTZ PGCLIENTENCODING PGCONNECT_TIMEOUT PGTARGETSESSIONATTRS

mode=start
if [ "${1:-}" = --stop ]; then
    mode=stop
    shift
    [ $# -eq 1 ] || die "usage: $0 --stop DATADIR"
fi
[ $# -le 1 ] || die "usage: $0 [DATADIR] | --stop DATADIR"

# Newest installed server version.
pgbin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n); do
    [ -x "$d/postgres" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && pgbin="$d"
done
[ -n "$pgbin" ] || die "no PostgreSQL server in /usr/lib/postgresql/*/bin (run scripts/install-system.sh)"
pg_isready_bin="$pgbin/pg_isready"; [ -x "$pg_isready_bin" ] || pg_isready_bin="$(command -v pg_isready)"
psql_bin="$pgbin/psql"; [ -x "$psql_bin" ] || psql_bin="$(command -v psql)"

if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || die "no 'postgres' OS user to run the server (run scripts/install-system.sh)"
    srv_user=postgres
    as_srv() { runuser -u postgres -- "$@"; }
else
    srv_user="$(id -un)"
    as_srv() { "$@"; }
fi

datadir=""
if [ $# -eq 1 ]; then
    datadir="$(realpath -m -- "$1")"
fi
cd /   # the server user may not be able to read the caller's cwd

if [ "$mode" = stop ]; then
    if [ -f "$datadir/postmaster.pid" ]; then
        log "stopping server in $datadir"
        as_srv "$pgbin/pg_ctl" -D "$datadir" -m fast -w -t "$WAIT_SECONDS" stop >/dev/null \
            || die "pg_ctl stop failed for $datadir"
    else
        log "no server running from $datadir"
    fi
    exit 0
fi

answering() { "$pg_isready_bin" -q -h "$HOST" -p "$PORT" -t 2; }

wait_ready() {
    local deadline=$((SECONDS + WAIT_SECONDS))
    until answering; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.5
    done
}

if answering; then
    log "a server already answers on $HOST:$PORT; reusing it"
else
    if [ -z "$datadir" ]; then
        datadir="$(mktemp -d /tmp/dealscope-pg-XXXXXX)"
    fi
    mkdir -p -- "$datadir"
    if [ "$srv_user" != "$(id -un)" ]; then
        chown "$srv_user": -- "$datadir"
    fi
    chmod 700 -- "$datadir"
    as_srv test -w "$datadir" -a -x "$datadir" \
        || die "$datadir is not accessible to OS user '$srv_user' (are its parent dirs searchable?)"

    if [ -f "$datadir/PG_VERSION" ]; then
        log "reusing initialised data dir $datadir"
    else
        [ -z "$(ls -A -- "$datadir")" ] || die "$datadir is neither empty nor a PostgreSQL data dir"
        log "initialising $datadir with $pgbin/initdb (as $srv_user)"
        as_srv "$pgbin/initdb" -D "$datadir" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=peer --auth-host=scram-sha-256 >"$datadir.initdb.log" 2>&1 \
            || { tail -n 30 "$datadir.initdb.log" >&2; die "initdb failed"; }
        rm -f -- "$datadir.initdb.log"
        # Superuser only over the unix socket, for root and the server's OS user;
        # everything else is password auth on loopback TCP.
        as_srv tee "$datadir/pg_ident.conf" >/dev/null <<EOF
# MAPNAME  SYSTEM-USERNAME  PG-USERNAME
super      root             postgres
super      $srv_user        postgres
EOF
        as_srv tee "$datadir/pg_hba.conf" >/dev/null <<'EOF'
# TYPE  DATABASE  USER      ADDRESS       METHOD
local   all       postgres                peer map=super
host    all       all       127.0.0.1/32  scram-sha-256
EOF
        as_srv tee -a "$datadir/postgresql.conf" >/dev/null <<EOF

# --- dealscope throwaway test server (scripts/start-postgres.sh) ---
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$SOCKDIR'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi

    log "starting server on $HOST:$PORT (log: $datadir/server.log)"
    if ! as_srv "$pgbin/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t "$WAIT_SECONDS" \
            -o "-p $PORT -c listen_addresses=$HOST -c unix_socket_directories=$SOCKDIR" start >/dev/null; then
        tail -n 30 "$datadir/server.log" >&2 || true
        die "pg_ctl start failed"
    fi
    wait_ready || { tail -n 30 "$datadir/server.log" >&2 || true; die "server not accepting connections after ${WAIT_SECONDS}s"; }
    log "server ready; stop it with: $0 --stop $datadir"
fi

url="postgresql+psycopg://$ROLE:$PASSWORD@$HOST:$PORT/$DB"

# Already usable? Then there is nothing to do (and no superuser access needed).
if PGPASSWORD="$PASSWORD" "$psql_bin" -X -q -At -h "$HOST" -p "$PORT" -U "$ROLE" -d "$DB" \
        -c "select 1 from pg_database where datname = current_database() and datdba = (select oid from pg_roles where rolname = current_user)" \
        2>/dev/null | grep -qx 1; then
    log "role $ROLE and database $DB already exist"
else
    log "creating role $ROLE and database $DB"
    if ! as_srv "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PORT" -U postgres -d postgres >/dev/null <<EOF
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    ELSE
        ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB OWNER $ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB')\gexec
ALTER DATABASE $DB OWNER TO $ROLE;
EOF
    then
        die "could not create role/db as superuser via $SOCKDIR/.s.PGSQL.$PORT (is the server on port $PORT one this script started?)"
    fi
fi

printf '%s\n' "$url"
