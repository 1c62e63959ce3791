"""Signing in to the desk: a wrong code and a wrong password look the same and both count
towards the lockout; an unsafe `next` lands on the desk."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.bookings.admin_helpers import create_therapist, current_code, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(monkeypatch, settings):
    settings.ADMIN_REQUIRE_2FA = True
    user, _ = create_therapist(monkeypatch, "sam")
    return TOTPDevice.objects.get(user=user)


def wrong_code(device):
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def error_text(response):
    assert response.status_code == 200
    notes = re.findall(r'<p class="errornote">(.*?)</p>', response.content.decode(), flags=re.S)
    assert notes, "the login page shows an error"
    return " ".join(" ".join(notes).split())


def test_a_wrong_code_with_the_right_password_reads_like_a_wrong_password(client, device):
    wrong_password = error_text(sign_in(client, "sam", password="not-the-password", code=current_code(device)))
    right_password_wrong_code = error_text(sign_in(client, "sam", code=wrong_code(device)))
    right_password_no_code = error_text(sign_in(client, "sam"))
    assert wrong_password == right_password_wrong_code == right_password_no_code
    assert "password and code" in wrong_password


def test_wrong_codes_count_towards_the_lockout(client, device, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "sam", code=wrong_code(device)).status_code == 200
    assert sign_in(client, "sam", code=wrong_code(device)).status_code == 429
    response = sign_in(client, "sam", code=current_code(device))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_codes_and_wrong_passwords_count_together(client, device, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        if attempt % 2:
            sign_in(client, "sam", code=wrong_code(device))
        else:
            sign_in(client, "sam", password="not-the-password")
    assert sign_in(client, "sam", code=current_code(device)).status_code == 429


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "", "javascript:alert(1)"])
def test_sign_in_with_an_unsafe_next_lands_on_the_desk(client, device, next_url):
    response = client.post(
        reverse("admin:login"),
        {
            "username": "sam",
            "password": "a-long-test-password-for-the-desk",
            "otp_token": current_code(device),
            "next": next_url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
