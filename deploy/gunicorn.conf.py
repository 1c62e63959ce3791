"""gunicorn configuration for the Procfile's web process. Every value can be overridden
by gunicorn's own environment variable (GUNICORN_CMD_ARGS) or the ones read here."""

import gc
import os

# Loopback only: the proxy on this machine (deploy/nginx.conf) is the one way in, so no one can
# talk to gunicorn directly, forge X-Forwarded-For, or hold a sync worker with a slow request
# (nginx reads the whole request before passing it on). A platform whose router reaches the
# process from outside (Heroku, Render…) sets BIND=0.0.0.0:$PORT; so does a web machine behind
# a load balancer on a private network (README: Production).
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
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
# gunicorn's control socket (for gunicornc) defaults to one path per user account
# (~/.gunicorn/gunicorn.ctl), so a second instance would take it over and stopping either
# deletes it. Off unless GUNICORN_CONTROL_SOCKET names this instance's own path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def pre_fork(server, worker) -> None:
    """Moves everything the master loaded (Django, the apps, the templates) out of the garbage
    collector's reach before each fork: a collection in a worker would otherwise write to
    every object's header and so copy pages it shares with the master and the other worker."""
    gc.freeze()
