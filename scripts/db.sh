#!/usr/bin/env bash
# GeoHub's private PostgreSQL/PostGIS cluster: installed, initialised and started on demand.
#
# The cluster lives under /var/lib/geohub (GEOHUB_PGROOT), not in the checkout, because the
# `postgres` OS user must reach its data directory and a checkout may sit under a mode-700 home.
# It listens on 127.0.0.1 only, on its own port (GEOHUB_PGPORT, default 25432: below Linux's
# ephemeral range, so no client socket can hold it), and never touches the system cluster. Settings are the durable defaults: this cluster also serves
# `make run`.
#
#   scripts/db.sh start          install PostGIS if missing, init the cluster if new, start it
#   scripts/db.sh stop           stop it (and its replica)
#   scripts/db.sh status         exit 0 while it runs
#   scripts/db.sh replica        a hot standby of it by streaming replication, on port + 1
#                                (GEOHUB_REPLICA_PORT), made with pg_basebackup -R when new
#   scripts/db.sh replica-stop   stop the standby only
#   scripts/db.sh promote        promote the standby (it then takes writes; the old primary must
#                                not be started again as a primary)
#
# GEOHUB_PGROOT and GEOHUB_PGPORT name another cluster of the same kind: the tests make their own
# under /tmp to stop, restart and replicate without touching the one `make run` uses.
set -euo pipefail

root=${GEOHUB_PGROOT:-/var/lib/geohub}
port=${GEOHUB_PGPORT:-25432}
replica_port=${GEOHUB_REPLICA_PORT:-$((port + 1))}
data=$root/pg15
run=$root/run
replica_data=$root/pg15-replica
replica_run=$root/run-replica
bin=/usr/lib/postgresql/15/bin
# The standby streams from the primary as this role (REPLICATION, nothing else).
replicator=geohub_replicator

as_postgres() { runuser -u postgres -- "$@"; }

install_postgis() {
  [ -f /usr/share/postgresql/15/extension/postgis.control ] && [ -x $bin/initdb ] && return
  echo "db: installing postgresql-15-postgis-3" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 >/dev/null
}

init_cluster() {
  [ -f "$data/PG_VERSION" ] && return
  echo "db: initialising $data (port $port)" >&2
  mkdir -p "$data" "$run"
  chown -R postgres:postgres "$root"
  chmod 700 "$data"
  as_postgres $bin/initdb -D "$data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$run'
max_connections = 200
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
CONF
  start_cluster
  as_postgres $bin/psql -q -h "$run" -p "$port" -d postgres -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE geohub LOGIN CREATEDB PASSWORD 'geohub';
CREATE DATABASE geohub OWNER geohub;
SQL
  # Extensions need a superuser; put them in template1 so every database geohub creates
  # (the app's and each test fixture's) has them already.
  for db in template1 geohub; do
    as_postgres $bin/psql -q -h "$run" -p "$port" -d $db -v ON_ERROR_STOP=1 \
      -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS btree_gist;"
  done
}

