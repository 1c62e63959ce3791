"""The site's real processes for the reliability tests.

Each test gets a fresh database of the engine the suite runs on (a SQLite file, or a new
PostgreSQL database beside the suite's), migrated by ``manage.py`` in a subprocess: the
processes under test can't see pytest's own test database. Then the Procfile's ``web``
(gunicorn) and ``worker`` lines run on 127.0.0.1 under production settings, sending to a
real SMTP server (aiosmtpd) in this process. Every wait is bounded.
"""

import asyncio
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from tests.conftest import SMTPServer, free_port, fresh_database, procfile_command

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "reliability-tests-only-7fQ2mX9pL4vR8tK1nB6yH3dJ5sA0gU2eW4cV9xN6zQ"


def wait_until(condition, timeout, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")


@pytest.fixture
def database_url(tmp_path):
    """A fresh, empty database of the engine the suite runs on; dropped afterwards."""
    with fresh_database(tmp_path) as url:
        yield url


class SlowSMTPServer(SMTPServer):
    """An SMTP server that can answer DATA slowly. A message counts as delivered only when
    the server's final "250 OK" goes out: a client that vanishes before then (a killed
    worker) has delivered nothing, as with a real mail server."""

    def __init__(self):
        super().__init__()
        self.delay = 0.0
        # A slow relay: it has taken (and will deliver) the message, but answers late.
        self.answer_delay = 0.0
        self.receiving = 0  # DATA commands that have started
        handler = self.handler
        record = handler.handle_DATA

        async def handle_DATA(server, session, envelope):
            self.receiving += 1
            if self.delay:
                await asyncio.sleep(self.delay)  # cancelled if the client disconnects
            answer = await record(server, session, envelope)
            if self.answer_delay:
                await asyncio.sleep(self.answer_delay)
            return answer

        handler.handle_DATA = handle_DATA

    def message_ids(self):
        return Counter(str(message["Message-ID"]) for message in self.messages)


@pytest.fixture
def smtp():
    server = SlowSMTPServer()
    server.start()
    yield server
    server.stop()


class Site:
    """The Procfile's processes on one fresh database, as production runs them."""

    def __init__(self, database_url, tmp_path, smtp):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.logs = tmp_path
        self.processes = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
        self.env.update(
            DEBUG="false",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            DATABASE_URL=database_url,
            CONN_MAX_AGE="600",
            STATIC_ROOT=str(tmp_path / "static"),
            EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
            EMAIL_TIMEOUT="10",
            SITE_URL=f"http://127.0.0.1:{self.port}",
            THERAPIST_EMAIL="therapist@example.co.uk",
            DEFAULT_FROM_EMAIL="Massage in York <bookings@example.co.uk>",
            PORT=str(self.port),
            WEB_CONCURRENCY="4",
            GUNICORN_ACCESSLOG="",
            # Many enquiries from one address in seconds: the spam brakes are not under test.
            BOOKING_RATE_LIMIT="100000/h",
            BOOKING_MIN_FILL_SECONDS="0",
            PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        )

    def manage(self, *args, timeout=120):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def setup(self):
        self.manage("migrate", "--noinput", "-v0")
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput", "-v0")

    def query(self, code):
        """Runs Python in a `manage.py shell` on the site's database; returns its printed JSON."""
        out = self.manage("shell", "-c", f"import json\n{code}")
        return json.loads(out.strip().splitlines()[-1])

    def _start(self, name, command):
        log = open(self.logs / f"{name}-{len(self.processes)}.log", "w")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        process.log = log
        self.processes.append(process)
        return process

    def start_web(self):
        process = self._start("web", shlex.split(procfile_command("web")))

        def answers():
            try:
                return requests.get(self.base + "/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(answers, 30, interval=0.2, message="gunicorn to answer")
        return process

    def start_worker(self):
        return self._start("worker", shlex.split(procfile_command("worker")))

    def stop(self, process, timeout=20):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        process.log.close()

    def stop_all(self):
        for process in reversed(self.processes):
            self.stop(process)

    def log_text(self):
        return "\n".join(path.read_text() for path in sorted(self.logs.glob("*.log")))

    # What a client does.
    def form(self, session, n, **overrides):
        """Fetches the booking form; returns what client number n would post."""
        page = session.get(self.base + "/book/", timeout=10)
        assert page.status_code == 200, page.status_code
        return {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1),
            "form_token": re.search(r'name="form_token" value="([^"]+)"', page.text).group(1),
            "name": f"Client {n}",
            "contact_method": "email",
            "email": f"client-{n}@example.com",
            "treatment": "not-sure",
            "postcode": "YO24 1AB",
            "message": f"Enquiry number {n}",
            "consent": "on",
            "website": "",
        } | overrides

    def post(self, session, data, timeout=30):
        return session.post(
            self.base + "/book/",
            data=data,
            headers={"Referer": self.base + "/book/"},
            allow_redirects=False,
            timeout=timeout,
        )

    def book(self, session, n, **overrides):
        """Fetches the form and posts an enquiry as client number n; returns the response."""
        return self.post(session, self.form(session, n, **overrides))

    def counts(self):
        return self.query(
            "from django.db.models import Count\n"
            "from bookings.models import Enquiry, EmailDelivery\n"
            "print(json.dumps({'enquiries': Enquiry.objects.count(),"
            " 'references': Enquiry.objects.values('reference').distinct().count(),"
            " 'deliveries': dict(EmailDelivery.objects.values_list('status').annotate(n=Count('id')))}))"
        )


@pytest.fixture
def site(database_url, tmp_path, smtp):
    site = Site(database_url, tmp_path, smtp)
    site.setup()
    yield site
    site.stop_all()
