#!/usr/bin/env bash
# The page bundle (web/dist, not committed): `npm ci` when the lockfile changed, `vite build` when
# any source changed. A stamp holds the hash of everything the bundle is made from, so `make run`
# and `make test` rebuild only a missing or stale bundle (a few seconds) and skip it otherwise.
set -euo pipefail
cd "$(dirname "$0")/../web"

# The project's operations (../operations) are bundled into GraphiQL's examples and the page.
inputs() {
  find index.html graphiql.html vite.config.js package.json package-lock.json src ../operations -type f -print0 | sort -z | xargs -0 sha256sum
}

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$lock_hash" ]; then
  echo "web: npm ci" >&2
  npm ci --no-audit --no-fund --silent
  echo "$lock_hash" >node_modules/.lock-hash
fi

hash=$(inputs | sha256sum | cut -d' ' -f1)
if [ -f dist/index.html ] && [ -f dist/.stamp ] && [ "$(cat dist/.stamp)" = "$hash" ]; then
  exit 0
fi
echo "web: building the page bundle (vite)" >&2
npx vite build
echo "$hash" >dist/.stamp
