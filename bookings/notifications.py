"""The booking emails, queued. Called from one place each (the booking view, the admin),
never from signals. Each function creates EmailDelivery rows and enqueues their tasks in
the caller's transaction: the task queue is a table in the same database
(django_tasks_db), so the enquiry, its deliveries and their tasks commit together or not
at all. No email is lost between a commit and an ``on_commit`` hook, and none is sent for
an enquiry that was rolled back. The web request itself never talks to SMTP.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from bookings.models import Appointment, EmailDelivery, EmailKind
from bookings.tasks import enqueue_deliveries, enqueue_delivery


def _queue(enquiry, recipients, appointment=None) -> list[EmailDelivery]:
    # savepoint=False: inside the caller's transaction this adds no SAVEPOINT round trips
    # (an error rolls back the whole transaction, which is what the callers want).
    with transaction.atomic(savepoint=False):
        deliveries = EmailDelivery.objects.bulk_create(
            [EmailDelivery(enquiry=enquiry, appointment=appointment, kind=kind, to=to) for kind, to in recipients]
        )
        enqueue_deliveries([delivery.pk for delivery in deliveries])
    return deliveries


def may_confirm_to(enquiry) -> bool:
    """A confirmation goes to an address nobody has verified: at most
    BOOKING_CONFIRMATIONS_PER_ADDRESS in 24 hours, so the form can't be used to flood a stranger."""
    if not enquiry.email:
        return False
    since = timezone.now() - datetime.timedelta(days=1)
    sent = EmailDelivery.objects.confirmations_to(enquiry.email, since)
    return not sent.has_at_least(settings.BOOKING_CONFIRMATIONS_PER_ADDRESS)


def enquiry_recipients(enquiry) -> list[tuple[str, str]]:
    """(kind, address) of a new enquiry's emails: the therapist's notification, always (a
    suspected one says "Possible spam" in its subject), and the client's confirmation when
    they gave an email address, the enquiry is not suspected spam (held back until the
    therapist says it isn't) and the address has not had its day's confirmations."""
    recipients = [(EmailKind.THERAPIST, settings.THERAPIST_EMAIL)]
    if not enquiry.is_suspected_spam and may_confirm_to(enquiry):
        recipients.append((EmailKind.CLIENT, enquiry.email))
    return recipients


def queue_enquiry_emails(enquiry, recipients: list[tuple[str, str]] | None = None) -> list[EmailDelivery]:
    """Queues a new enquiry's emails to ``recipients`` (``enquiry_recipients`` when not given:
    the booking view reads them before its transaction, so the read waits for no lock). The
    thank-you page tells the client an email is coming only when a confirmation row exists."""
    return _queue(enquiry, enquiry_recipients(enquiry) if recipients is None else recipients)


def queue_client_confirmation(enquiry) -> EmailDelivery | None:
    """The client's confirmation on its own, e.g. once the therapist has said a suspected
    enquiry is not spam. None when there is no address or it has had its day's confirmations."""
    if not may_confirm_to(enquiry):
        return None
    [delivery] = _queue(enquiry, [(EmailKind.CLIENT, enquiry.email)])
    return delivery


def resend_enquiry_emails(enquiry) -> list[EmailDelivery]:
    """Fresh deliveries of both emails (the admin's "resend notifications"), the client's
    whenever there is an address: the therapist asked for it."""
    recipients = [(EmailKind.THERAPIST, settings.THERAPIST_EMAIL)]
    if enquiry.email:
        recipients.append((EmailKind.CLIENT, enquiry.email))
    return _queue(enquiry, recipients)


def queue_booking_confirmation(appointment) -> EmailDelivery | None:
    """The client's booking confirmation with the visit as an .ics file. None when the
    client gave no email address (the therapist confirms by phone)."""
    enquiry = appointment.enquiry
    if not enquiry.email:
        return None
    [delivery] = _queue(enquiry, [(EmailKind.BOOKING, enquiry.email)], appointment=appointment)
    return delivery


def queue_visit_update(appointment) -> EmailDelivery | None:
    """The client's updated calendar invitation after a change, or its cancellation. None when
    the client gave no email address, or the visit is over."""
    enquiry = appointment.enquiry
    if not enquiry.email or appointment.starts_at < timezone.now():
        return None
    kind = EmailKind.VISIT_CANCELLED if appointment.cancelled_at else EmailKind.VISIT_CHANGED
    [delivery] = _queue(enquiry, [(kind, enquiry.email)], appointment=appointment)
    return delivery


def visits_due_a_reminder(now=None) -> QuerySet[Appointment]:
    """Visits whose reminder time (REMINDER_HOURS_BEFORE before the start) has come, not yet
    started, not cancelled, for a client with an email, whose time was set before that moment,
    and without a reminder for their current time."""
    now = now or timezone.now()
    before = datetime.timedelta(hours=settings.REMINDER_HOURS_BEFORE)
    reminded = EmailDelivery.objects.filter(
        appointment=OuterRef("pk"), kind=EmailKind.REMINDER, visit_starts_at=OuterRef("starts_at")
    )
    return (
        Appointment.objects.filter(cancelled_at__isnull=True, starts_at__gt=now, starts_at__lte=now + before)
        .filter(time_set_at__lte=F("starts_at") - before)
        .exclude(enquiry__email="")
        .filter(enquiry__anonymised_at__isnull=True)
        .exclude(Exists(reminded))
        .select_related("enquiry")
    )


def queue_due_reminders(now=None) -> int:
    """Queues each due reminder once. The unique constraint (visit, visit time) keeps it to one
    even when two housekeepers race; the loser's insert is rolled back. Returns how many."""
    queued = 0
    for appointment in visits_due_a_reminder(now):
        try:
            with transaction.atomic():
                delivery = EmailDelivery.objects.create(
                    enquiry=appointment.enquiry,
                    appointment=appointment,
                    kind=EmailKind.REMINDER,
                    to=appointment.enquiry.email,
                    visit_starts_at=appointment.starts_at,
                )
                enqueue_delivery(delivery.pk)
        except IntegrityError:
            continue
        queued += 1
    return queued
