#!/usr/bin/env bash
# The load part of `make bench` (issue 12): on a cluster of its own (so that restarting it
# disturbs nobody), the demo map, one `geohub serve`, and bench/GeoHub.Load driving 8 clients of
# mixed reads and bookings: LOAD_SECONDS (600) steady, then LOAD_RESTART_SECONDS (120) during
# which the cluster restarts (pg_ctl stop -m fast, 3 s down, start). Every acknowledged booking
# is looked for in the database afterwards. Writes the results to artifacts/bench/load.md.
set -euo pipefail
# The rate limiter stays on, so that its cost is in the figures, with rates no benchmark reaches.
for role in Public Viewer Unit Officer Admin; do export "GeoHub__Limits__${role}__RequestsPerSecond=1000000" "GeoHub__Limits__${role}__Burst=1000000"; done
cd "$(dirname "$0")/.."

seconds=${LOAD_SECONDS:-600}
restart_seconds=${LOAD_RESTART_SECONDS:-120}
out=artifacts/bench
mkdir -p "$out"
root=$(mktemp -d /tmp/geohub-load-XXXXXX)
port=${LOAD_PGPORT:-27432}
db="Host=127.0.0.1;Port=$port;Username=geohub;Password=geohub;Database=geohub"
geohub=(dotnet src/GeoHub/bin/Release/net10.0/geohub.dll)
load=(dotnet bench/GeoHub.Load/bin/Release/net10.0/GeoHub.Load.dll)
server=

cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  GEOHUB_PGROOT=$root GEOHUB_PGPORT=$port bash scripts/db.sh stop || true
  rm -rf "$root"
}
trap cleanup EXIT

GEOHUB_PGROOT=$root GEOHUB_PGPORT=$port bash scripts/db.sh start
GEOHUB_DB=$db "${geohub[@]}" migrate >/dev/null
GEOHUB_DB=$db "${geohub[@]}" load maps/longyan | tail -n 1

url=http://127.0.0.1:5199
GEOHUB_DB=$db ASPNETCORE_ENVIRONMENT=Production "${geohub[@]}" serve --urls $url >"$out/load-serve.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "$url/ready" >/dev/null && break; sleep 0.5; done

token=()
# An unknown first argument would start a server, so ask the command list first.
if "${geohub[@]}" --help 2>/dev/null | grep -qw token; then
  token=(--token "$("${geohub[@]}" token --role ADMIN --subject load --ttl 2h)")
fi

restart="runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D $root/pg15 -m fast -w stop >/dev/null && sleep 3 && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D $root/pg15 -l $root/postgresql.log -w -o '-p $port -k $root/run' start >/dev/null"

status=0
"${load[@]}" --url $url --db "$db" --pid $server --seconds "$seconds" "${token[@]}" --title "steady mixed load" --out "$out/load-steady.md" || status=$?
"${load[@]}" --url $url --db "$db" --pid $server --seconds "$restart_seconds" --restart-at $((restart_seconds / 2)) --restart "$restart" "${token[@]}" --first-venue 100 \
  --title "mixed load through a cluster restart" --out "$out/load-restart.md" || status=$?
cat "$out/load-steady.md" "$out/load-restart.md" >"$out/load.md"

# Its section of BENCHMARKS.md, replaced in place (appended the first time).
section="## Mixed load, steady and through a cluster restart"
{
  echo "$section"
  echo
  echo "From \`make bench\` (scripts/bench-load.sh) on $(date -u '+%Y-%m-%d %H:%M') UTC; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo "One \`geohub serve\` (Release, Production) on a cluster of its own with the demo map; 8 clients of"
  echo "mixed reads (a compound by id, a page of compounds, nearby units, a community's coverage, a"
  echo "venue's bookings) and bookings (ADMIN token), each client on venues of its own so that every"
  echo "booking is meant to be acknowledged; afterwards each acknowledged booking is looked up by id."
  echo
  sed 's/^### /### /' "$out/load.md"
  echo
} >"$out/load-section.md"
awk -v s="$section" -v f="$out/load-section.md" '
  BEGIN { while ((getline line < f) > 0) text = text line "\n" }
  $0 == s { skip = 1; printf "%s", text; done = 1; next }
  skip && /^## / { skip = 0 }
  !skip { print }
  END { if (!done) printf "\n%s", text }' BENCHMARKS.md >"$out/BENCHMARKS.md.new"
mv "$out/BENCHMARKS.md.new" BENCHMARKS.md
exit $status
