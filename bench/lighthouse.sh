#!/usr/bin/env bash
# Lighthouse scores of the home page, an article and the booking form under the production
# configuration (see bench/lighthouse.py). Needs Node.js/npm and Chromium (apt-get install chromium).
# Lighthouse itself comes from npm through npx, pinned in bench/lighthouse.py, so `npm ci` stays small.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npx >/dev/null || { echo "npx (Node.js and npm) is needed to run Lighthouse"; exit 1; }
test -f var/build/css/site.css || npm run --silent build
exec .venv/bin/python -m bench.lighthouse "$@"
