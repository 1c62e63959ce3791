"""Helpers for the admin tests: enquiries as the site's form would save them, and real sign-ins."""

import io
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bookings.models import ContactMethod, Enquiry, Treatment

PASSWORD = "a-long-test-password-for-the-desk"


def make_enquiry(*, received=None, **fields):
    values = {
        "name": "Jane Client",
        "contact_method": ContactMethod.PHONE,
        "phone": "+447700900123",
        "email": "jane@example.com",
        "postcode": "YO24 1AB",
        "postcode_district": "YO24",
        "treatment": Treatment.objects.order_by("position").first(),
        "message": "Lower back pain since the weekend.",
        "preferred_days": ["weekday"],
        "preferred_times": ["morning"],
        "consented_at": timezone.now(),
    }
    values.update(fields)
    enquiry = Enquiry(**values)
    enquiry.save_new()  # draws another reference on a clash, as the site does: tests make 40 at a time
    if received is not None:
        Enquiry.objects.filter(pk=enquiry.pk).update(created_at=received)
        enquiry.refresh_from_db()
    return enquiry


def create_therapist(monkeypatch, username="sam", *args):
    """Runs `manage.py create_therapist` as the README says; returns the user and what it printed."""
    monkeypatch.setenv("THERAPIST_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("create_therapist", username, "--noinput", *args, stdout=out)
    device = TOTPDevice.objects.get(user__username=username)
    return device.user, out.getvalue()


def current_code(device):
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def backup_codes(printed):
    return re.findall(r"^   ([a-z2-7]{8})$", printed, flags=re.MULTILINE)


def sign_in(client, username, password=PASSWORD, code=None):
    """Signs in through the admin login page (axes and the 2FA form see a real request)."""
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(reverse("admin:login"), data)


def signed_in_therapist(client, monkeypatch, username="sam"):
    user, _ = create_therapist(monkeypatch, username)
    response = sign_in(client, username, code=current_code(TOTPDevice.objects.get(user=user)))
    assert response.status_code == 302, response.content.decode()
    return user
