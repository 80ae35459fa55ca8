#!/usr/bin/env bash
# The battle map page's speed (bench/web/page-speed.mjs) against a running GeoHub: first complete
# render of the city, date change redraw, bundle size. Writes artifacts/bench/web[-NAME].md.
#   scripts/bench-web.sh URL [RUNS] [NAME]   e.g. scripts/bench-web.sh http://127.0.0.1:5080 after `make run`
# make bench calls it with the ×1 server (the demo map `make run` serves, where the issue's targets
# are set) and the ×10 one (BENCH_WEB=0 skips both).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/web.sh
bash scripts/browser.sh
mkdir -p artifacts/bench
case "${3:-}" in
  '') out=artifacts/bench/web.md; map='the demo map (maps/longyan)' ;;
  x1) out=artifacts/bench/web-x1.md; map='the ×1 demo map (maps/longyan, as `make run` serves it)' ;;
  *) out=artifacts/bench/web-$3.md; map="the $3 map" ;;
esac
node bench/web/page-speed.mjs "$1" "${2:-5}" "$map" | tee "$out"
