"""Behind the trusted proxy, one client who forges extra X-Forwarded-For entries (the proxy
appends the real address on the right) still meets the booking limit and the admin lockout."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.bookings.admin_helpers import create_therapist, current_code, sign_in
from tests.bookings.booking_form import submit
from tests.browser_client import BrowserClient as Client

pytestmark = pytest.mark.django_db

CLIENT = "203.0.113.5"


def forging(attempt):
    """The same client, each time claiming to be someone else, through nginx on 127.0.0.1."""
    forged = f"10.{attempt}.0.1, 198.51.100.{attempt}"
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, {CLIENT}")


def test_forged_forwarded_for_entries_do_not_escape_the_booking_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "2/h"
    assert [submit(forging(n)).status_code for n in range(3)] == [303, 303, 429]
    assert submit(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9")).status_code == 303


def test_forged_forwarded_for_entries_do_not_escape_the_lockout(monkeypatch, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ADMIN_REQUIRE_2FA = True
    user, _ = create_therapist(monkeypatch, "sam")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(forging(attempt), "sam", password="not-the-password")
    code = current_code(TOTPDevice.objects.get(user=user))
    assert sign_in(forging(99), "sam", code=code).status_code == 429
    therapist = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert sign_in(therapist, "sam", code=code).status_code == 302
