"""A client's subject access request: export everything held about them, and erase it."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, EmailDelivery, Enquiry, Status
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:bookings_enquiry_changelist"


@pytest.fixture
def client_history():
    """Jane's three enquiries (one by email only, one by phone only) and a stranger's."""
    first = make_enquiry(name="Jane Client", notes="Prefers mornings.")
    by_email = make_enquiry(name="Jane C", phone="", email="JANE@example.com")
    by_phone = make_enquiry(name="J Client", email="", phone="+447700900123", status=Status.BOOKED)
    Appointment.objects.create(enquiry=by_phone, starts_at=timezone.now(), address="1 Jane Street, York")
    EmailDelivery.objects.create(enquiry=by_email, kind="client", to="JANE@example.com", status="sent")
    stranger = make_enquiry(name="Stranger", email="other@example.com", phone="+447700900999")
    return first, by_email, by_phone, stranger


def test_export_gives_every_enquiry_of_the_client_and_no_one_else(client, therapist, client_history):
    first, by_email, by_phone, stranger = client_history
    response = client.post(
        reverse("admin:bookings_enquiry_change", args=[first.pk]),
        {"CHANGE_FORM-action": "export_client_data", "_selected_action": first.pk},
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="client-data-{first.reference}.json"'
    document = json.loads(response.content)
    found = {enquiry["reference"]: enquiry for enquiry in document["enquiries"]}
    assert set(found) == {first.reference, by_email.reference, by_phone.reference}
    assert found[first.reference]["therapist_notes"] == "Prefers mornings."
    assert found[by_phone.reference]["appointments"][0]["address"] == "1 Jane Street, York"
    assert found[by_email.reference]["emails"][0]["to"] == "JANE@example.com"
    assert "Stranger" not in response.content.decode()
    assert by_phone.events.filter(action="Subject access export", user=therapist).exists()


def test_erase_asks_first_and_changes_nothing_until_confirmed(client, therapist, client_history):
    first, by_email, by_phone, _ = client_history
    response = client.post(
        reverse(CHANGELIST), {"action": "erase_client_data", "_selected_action": [first.pk], "index": 0}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert all(e.reference in page for e in (first, by_email, by_phone))
    assert "Yes, erase" in page
    assert Enquiry.objects.filter(name="Jane Client").exists()


def test_erase_anonymises_the_client_everywhere_and_records_it(client, therapist, client_history):
    first, by_email, by_phone, stranger = client_history
    response = client.post(
        reverse(CHANGELIST),
        {"action": "erase_client_data", "_selected_action": [first.pk], "confirm_erase": "yes"},
        follow=True,
    )
    assert "Erased the client’s data from 3 enquiries" in response.content.decode()
    for enquiry in (first, by_email, by_phone):
        enquiry.refresh_from_db()
        assert enquiry.anonymised_at is not None
        assert (enquiry.name, enquiry.email, str(enquiry.phone or ""), enquiry.postcode) == ("(erased)", "", "", "")
        assert (enquiry.message, enquiry.notes, enquiry.visit_notes) == ("", "", "")
        assert enquiry.postcode_district == "YO24"  # counts still add up
        assert enquiry.status in (Status.DECLINED, Status.COMPLETED, Status.SPAM)
        assert enquiry.closed_at is not None
        assert enquiry.events.filter(action="Erased at the client's request", user=therapist).exists()
    assert Appointment.objects.get(enquiry=by_phone).address == ""
    assert EmailDelivery.objects.get(enquiry=by_email).to == ""
    stranger.refresh_from_db()
    assert stranger.name == "Stranger" and stranger.anonymised_at is None


def test_erase_from_the_change_page(client, therapist, client_history):
    first = client_history[0]
    url = reverse("admin:bookings_enquiry_change", args=[first.pk])
    confirm = client.post(url, {"CHANGE_FORM-action": "erase_client_data", "_selected_action": first.pk})
    assert 'name="CHANGE_FORM-action" value="erase_client_data"' in confirm.content.decode()
    client.post(url, {"CHANGE_FORM-action": "erase_client_data", "_selected_action": first.pk, "confirm_erase": "yes"})
    first.refresh_from_db()
    assert first.anonymised_at is not None
