"""Helpers for the booking tests: fill in the real form the way a browser does."""

import re
from unittest import mock

from django.core.management import call_command

BOOK_URL = "/book/"


def form_token(client, url=BOOK_URL):
    """The one-time stamp from the form page, as a browser would send it back."""
    html = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def valid_data(token, **overrides):
    data = {
        "form_token": token,
        "name": "Zoë O'Brien-李",
        "contact_method": "phone",
        "phone": "07912 345678",
        "email": "zoe@example.com",
        "treatment": "sports-massage",
        "postcode": "yo24 1ab",
        "preferred_days": ["weekday"],
        "preferred_times": ["morning", "evening"],
        "availability_note": "Not Tuesdays",
        "visit_notes": "Parking on the drive. A friendly dog.",
        "message": "Lower back pain after gardening.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, **overrides):
    return client.post(BOOK_URL, valid_data(form_token(client), **overrides))


def thanks_page(client, response):
    assert response.status_code == 303, response.content.decode()[:2000]
    assert response["Location"].startswith("/book/thanks/")
    return client.get(response["Location"])


def run_worker():
    """Runs every task that is due, as the Procfile's worker would, then returns.

    The worker recycles database connections between tasks (close_old_connections). Inside a
    test's transaction that would close the connection and lose the test's data on PostgreSQL,
    so only that is switched off here; the tasks run exactly as in production."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
