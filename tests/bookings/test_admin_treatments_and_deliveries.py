"""The therapist edits treatments, and sees (but cannot alter) the visits booked and how each email went."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, DeliveryStatus, EmailDelivery, Treatment
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db


def test_therapist_edits_a_treatment_and_its_prices(client, therapist):
    treatment = Treatment.objects.get(slug="sports-massage")
    sixty = treatment.options.get(duration_minutes=60)
    response = client.post(
        reverse("admin:bookings_treatment_change", args=[treatment.pk]),
        {
            "name": treatment.name,
            "slug": treatment.slug,
            "summary": "Firm, targeted work.",
            "description": treatment.description,
            "position": 5,
            "is_active": "",
            "options-TOTAL_FORMS": "2",
            "options-INITIAL_FORMS": "1",
            "options-MIN_NUM_FORMS": "1",
            "options-MAX_NUM_FORMS": "1000",
            "options-0-id": sixty.pk,
            "options-0-treatment": treatment.pk,
            "options-0-duration_minutes": "60",
            "options-0-price": "50",
            "options-0-DELETE": "",
            "options-1-treatment": treatment.pk,
            "options-1-duration_minutes": "30",
            "options-1-price": "35",
        },
    )
    assert response.status_code == 302, response.content.decode()
    treatment.refresh_from_db()
    assert (treatment.summary, treatment.position, treatment.is_active) == ("Firm, targeted work.", 5, False)
    prices = {option.duration_minutes: option.price for option in treatment.options.all()}
    assert prices == {30: 35, 60: 50, 90: treatment.options.get(duration_minutes=90).price}


def test_therapist_cannot_delete_a_treatment_enquiries_point_at(client, therapist):
    treatment = Treatment.objects.get(slug="sports-massage")
    assert client.get(reverse("admin:bookings_treatment_delete", args=[treatment.pk])).status_code == 403


def test_email_deliveries_are_visible_and_read_only(client, therapist):
    enquiry = make_enquiry()
    delivery = EmailDelivery.objects.create(
        enquiry=enquiry,
        kind="client",
        to="jane@example.com",
        status=DeliveryStatus.FAILED,
        last_error="550 no such user",
    )
    listing = client.get(reverse("admin:bookings_emaildelivery_changelist"), {"status__exact": "failed"})
    assert "jane@example.com" in listing.content.decode()
    page = client.get(reverse("admin:bookings_emaildelivery_change", args=[delivery.pk]))
    assert "550 no such user" in page.content.decode()
    assert 'name="status"' not in page.content.decode()
    client.post(reverse("admin:bookings_emaildelivery_change", args=[delivery.pk]), {"status": "sent"})
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED


def test_enquiries_cannot_be_deleted_in_admin(client, therapist):
    enquiry = make_enquiry()
    assert client.get(reverse("admin:bookings_enquiry_delete", args=[enquiry.pk])).status_code == 403


def test_upcoming_visits_are_listed_in_uk_time(client, therapist):
    enquiry = make_enquiry(name="Visit Client")
    soon = timezone.now() + datetime.timedelta(days=2)
    Appointment.objects.create(enquiry=enquiry, starts_at=soon, address="1 Jane Street")
    Appointment.objects.create(enquiry=enquiry, starts_at=timezone.now() - datetime.timedelta(days=30), address="Old")
    page = client.get(reverse("admin:bookings_appointment_changelist"), {"when": "upcoming"}).content.decode()
    assert timezone.localtime(soon).strftime("%a %-d %b %Y, %H:%M") in page
    soup = BeautifulSoup(page, "html.parser")
    assert [cell.get_text() for cell in soup.select("#result_list .field-client")] == ["Visit Client"]
