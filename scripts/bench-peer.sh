#!/usr/bin/env bash
# GeoHub against PostGraphile v4 on the same bench database (issue 11), run by `make bench` after
# the driver, or alone as `make bench-peer` (after `make build`). For each map in BENCH_PEER_MAPS
# (default x10): load it unless loaded, create the peer's SQL functions (bench/peer/peer.sql, in
# the bench database only), start `geohub serve` and PostGraphile, a second `geohub serve` without
# access control (GeoHub:BenchWithoutAccessControl, for issue 8's cost of access control: the first
# one is then sent an ADMIN token), a third with direct reads off (GeoHub:DirectReads:Enabled=false,
# for what they change), and a second instance of GeoHub and PostGraphile behind a
# counting proxy for the per-request profile, then run bench/peer/run.mjs, which checks the
# answers identical, times them and writes its section of BENCHMARKS.md. Every process it
# starts is stopped on exit, whatever happens.
#
# BENCH_PEER_SECONDS (15), BENCH_PEER_WARMUP (30), BENCH_PEER_ROUNDS (3) shorten a run;
# BENCH_PEER_ONLY=name,name picks operations (see bench/peer/operations.mjs);
# BENCH_PEER_PORTS="FIRST LAST" is the range searched for free ports (default 5300 5399).
set -euo pipefail
# The rate limiter stays on, so that its cost is in the figures, with rates no benchmark reaches.
for role in Public Viewer Unit Officer Admin; do export "GeoHub__Limits__${role}__RequestsPerSecond=1000000" "GeoHub__Limits__${role}__Burst=1000000"; done
cd "$(dirname "$0")/.."

port=${GEOHUB_PGPORT:-25432}
geohub=(dotnet src/GeoHub/bin/Release/net10.0/geohub.dll)
out=artifacts/bench/peer
mkdir -p "$out"
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=geohub PGPASSWORD=geohub

# The load client: wrk from Debian (C, epoll; see bench/peer/load.mjs for why this one).
if ! command -v wrk >/dev/null; then
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
if [ ! -d bench/peer/node_modules ] || [ bench/peer/package-lock.json -nt bench/peer/node_modules ]; then
  npm ci --prefix bench/peer --no-audit --no-fund --silent
fi

connection() { echo "Host=127.0.0.1;Port=${2:-$port};Username=geohub;Password=geohub;Database=$1;Maximum Pool Size=50;Application Name=$3"; }
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
# The peer's functions live only while the peer runs (see bench/peer/peer-drop.sql).
peer_db=
finish() {
  stop_all
  if [ -n "$peer_db" ]; then psql -X -q -d "$peer_db" -f bench/peer/peer-drop.sql >/dev/null 2>&1 || true; fi
}
trap finish EXIT

read -r first_port last_port <<<"${BENCH_PEER_PORTS:-5300 5399}"
taken=()
# free_port: sets $picked to a port nobody listens on (nor was handed out in this map's run).
free_port() {
  local p
  for p in $(seq "$first_port" "$last_port"); do
    if [[ " ${taken[*]} " != *" $p "* ]] && [ -z "$(ss -Htln "sport = :$p")" ]; then
      taken+=("$p")
      picked=$p
      return
    fi
  done
  echo "bench-peer: no free port in $first_port-$last_port" >&2
  return 1
}

# wait_for URL LOG: at most 90 s for URL to answer 200.
wait_for() {
  for _ in $(seq 180); do
    if curl -sf "$1" >/dev/null; then return; fi
    sleep 0.5
  done
  echo "bench-peer: $1 did not answer in 90 s; see $2" >&2
  return 1
}

# The map's database as scripts/bench.sh prepares it (generated and loaded when missing).
prepare() {
  local name=$1 db=geohub_bench_$1 dir scale
  case $name in
    x1) dir=maps/longyan scale=1 ;;
    x10) dir=maps/longyan-x10 scale=10 ;;
    x100) dir=maps/longyan-x100 scale=100 ;;
    *) echo "bench-peer: unknown map $name" >&2; return 1 ;;
  esac
  if [ ! -f "$dir/compounds.geojson" ]; then
    timeout 1200 "${geohub[@]}" generate --scale "$scale" -o "$dir"
  fi
  if [ -z "$(sql postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    sql postgres "CREATE DATABASE $db"
  fi
  GEOHUB_DB=$(connection "$db" "$port" geohub-bench-migrate) "${geohub[@]}" migrate >/dev/null
  local features loaded
  features=$(grep -c '^{"type":"Feature",' "$dir/compounds.geojson")
  loaded=$(sql "$db" "SELECT count(*) FROM compounds")
  if [ "$loaded" != "$features" ]; then
    if [ "$loaded" != 0 ]; then
      echo "bench-peer: $db holds $loaded compounds, not $features: run make bench (BENCH_RELOAD=1) to reload it" >&2
      return 1
    fi
    GEOHUB_DB=$(connection "$db" "$port" geohub-bench-load) timeout 1800 "${geohub[@]}" load "$dir" | tail -n 1
  fi
  peer_db=$db
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f bench/peer/peer.sql
}

