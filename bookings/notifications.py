"""The booking emails, queued. Called from one place each (the booking view, the admin),
never from signals. Each function creates EmailDelivery rows and enqueues their tasks in
the caller's transaction: the task queue is a table in the same database
(django_tasks_db), so the enquiry, its deliveries and their tasks commit together or not
at all. No email is lost between a commit and an ``on_commit`` hook, and none is sent for
an enquiry that was rolled back. The web request itself never talks to SMTP.
"""

from django.conf import settings
from django.db import transaction

from bookings.models import EmailDelivery, EmailKind
from bookings.tasks import enqueue_delivery


def _queue(enquiry, recipients, appointment=None):
    # savepoint=False: inside the caller's transaction this adds no SAVEPOINT round trips
    # (an error rolls back the whole transaction, which is what the callers want).
    with transaction.atomic(savepoint=False):
        deliveries = EmailDelivery.objects.bulk_create(
            [EmailDelivery(enquiry=enquiry, appointment=appointment, kind=kind, to=to) for kind, to in recipients]
        )
        for delivery in deliveries:
            enqueue_delivery(delivery.pk)
    return deliveries


def _enquiry_recipients(enquiry):
    recipients = [(EmailKind.THERAPIST, settings.THERAPIST_EMAIL)]
    if enquiry.email:
        recipients.append((EmailKind.CLIENT, enquiry.email))
    return recipients


def queue_enquiry_emails(enquiry):
    """The therapist's notification and, when the client gave an email, their confirmation.
    Suspected spam gets none: it waits in the admin for the therapist to look at."""
    if enquiry.is_suspected_spam:
        return []
    return _queue(enquiry, _enquiry_recipients(enquiry))


def resend_enquiry_emails(enquiry):
    """Fresh deliveries of both emails (the admin's "resend notifications")."""
    return _queue(enquiry, _enquiry_recipients(enquiry))


def queue_booking_confirmation(appointment):
    """The client's booking confirmation with the visit as an .ics file. None when the
    client gave no email address (the therapist confirms by phone)."""
    enquiry = appointment.enquiry
    if not enquiry.email:
        return None
    [delivery] = _queue(enquiry, [(EmailKind.BOOKING, enquiry.email)], appointment=appointment)
    return delivery
