"""The admin lockout counts an IPv6 client by its /64: a client owns the whole /64 and could
otherwise try five passwords from each of its addresses."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.bookings.admin_helpers import create_therapist, current_code, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.ADMIN_REQUIRE_2FA = True


def test_failed_sign_ins_from_addresses_in_one_64_lock_it_out_but_not_the_next_64(monkeypatch, settings):
    user, _ = create_therapist(monkeypatch, "sam")
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR=f"2001:db8:aa:1:{number + 1}::9"), "sam", password="not-the-password")
    device = TOTPDevice.objects.get(user=user)
    fresh_address_same_64 = Client(REMOTE_ADDR="2001:db8:aa:1:ffff:1:2:3")
    response = sign_in(fresh_address_same_64, "sam", code=current_code(device))
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    therapist_at_home = Client(REMOTE_ADDR="2001:db8:aa:2::5")
    assert sign_in(therapist_at_home, "sam", code=current_code(device)).status_code == 302
