"""Shared fixtures: a real SMTP server (aiosmtpd) that the site's mailer points at."""

import socket
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


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
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
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