# A server killed without its shutdown (a session's processes ended with SIGKILL) leaves
# postmaster.pid behind, naming a process that is gone or a zombie; pg_ctl and the postmaster
# would both take that for a live server, so such a file is removed before asking.
stale_pid_file() {
  local pid
  pid=$(sed -n 1p "${1:-$data}/postmaster.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] || return 1
  [ ! -e "/proc/$pid" ] || [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ]
}

# running [DIR]: the cluster in DIR (the primary's by default) runs.
running() {
  local dir=${1:-$data}
  if [ -f "$dir/postmaster.pid" ] && stale_pid_file "$dir"; then
    echo "db: removing the stale postmaster.pid of a server that was killed" >&2
    rm -f "$dir/postmaster.pid"
    return 1
  fi
  as_postgres $bin/pg_ctl -D "$dir" status >/dev/null 2>&1
}

# Line 4 of postmaster.pid is the port the running server listens on.
running_port() { sed -n 4p "${1:-$data}/postmaster.pid" 2>/dev/null; }

start_cluster() {
  if running; then
    [ "$(running_port)" = "$port" ] && return
    echo "db: restarting on port $port (was $(running_port))" >&2
    as_postgres $bin/pg_ctl -D "$data" -m fast -w stop >/dev/null
  fi
  mkdir -p "$run" && chown postgres:postgres "$run"
  # Port and socket on the command line: they win over the cluster's config, which an older
  # checkout may have written with other values.
  as_postgres $bin/pg_ctl -D "$data" -l "$root/postgresql.log" -w -t 60 -o "-p $port -k $run" start >/dev/null
}

# The test suite drops its databases WITH (FORCE), which must end an autovacuum worker that is
# still analysing a freshly loaded database: geohub may signal backends, not be a superuser.
# Idempotent, so clusters made by an older checkout get it too.
grant_roles() {
  as_postgres $bin/psql -q -h "$run" -p "$port" -d postgres -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning; GRANT pg_signal_backend TO geohub;" >/dev/null
}

psql_primary() { as_postgres $bin/psql -q -h "$run" -p "$port" -d postgres -v ON_ERROR_STOP=1 "$@"; }

# The role the standby streams as, with a password only the standby's primary_conninfo holds.
# initdb's pg_hba.conf already lets 127.0.0.1 connect for replication with a password.
ensure_replicator() {
  psql_primary -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$replicator'" | grep -q 1 && return
  psql_primary -c "CREATE ROLE $replicator LOGIN REPLICATION PASSWORD '$replicator'" >/dev/null
}

# A hot standby of the running primary: pg_basebackup -R writes standby.signal and
# primary_conninfo, so the copy starts as a standby streaming from the primary.
start_replica() {
  running || { echo "db: the primary is not running (scripts/db.sh start)" >&2; exit 1; }
  if [ ! -f "$replica_data/PG_VERSION" ]; then
    ensure_replicator
    echo "db: copying the primary into $replica_data (pg_basebackup -R, port $replica_port)" >&2
    mkdir -p "$replica_data"
    chown postgres:postgres "$replica_data"
    chmod 700 "$replica_data"
    as_postgres env PGPASSWORD=$replicator $bin/pg_basebackup -h 127.0.0.1 -p "$port" -U $replicator \
      -D "$replica_data" -R -X stream -c fast >/dev/null
  fi
  if running "$replica_data"; then
    [ "$(running_port "$replica_data")" = "$replica_port" ] && return
    as_postgres $bin/pg_ctl -D "$replica_data" -m fast -w stop >/dev/null
  fi
  mkdir -p "$replica_run" && chown postgres:postgres "$replica_run"
  as_postgres $bin/pg_ctl -D "$replica_data" -l "$root/postgresql-replica.log" -w -t 60 \
    -o "-p $replica_port -k $replica_run -c hot_standby=on" start >/dev/null
}

stop_replica() { running "$replica_data" && as_postgres $bin/pg_ctl -D "$replica_data" -m fast -w stop >/dev/null; true; }

# The audit log is sealed (scripts/audit-log.sql) in template1, so that every database geohub
# creates (the app's, each test fixture's) has it owned by geohub_audit from birth, and in the
# geohub database. template1 is done once (a marker beside the cluster): a session connected to
# it makes CREATE DATABASE wait.
seal_audit_log() {
  local script marker=$root/audit-log.sealed
  script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/audit-log.sql
  local dbs=(geohub)
  [ -f "$marker" ] || dbs=(template1 geohub)
  for db in "${dbs[@]}"; do
    as_postgres $bin/psql -q -h "$run" -p "$port" -d "$db" -v ON_ERROR_STOP=1 -v app_role=geohub \
      -c "SET client_min_messages = warning" -f "$script" >/dev/null
  done
  touch "$marker"
}

case "${1:-start}" in
  start) install_postgis; init_cluster; start_cluster; grant_roles; seal_audit_log; echo "db: running on 127.0.0.1:$port" >&2 ;;
  stop) stop_replica; running && as_postgres $bin/pg_ctl -D "$data" -m fast -w stop >/dev/null; true ;;
  status) running ;;
  replica) start_replica; echo "db: standby of 127.0.0.1:$port running on 127.0.0.1:$replica_port" >&2 ;;
  replica-stop) stop_replica ;;
  promote) as_postgres $bin/pg_ctl -D "$replica_data" -w promote >/dev/null ;;
  *) echo "usage: $0 start|stop|status|replica|replica-stop|promote" >&2; exit 2 ;;
esac
