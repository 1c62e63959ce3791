"""The worker's log names an email by its id, kind and enquiry reference, never by the
client's address: logs are kept outside the retention purge and erasure."""

import datetime
import logging

import pytest
import time_machine

from bookings.models import DeliveryStatus, EmailDelivery, EmailKind
from bookings.notifications import queue_enquiry_emails
from bookings.tasks import MAX_ATTEMPTS
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.booking_form import run_worker

pytestmark = pytest.mark.django_db

ADDRESS = "jane.private@example.com"


@pytest.fixture
def enquiry(settings):
    settings.THERAPIST_EMAIL = "therapist@example.co.uk"
    return make_enquiry(email=ADDRESS)


def logged(caplog):
    # The site's own log lines (the test SMTP server logs its side of the conversation too).
    return "\n".join(record.getMessage() for record in caplog.records if record.name.startswith("bookings"))


def test_a_sent_email_is_logged_without_the_address(enquiry, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="bookings")
    queue_enquiry_emails(enquiry)
    run_worker()
    assert len(smtp_server.to(ADDRESS)) == 1
    client_delivery = EmailDelivery.objects.get(kind=EmailKind.CLIENT)
    text = logged(caplog)
    assert f"Sent client email {client_delivery.pk} for {enquiry.reference}" in text
    assert ADDRESS not in text and "therapist@example.co.uk" not in text


def test_a_refused_address_is_retried_then_given_up_and_never_logged(enquiry, smtp_server, caplog):
    async def refuse_client(server, session, envelope, address, rcpt_options):
        if address == ADDRESS:
            return f"550 5.1.1 <{address}>: no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handler.handle_RCPT = refuse_client
    caplog.set_level(logging.INFO, logger="bookings")
    queue_enquiry_emails(enquiry)
    delivery = EmailDelivery.objects.get(kind=EmailKind.CLIENT)
    run_worker()
    delivery.refresh_from_db()
    for _ in range(MAX_ATTEMPTS - 1):  # each retry when it falls due; never more than the plan
        assert delivery.status == DeliveryStatus.QUEUED
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
            run_worker()
        delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert ADDRESS in delivery.last_error  # the admin shows the server's answer

    text = logged(caplog)
    assert f"Could not send client email {delivery.pk} for {enquiry.reference} (attempt 1)" in text
    assert f"Gave up on client email {delivery.pk} for {enquiry.reference}: SMTPRecipientsRefused" in text
    assert ADDRESS not in text
