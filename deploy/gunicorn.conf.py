"""gunicorn configuration for the Procfile's web process. Every value can be overridden
by gunicorn's own environment variable (GUNICORN_CMD_ARGS) or the ones read here."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Sync workers behind a buffering proxy; keep-alive helps the proxy reuse connections.
keepalive = 5
timeout = 30
graceful_timeout = 20
# Recycling a worker throws away its warm state (its page cache, compiled templates, the
# database connection). Every 2,000 requests it was the whole p99 under load: a 10 s wrk run
# recycled each worker every second or two (p99 200 ms; 16 ms without). Memory stays flat
# under load (bench/RESULTS.md), so recycling is a rare safety net, not a routine.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Django is imported once, in the master, and each worker is a fork of it: a worker recycled
# by max_requests is serving again in milliseconds instead of re-importing Django, which
# takes seconds on a busy small server, often for both workers at once (bench/RESULTS.md).
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "massage_site.wsgi:application"
