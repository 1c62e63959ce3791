"""Erasing a client cancels their unsent emails, and the desk doesn't count them as failures."""

import datetime
import smtplib
from unittest import mock

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings import retention
from bookings.models import DeliveryStatus, EmailDelivery, Enquiry, Status
from bookings.notifications import queue_enquiry_emails
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.booking_form import run_worker

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:bookings_enquiry_changelist"
CANCELLED = "Cancelled: the client's data was erased"


def erase(client, enquiry):
    client.post(
        reverse(CHANGELIST), {"action": "erase_client_data", "_selected_action": [enquiry.pk], "confirm_erase": "yes"}
    )


def failed_count_and_list(client):
    """How many failed emails the desk home lists, and the enquiries the list's "failed" filter shows."""
    index = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    shown = index.select("section[aria-labelledby=desk-failed] li")
    listed = client.get(reverse("admin:bookings_enquiry_changelist"), {"delivery": "failed"})
    references = {cell.get_text() for cell in BeautifulSoup(listed.content, "html.parser").select(".field-reference")}
    return len(shown), references


def test_erasing_a_client_cancels_their_queued_emails_and_none_is_sent(client, therapist, smtp_server):
    enquiry = make_enquiry()
    queue_enquiry_emails(enquiry)
    sent_before = EmailDelivery.objects.create(
        enquiry=enquiry,
        kind="client",
        to="jane@example.com",
        status="sent",
        attempts=2,
        last_error="SMTPRecipientsRefused: {'jane@example.com': (450, b'mailbox busy')}",  # the first try's
    )
    erase(client, enquiry)

    unsent = EmailDelivery.objects.exclude(pk=sent_before.pk)
    assert unsent.count() == 2
    for delivery in unsent:
        assert (delivery.status, delivery.to, delivery.last_error) == (DeliveryStatus.FAILED, "", CANCELLED)
        assert delivery.next_attempt_at is None
    sent_before.refresh_from_db()
    assert (sent_before.status, sent_before.to, sent_before.last_error) == (DeliveryStatus.SENT, "", "")

    run_worker()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        run_worker()
    assert smtp_server.messages == []
    assert all(d.attempts == 0 and d.status == DeliveryStatus.FAILED for d in unsent)


def test_cancelled_emails_are_not_counted_or_listed_as_failed(client, therapist):
    erased = make_enquiry(name="To be erased")
    queue_enquiry_emails(erased)
    really_failed = make_enquiry(name="Bounced", email="other@example.com", phone="+447700900999")
    EmailDelivery.objects.create(
        enquiry=really_failed, kind="client", to="other@example.com", status=DeliveryStatus.FAILED
    )
    erase(client, erased)
    assert EmailDelivery.objects.filter(enquiry=erased, status=DeliveryStatus.FAILED).count() == 2

    assert failed_count_and_list(client) == (1, {really_failed.reference})
    listed = BeautifulSoup(client.get(reverse(CHANGELIST)).content, "html.parser")
    states = {
        row.select_one(".field-reference").get_text(): row.select_one(".field-email_state").get_text()
        for row in listed.select("#result_list tbody tr")
    }
    assert states[really_failed.reference] == "Email failed"
    assert states[erased.reference] != "Email failed"


def test_an_email_failing_while_its_client_is_erased_is_not_retried(client, smtp_server):
    enquiry = make_enquiry(email="")
    [delivery] = queue_enquiry_emails(enquiry)

    def erased_mid_send(delivery):
        retention.erase_client([Enquiry.objects.get(pk=enquiry.pk)], None)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with mock.patch("bookings.tasks.build_message", side_effect=erased_mid_send):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error, delivery.next_attempt_at) == (DeliveryStatus.FAILED, CANCELLED, None)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        run_worker()
    assert smtp_server.messages == []
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_the_purge_deletes_an_enquirys_emails_with_it(settings):
    settings.RETENTION_MONTHS = 24
    expired = make_enquiry(status=Status.COMPLETED, closed_at=timezone.now() - datetime.timedelta(days=800))
    queue_enquiry_emails(expired)
    EmailDelivery.objects.create(enquiry=expired, kind="client", to="jane@example.com", status="sent")
    kept = make_enquiry(email="other@example.com")
    queue_enquiry_emails(kept)

    assert retention.purge_expired_enquiries() == [expired.reference]
    assert set(EmailDelivery.objects.values_list("enquiry_id", flat=True)) == {kept.pk}
