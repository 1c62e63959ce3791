"""Clients who send their request a byte at a time (slowloris) don't take the site down:
deploy/nginx.conf in front of the Procfile's gunicorn (its default two sync workers) reads
each request whole before gunicorn sees it, so others are served meanwhile. The same slow
clients straight at gunicorn hold both workers: which is why gunicorn listens only on
127.0.0.1 (deploy/gunicorn.conf.py)."""

import contextlib
import shutil
import socket
import threading
import time

import pytest
import requests

from tests.reliability.test_nginx_cache import NGINX, proxy  # noqa: F401 - the nginx fixture

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

SLOW_CLIENTS = 4  # twice gunicorn's workers


@pytest.fixture
def site(site):
    site.env["WEB_CONCURRENCY"] = "2"  # the production default
    return site


class Slowloris:
    """Clients that open a connection and send their headers one byte every half second."""

    def __init__(self, port, count):
        request = b"GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: " + b"a" * 200
        self.stop = threading.Event()
        self.sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]
        self.threads = [threading.Thread(target=self.trickle, args=(s, request), daemon=True) for s in self.sockets]

    def trickle(self, sock, request):
        for byte in request:
            if self.stop.wait(0.5):
                return
            try:
                sock.send(bytes([byte]))
            except OSError:
                return

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        time.sleep(1)  # every slow client is connected and mid-request
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for sock in self.sockets:
            sock.close()


def served(base, count=6):
    """How many of ``count`` ordinary requests are answered while the slow clients trickle."""
    answered = 0
    for _ in range(count):
        with contextlib.suppress(requests.RequestException):
            answered += requests.get(base + "/book/", timeout=3).status_code == 200
    return answered


@pytest.mark.skipif(shutil.which(NGINX) is None, reason="nginx is not installed (apt-get install nginx-light)")
def test_slow_clients_through_nginx_do_not_block_others(proxy, site):  # noqa: F811
    port = int(proxy.rsplit(":", 1)[1])
    with Slowloris(port, SLOW_CLIENTS):
        assert served(proxy) == 6


def test_the_same_slow_clients_straight_at_gunicorn_would_block_it(site):
    site.start_web()
    with Slowloris(site.port, SLOW_CLIENTS):
        assert served(site.base, count=2) == 0
