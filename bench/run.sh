#!/usr/bin/env bash
# `make bench`: the production configuration under wrk on 127.0.0.1, on SQLite then PostgreSQL.
# Needs wrk and nginx (Debian: apt-get install wrk nginx-light). About five minutes.
# Variables: BENCH_SECONDS (10), BENCH_DATABASES (sqlite,postgresql),
# BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/massage_bench; dropped and re-created).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
exec .venv/bin/python -m bench.bench "$@"