# serve_geohub DB PGPORT APP LOG [SETTING=VALUE…]: starts geohub serve (with the extra environment);
# sets $picked (its port) and $started (its pid).
serve_geohub() {
  free_port
  env ASPNETCORE_ENVIRONMENT=Production GEOHUB_DB="$(connection "$1" "$2" "$3")" "${@:5}" \
    "${geohub[@]}" serve --urls "http://127.0.0.1:$picked" >"$4" 2>&1 &
  started=$!
  pids+=("$started")
}

# serve_peer DB PGPORT APP LOG: starts PostGraphile; sets $picked and $started.
serve_peer() {
  free_port
  NODE_ENV=production PORT=$picked DATABASE_URL="postgres://geohub:geohub@127.0.0.1:$2/$1?application_name=$3" \
    node bench/peer/server.mjs >"$4" 2>&1 &
  started=$!
  pids+=("$started")
}

command="make bench"
[ -n "${BENCH_PEER_SECONDS:-}" ] && command="BENCH_PEER_SECONDS=$BENCH_PEER_SECONDS $command"
[ -n "${BENCH_PEER_WARMUP:-}" ] && command="BENCH_PEER_WARMUP=$BENCH_PEER_WARMUP $command"
[ -n "${BENCH_PEER_ROUNDS:-}" ] && command="BENCH_PEER_ROUNDS=$BENCH_PEER_ROUNDS $command"
[ -n "${BENCH_PEER_ONLY:-}" ] && command="BENCH_PEER_ONLY=$BENCH_PEER_ONLY $command"
[ -n "${BENCH_PEER_MAPS:-}" ] && command="BENCH_PEER_MAPS='$BENCH_PEER_MAPS' $command"

# An ADMIN token of the key geohub serve makes for itself (beside the private cluster), for the
# access-control rounds.
token=$("${geohub[@]}" token --role ADMIN --subject bench-peer --ttl 12h)

notes=1
for map in ${BENCH_PEER_MAPS:-x10}; do
  db=geohub_bench_$map
  prepare "$map"

  serve_geohub "$db" "$port" geohub-bench "$out/geohub-$map.log"
  gport=$picked gpid=$started
  serve_peer "$db" "$port" postgraphile-bench "$out/postgraphile-$map.log"
  pport=$picked ppid=$started
  # The same binary without access control, for issue 8's check (its setting holds on geohub_bench_* only).
  serve_geohub "$db" "$port" geohub-bench-open "$out/geohub-open-$map.log" GeoHub__BenchWithoutAccessControl=true
  oport=$picked opid=$started
  # The same binary with direct reads off, for what they change (README, "How a query is answered").
  serve_geohub "$db" "$port" geohub-bench-nodirect "$out/geohub-nodirect-$map.log" GeoHub__DirectReads__Enabled=false
  dport=$picked dpid=$started
  # The profile pass's instances reach PostgreSQL through the counting proxy.
  free_port
  proxy=$picked
  free_port
  stats=$picked
  node bench/peer/pgcount.mjs "$proxy" 127.0.0.1 "$port" "$stats" &
  pids+=($!)
  wait_for "http://127.0.0.1:$stats/" "the proxy"
  serve_geohub "$db" "$proxy" geohub-profile "$out/geohub-profile-$map.log"
  gport2=$picked
  serve_peer "$db" "$proxy" postgraphile-profile "$out/postgraphile-profile-$map.log"
  pport2=$picked
  wait_for "http://127.0.0.1:$gport/health" "$out/geohub-$map.log"
  wait_for "http://127.0.0.1:$pport/health" "$out/postgraphile-$map.log"
  wait_for "http://127.0.0.1:$oport/health" "$out/geohub-open-$map.log"
  wait_for "http://127.0.0.1:$dport/health" "$out/geohub-nodirect-$map.log"
  wait_for "http://127.0.0.1:$gport2/health" "$out/geohub-profile-$map.log"
  wait_for "http://127.0.0.1:$pport2/health" "$out/postgraphile-profile-$map.log"

  node bench/peer/run.mjs --map "$map" --database "$db" \
    --geohub-url "http://127.0.0.1:$gport" --geohub-pid "$gpid" --geohub-app geohub-bench \
    --peer-url "http://127.0.0.1:$pport" --peer-pid "$ppid" --peer-app postgraphile-bench \
    --open-url "http://127.0.0.1:$oport" --open-pid "$opid" --open-app geohub-bench-open --token "$token" \
    --direct-off-url "http://127.0.0.1:$dport" --direct-off-pid "$dpid" --direct-off-app geohub-bench-nodirect \
    --profile-geohub-url "http://127.0.0.1:$gport2" --profile-peer-url "http://127.0.0.1:$pport2" \
    --counter-url "http://127.0.0.1:$stats/" \
    --seconds "${BENCH_PEER_SECONDS:-15}" --warm-up "${BENCH_PEER_WARMUP:-30}" --rounds "${BENCH_PEER_ROUNDS:-3}" \
    ${BENCH_PEER_ONLY:+--only "$BENCH_PEER_ONLY"} --out BENCHMARKS.md --command "$command" --work-dir "$out" --notes "$notes"
  notes=0

  finish
  peer_db=
  taken=()
done
