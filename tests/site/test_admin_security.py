"""Who gets into the therapist's desk: staff only, with a second factor, and not by guessing."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.bookings.admin_helpers import (
    PASSWORD,
    backup_codes,
    create_therapist,
    current_code,
    make_enquiry,
    sign_in,
    signed_in_therapist,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.ADMIN_REQUIRE_2FA = True


def test_admin_lives_at_admin_url(settings):
    assert reverse("admin:index") == "/" + settings.ADMIN_URL


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    enquiry = make_enquiry(name="Private Person")
    response = client.get(reverse("admin:bookings_enquiry_change", args=[enquiry.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_signed_in_non_staff_user_gets_no_admin_page_and_no_data(client):
    make_enquiry(name="Private Person")
    user = User.objects.create_user("visitor", password=PASSWORD)
    client.force_login(user)
    for url in [reverse("admin:index"), reverse("admin:bookings_enquiry_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert (
        "Private Person" not in client.get(reverse("admin:bookings_enquiry_changelist"), follow=True).content.decode()
    )


def test_non_staff_user_cannot_sign_in_to_the_admin(client):
    User.objects.create_user("visitor", password=PASSWORD)
    response = sign_in(client, "visitor", code="123456")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_therapist_cannot_reach_user_accounts(client, monkeypatch):
    signed_in_therapist(client, monkeypatch)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:bookings_enquiry_changelist")).status_code == 200


def test_therapist_group_holds_only_the_permissions_the_work_needs():
    codenames = set(Group.objects.get(name="Therapist").permissions.values_list("codename", flat=True))
    assert {"view_enquiry", "change_enquiry", "add_appointment", "view_emaildelivery", "change_treatment"} <= codenames
    assert (
        not {"delete_enquiry", "add_user", "change_user", "view_user", "change_group", "delete_treatment"} & codenames
    )
    assert not Group.objects.get(name="Therapist").permissions.filter(content_type__app_label__in=["auth", "axes"])


def test_create_therapist_makes_a_staff_account_in_the_group_with_an_authenticator(monkeypatch):
    user, printed = create_therapist(monkeypatch, "sam", "--email", "sam@example.com")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Therapist"]
    assert "otpauth://totp/" in printed and "secret=" in printed
    assert len(backup_codes(printed)) == 10


def test_create_therapist_refuses_an_existing_name_and_resets_2fa_on_request(monkeypatch):
    user, _ = create_therapist(monkeypatch, "sam")
    old_key = TOTPDevice.objects.get(user=user).key
    with pytest.raises(Exception, match="--reset-2fa"):
        create_therapist(monkeypatch, "sam")
    _, printed = create_therapist(monkeypatch, "sam", "--reset-2fa")
    assert "Replaced" in printed
    assert TOTPDevice.objects.get(user=user).key != old_key


def test_login_without_a_code_is_refused(client, monkeypatch):
    create_therapist(monkeypatch, "sam")
    response = sign_in(client, "sam")
    assert response.status_code == 200
    assert "Please enter the correct username, password and code" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_login_with_a_wrong_code_is_refused(client, monkeypatch):
    user, _ = create_therapist(monkeypatch, "sam")
    right = current_code(TOTPDevice.objects.get(user=user))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = sign_in(client, "sam", code=wrong)
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_login_with_the_authenticator_code_opens_the_desk(client, monkeypatch):
    user, _ = create_therapist(monkeypatch, "sam")
    response = sign_in(client, "sam", code=current_code(TOTPDevice.objects.get(user=user)))
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    desk = client.get(reverse("admin:index"))
    assert desk.status_code == 200
    assert "Your desk" in desk.content.decode()
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_backup_code_signs_in_once(client, monkeypatch):
    user, printed = create_therapist(monkeypatch, "sam")
    code = backup_codes(printed)[0]
    assert sign_in(client, "sam", code=code)["Location"] == reverse("admin:index")
    assert "Your desk" in client.get(reverse("admin:index")).content.decode()
    client.logout()
    again = sign_in(client, "sam", code=code)
    assert again.status_code == 200
    assert 'name="otp_token"' in again.content.decode()  # back on the sign-in form
    assert "_auth_user_id" not in client.session


def test_staff_signed_in_without_a_second_factor_is_refused(client, monkeypatch):
    user, _ = create_therapist(monkeypatch, "sam")
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert b"Your desk" not in client.get(response["Location"]).content


def test_password_alone_is_enough_when_2fa_is_switched_off(client, monkeypatch, settings):
    settings.ADMIN_REQUIRE_2FA = False
    create_therapist(monkeypatch, "sam")
    login_page = client.get(reverse("admin:login")).content.decode()
    assert "otp_token" not in login_page
    assert sign_in(client, "sam")["Location"] == reverse("admin:index")
    assert "Your desk" in client.get(reverse("admin:index")).content.decode()


def test_repeated_failed_logins_lock_the_account_until_reset(client, monkeypatch, settings):
    user, _ = create_therapist(monkeypatch, "sam")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sam", password="not-the-password")
    device = TOTPDevice.objects.get(user=user)
    response = sign_in(client, "sam", code=current_code(device))
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "axes_reset_username" in response.content.decode()
    assert "_auth_user_id" not in client.session

    call_command("axes_reset_username", "sam", stdout=io.StringIO())
    device.refresh_from_db()
    assert sign_in(client, "sam", code=current_code(device)).status_code == 302


def test_behind_a_proxy_the_lockout_counts_the_client_not_the_proxy(monkeypatch, settings):
    from django.test import Client

    settings.TRUSTED_PROXY_COUNT = 1
    user, _ = create_therapist(monkeypatch, "sam")
    attacker = Client(REMOTE_ADDR="127.0.0.1", headers={"x-forwarded-for": "203.0.113.5"})
    therapist = Client(REMOTE_ADDR="127.0.0.1", headers={"x-forwarded-for": "198.51.100.7"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "sam", password="not-the-password")
    device = TOTPDevice.objects.get(user=user)
    assert sign_in(attacker, "sam", code=current_code(device)).status_code == 429
    assert sign_in(therapist, "sam", code=current_code(device)).status_code == 302
