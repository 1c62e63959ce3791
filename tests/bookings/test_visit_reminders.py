"""Visit reminders: REMINDER_HOURS_BEFORE before each visit, queued by the worker's
housekeeping, never for a cancelled or moved-away time, none when booked too late, at most one
per visit time, including when a worker is killed mid-send."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.models import Appointment, DeliveryStatus, EmailDelivery, EmailKind
from bookings.notifications import queue_due_reminders
from bookings.tasks import STALLED_AFTER, requeue_stalled
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.booking_form import run_worker

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def visit_in(hours, *, set_hours_ago=48, **fields):
    enquiry = make_enquiry(email="jane@example.com")
    now = timezone.now()
    return Appointment.objects.create(
        enquiry=enquiry,
        starts_at=now + hours * HOUR,
        address="1 Jane Street\nYork YO24 1AB",
        price=Decimal("55.00"),
        time_set_at=now - set_hours_ago * HOUR,
        **fields,
    )


def reminders():
    return EmailDelivery.objects.filter(kind=EmailKind.REMINDER)


def test_a_reminder_goes_out_with_time_address_preparation_price_and_how_to_change(smtp_server, settings):
    settings.REMINDER_HOURS_BEFORE = 24
    visit = visit_in(23)
    call_command("requeue_emails")  # the worker's housekeeping pass
    run_worker()
    [message] = smtp_server.wait_for(1)
    assert message["X-Envelope-Rcpt"] == "jane@example.com"
    body = message.get_body(("plain",)).get_content()
    local = timezone.localtime(visit.starts_at)
    assert f"{local:%a} {local.day} {local:%b %Y, %H:%M}" in body
    assert "1 Jane Street" in body and "£55.00" in body
    assert settings.VISIT_PREPARATION in body
    assert f"call or text {settings.PRACTICE_PHONE}" in body
    assert reminders().get().status == DeliveryStatus.SENT


@pytest.mark.parametrize("hours_before", [24, 2])
def test_the_reminder_waits_for_its_time(settings, hours_before):
    settings.REMINDER_HOURS_BEFORE = hours_before
    visit_in(hours_before + 1)
    assert queue_due_reminders() == 0
    visit_in(hours_before - 0.5)
    assert queue_due_reminders() == 1


def test_no_reminder_for_a_visit_booked_after_its_reminder_time(settings):
    settings.REMINDER_HOURS_BEFORE = 24
    visit_in(5, set_hours_ago=0)  # booked this morning for this afternoon
    assert queue_due_reminders() == 0


def test_no_reminder_for_a_cancelled_visit_a_past_one_or_a_client_without_email(settings):
    settings.REMINDER_HOURS_BEFORE = 24
    visit_in(10, cancelled_at=timezone.now())
    visit_in(-1)
    no_email = visit_in(10)
    no_email.enquiry.email = ""
    no_email.enquiry.save()
    assert queue_due_reminders() == 0


def test_one_reminder_per_visit_time_however_often_housekeeping_runs(settings):
    settings.REMINDER_HOURS_BEFORE = 24
    visit = visit_in(10)
    assert queue_due_reminders() == 1
    assert queue_due_reminders() == 0
    # A second housekeeper racing the first: the unique constraint refuses the duplicate.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EmailDelivery.objects.create(
            enquiry=visit.enquiry,
            appointment=visit,
            kind=EmailKind.REMINDER,
            to="x@example.com",
            visit_starts_at=visit.starts_at,
        )
    assert reminders().count() == 1


def test_a_moved_visit_gets_a_reminder_for_its_new_time_and_none_for_the_old(settings, smtp_server):
    settings.REMINDER_HOURS_BEFORE = 24
    visit = visit_in(10)
    assert queue_due_reminders() == 1  # queued for the old time, not yet sent
    visit.starts_at += 30 * HOUR  # moved to the day after, well ahead of its reminder time
    visit.time_set_at = timezone.now()
    visit.save()
    run_worker()
    assert smtp_server.messages == []  # the old time's reminder is not sent
    old = reminders().get()
    assert old.status == DeliveryStatus.FAILED
    assert not EmailDelivery.objects.failed().exists()  # not shown as a failed email
    assert queue_due_reminders() == 0  # the new time's reminder is not due yet
    assert queue_due_reminders(now=timezone.now() + 20 * HOUR) == 1


def test_a_cancelled_visit_loses_its_queued_reminder(settings, smtp_server):
    settings.REMINDER_HOURS_BEFORE = 24
    visit = visit_in(10)
    queue_due_reminders()
    Appointment.objects.filter(pk=visit.pk).update(cancelled_at=timezone.now())
    run_worker()
    assert smtp_server.messages == []


def test_a_reminder_a_killed_worker_left_sending_is_never_sent_again(settings, smtp_server):
    """At most once: the killed worker may have handed it to the SMTP server already."""
    settings.REMINDER_HOURS_BEFORE = 24
    visit_in(10)
    queue_due_reminders()
    # What a worker killed between claiming the reminder and marking it sent leaves behind.
    reminders().update(status=DeliveryStatus.SENDING, claimed_at=timezone.now() - STALLED_AFTER - HOUR, attempts=1)
    assert requeue_stalled() == (0, 0)
    run_worker()
    assert smtp_server.messages == []
    assert reminders().get().status == DeliveryStatus.FAILED
    assert queue_due_reminders() == 0  # and housekeeping doesn't queue another for that time
