#!/usr/bin/env bash
# The battle map page's speed (bench/web/page-speed.mjs) against a running GeoHub: first complete
# render of the city, date change redraw, bundle size. Writes artifacts/bench/web.md.
#   scripts/bench-web.sh URL [RUNS]     e.g. scripts/bench-web.sh http://127.0.0.1:5080 after `make run`
# make bench calls it with the ×10 server's URL (BENCH_WEB=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/web.sh
bash scripts/browser.sh
mkdir -p artifacts/bench
node bench/web/page-speed.mjs "$1" "${2:-5}" | tee artifacts/bench/web.md
