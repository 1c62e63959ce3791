"""Shared fixtures: a real SMTP server (aiosmtpd) that the site's mailer points at."""

import os
import socket
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from tests.browser_client import BrowserClient

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def client():
    return BrowserClient()


def procfile_command(process):
    """The command line of one of the Procfile's processes."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name == process:
            return command.strip()
    raise AssertionError(f"no {process} in Procfile")


@contextmanager
def fresh_database(directory):
    """A new, empty database of the engine the suite runs on, for processes started by a
    test (they can't see pytest's test database): a SQLite file in ``directory``, or a new
    PostgreSQL database beside the suite's, dropped afterwards."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        yield f"sqlite:///{directory / 'site.sqlite3'}"
        return
    import psycopg

    name = f"massage_process_{uuid.uuid4().hex[:10]}"
    host, port, user = db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["USER"] or "postgres"
    auth = f"{urllib.parse.quote(user)}:{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else user
    dsn = f"host={host} port={port} user={user} dbname=postgres" + (
        f" password={db['PASSWORD']}" if db["PASSWORD"] else ""
    )
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{auth}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def skip_without(tool, reason):
    """Skips a test whose tool (Chromium, Java) is missing, saying how to install it; with
    REQUIRE_BROWSER=1 (as .ci/run sets) fails instead, so CI never passes with them skipped."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: {tool} is required here, not skipped)", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RecordingHandler:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        message["X-Envelope-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPServer:
    """A real SMTP server on 127.0.0.1. `stop()` and `start()` simulate an outage."""

    def __init__(self):
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def mailer_settings(self):
        return {
            "default": {
                "BACKEND": "massage_site.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }

    def wait_for(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def to(self, address):
        return [m for m in self.messages if address in m["X-Envelope-Rcpt"]]


@pytest.fixture
def smtp_server(settings):
    """Starts a real SMTP server and points MAILERS["default"] at it."""
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailer_settings()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with an empty whole-page cache (massage_site/cache.py): a page
    cached in one test must not answer in the next, whose database rolled back."""
    from massage_site import cache

    cache.clear()
