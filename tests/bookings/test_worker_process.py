"""The Procfile's worker as a real process: it sends queued emails and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUEUE_AN_ENQUIRY = """
from bookings.models import Enquiry
from bookings.notifications import queue_enquiry_emails
enquiry = Enquiry.objects.create(
    name="Worker Test", contact_method="email", email="client@example.com", postcode="YO1 7HH", postcode_district="YO1"
)
queue_enquiry_emails(enquiry)
"""


@pytest.mark.slow
def test_run_worker_sends_queued_emails_and_stops_cleanly_on_sigterm(tmp_path, smtp_server):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))} | {
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-secret-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "THERAPIST_EMAIL": "therapist@example.co.uk",
        "SITE_URL": "https://www.example.co.uk",
        "DEFAULT_FROM_EMAIL": "Massage in York <bookings@example.co.uk>",
        "PYTHONDONTWRITEBYTECODE": "1",
    }

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("shell", "-c", QUEUE_AN_ENQUIRY)

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        messages = smtp_server.wait_for(2, timeout=30)
        assert sorted(m["X-Envelope-Rcpt"] for m in messages) == ["client@example.com", "therapist@example.co.uk"]
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    output = worker.stdout.read().decode()
    assert "shutting down gracefully" in output
    assert "Traceback" not in output
