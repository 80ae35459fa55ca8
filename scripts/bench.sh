#!/usr/bin/env bash
# `make bench` after the builds: maps and databases for ×1, ×10 and ×100 (BENCH_X100=0 skips ×100),
# one `geohub serve` (Release, Production) per database on a free loopback port, then the driver,
# which writes BENCHMARKS.md. Servers are stopped on exit, whatever happens.
#
# A database counts as loaded when it holds as many compounds as its map's compounds.geojson has
# features (a load is all or nothing); BENCH_RELOAD=1 drops and reloads it, so that the load
# times in BENCHMARKS.md are measured in this run.
set -euo pipefail
# The rate limiter stays on, so that its cost is in the figures, with rates no benchmark reaches.
for role in Public Viewer Unit Officer Admin; do export "GeoHub__Limits__${role}__RequestsPerSecond=1000000" "GeoHub__Limits__${role}__Burst=1000000"; done
cd "$(dirname "$0")/.."

port=${GEOHUB_PGPORT:-25432}
geohub=(dotnet src/GeoHub/bin/Release/net10.0/geohub.dll)
out=artifacts/bench
mkdir -p "$out"
: >"$out/loads.tsv"
export PGPASSWORD=geohub

connection() { echo "Host=127.0.0.1;Port=$port;Username=geohub;Password=geohub;Database=$1;Maximum Pool Size=50"; }
sql() { psql -h 127.0.0.1 -p "$port" -U geohub -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

servers=()
stop_servers() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_servers EXIT

# prepare NAME SCALE DIR: generate the map unless present, load it into geohub_bench_NAME unless loaded.
prepare() {
  local name=$1 scale=$2 dir=$3 db=geohub_bench_$1
  if [ ! -f "$dir/compounds.geojson" ]; then
    echo "bench: generating $dir (--scale $scale)"
    timeout 1200 "${geohub[@]}" generate --scale "$scale" -o "$dir"
  fi
  local features loaded
  features=$(grep -c '^{"type":"Feature",' "$dir/compounds.geojson")
  if [ -z "$(sql postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    sql postgres "CREATE DATABASE $db"
  fi
  GEOHUB_DB=$(connection "$db") "${geohub[@]}" migrate >/dev/null
  loaded=$(sql "$db" "SELECT count(*) FROM compounds")
  if [ "$loaded" = "$features" ] && [ "${BENCH_RELOAD:-0}" != 1 ]; then
    echo "bench: $db already holds $dir ($loaded compounds)"
    printf '%s\talready loaded (%s compounds); `BENCH_RELOAD=1 make bench` reloads and times it\n' "$name" "$loaded" >>"$out/loads.tsv"
    return
  fi
  if [ "$loaded" != 0 ]; then
    sql postgres "DROP DATABASE $db WITH (FORCE)"
    sql postgres "CREATE DATABASE $db"
    GEOHUB_DB=$(connection "$db") "${geohub[@]}" migrate >/dev/null
  fi
  local line
  line=$(GEOHUB_DB=$(connection "$db") timeout 1800 "${geohub[@]}" load "$dir" | tail -n 1)
  echo "bench: $line"
  printf '%s\t%s\n' "$name" "${line#load: }" >>"$out/loads.tsv"
}

free_port() {
  local p
  for p in $(seq 5300 5399); do
    if [ -z "$(ss -Htln "sport = :$p")" ]; then echo "$p"; return; fi
  done
  echo "bench: no free port in 5300-5399" >&2
  return 1
}

# serve NAME: starts geohub serve on geohub_bench_NAME and waits (at most 60 s) for /health.
targets=()
serve() {
  local name=$1 p url
  p=$(free_port)
  url=http://127.0.0.1:$p
  ASPNETCORE_ENVIRONMENT=Production GEOHUB_DB=$(connection "geohub_bench_$name") \
    "${geohub[@]}" serve --urls "$url" >"$out/serve-$name.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 120); do
    if curl -sf "$url/health" >/dev/null; then
      targets+=(--target "$name" "$url" "$(connection "geohub_bench_$name")")
      return
    fi
    sleep 0.5
  done
  echo "bench: geohub serve for $name did not answer /health in 60 s; see $out/serve-$name.log" >&2
  return 1
}

prepare x1 1 maps/longyan
prepare x10 10 maps/longyan-x10
if [ "${BENCH_X100:-1}" = 0 ]; then
  echo "bench: BENCH_X100=0: skipping the ×100 map"
  printf 'x100\tskipped (BENCH_X100=0)\n' >>"$out/loads.tsv"
else
  prepare x100 100 maps/longyan-x100
fi

serve x1
serve x10
if [ "${BENCH_X100:-1}" != 0 ]; then serve x100; fi

command="make bench"
[ "${BENCH_X100:-1}" = 0 ] && command="BENCH_X100=0 make bench"
[ "${BENCH_RELOAD:-0}" = 1 ] && command="BENCH_RELOAD=1 $command"
[ -n "${BENCH_SECONDS:-}" ] && command="BENCH_SECONDS=$BENCH_SECONDS $command"
[ -n "${BENCH_COUNT:-}" ] && command="BENCH_COUNT=$BENCH_COUNT $command"
[ -n "${BENCH_WARMUP:-}" ] && command="BENCH_WARMUP=$BENCH_WARMUP $command"
[ -n "${BENCH_CAP:-}" ] && command="BENCH_CAP=$BENCH_CAP $command"
# The driver writes BENCHMARKS.md whole; the sections other scripts own (the peer, the load) are
# kept from the file as it was, and those scripts replace them in place when they run after this.
cp BENCHMARKS.md "$out/BENCHMARKS.before.md" 2>/dev/null || : >"$out/BENCHMARKS.before.md"
dotnet bench/GeoHub.Bench/bin/Release/net10.0/GeoHub.Bench.dll "${targets[@]}" --main x10 \
  --operations operations --loads "$out/loads.tsv" --out BENCHMARKS.md \
  --seconds "${BENCH_SECONDS:-10}" --count "${BENCH_COUNT:-100}" \
  --warm-up "${BENCH_WARMUP:-200}" --cap "${BENCH_CAP:-30}" --command "$command"

# The battle map page in a browser, on the ×1 server (the demo map, where the issue's targets are
# set) and the ×10 one: its own script (scripts/bench-web.sh), whose sections are appended to the
# driver's BENCHMARKS.md. BENCH_WEB=0 skips it.
if [ "${BENCH_WEB:-1}" != 0 ]; then
  for name in x1 x10; do
    for i in "${!targets[@]}"; do
      if [ "${targets[$i]}" = "$name" ]; then bash scripts/bench-web.sh "${targets[$((i + 1))]}" 5 "$name"; fi
    done
    { echo; cat "artifacts/bench/web-$name.md"; } >>BENCHMARKS.md
  done
fi

# Sections of the earlier BENCHMARKS.md this run did not write, appended as they were (each keeps
# the line that says which run made it). A "<!-- name: begin -->" marker before a heading belongs
# to that section: bench-peer.sh finds its sections by their markers.
awk '
  function emit(line) { printf "%s%s\n", (started++ ? "" : "\n"), line }
  FNR == 1 { file++ }
  file == 1 && /^## / { have[$0] = 1; next }
  file == 2 && /^<!-- .*: begin -->$/ { marker = $0; next }
  file == 2 && /^## / { keep = !($0 in have); if (keep && marker != "") emit(marker); marker = "" }
  file == 2 && marker != "" { if (keep) emit(marker); marker = "" }
  file == 2 && keep { emit($0) }
' BENCHMARKS.md "$out/BENCHMARKS.before.md" >"$out/kept-sections.md"
cat "$out/kept-sections.md" >>BENCHMARKS.md
