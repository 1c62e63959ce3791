"""The therapist's steps on an enquiry, each recorded in its history (EnquiryEvent).

Admin actions and views call these; nothing else changes an enquiry's status.
"""

from django.db import transaction
from django.utils import timezone

from bookings import notifications
from bookings.models import CLOSED_STATUSES, Appointment, EnquiryEvent, Status


def change_status(enquiry, to_status, user, action="Status changed"):
    """Moves the enquiry to `to_status` and records it. Returns False if it was already there.

    Closing (completed, declined, spam) stamps closed_at, which the retention purge counts
    from; reopening clears it.
    """
    from_status = enquiry.status
    if from_status == to_status:
        return False
    enquiry.status = to_status
    if to_status in CLOSED_STATUSES:
        enquiry.closed_at = enquiry.closed_at if from_status in CLOSED_STATUSES else timezone.now()
    else:
        enquiry.closed_at = None
    with transaction.atomic():
        enquiry.save(update_fields=["status", "closed_at"])
        record(enquiry, user, action, from_status=from_status, to_status=to_status)
    return True


def record(enquiry, user, action, from_status="", to_status=""):
    return EnquiryEvent.objects.create(
        enquiry=enquiry, user=user, action=action, from_status=from_status, to_status=to_status
    )


def resend_notifications(enquiry, user):
    with transaction.atomic():
        notifications.resend_enquiry_emails(enquiry)
        record(enquiry, user, "Notifications resent")


def book_visit(enquiry, user, *, starts_at, duration_minutes, address):
    """Creates the appointment, marks the enquiry booked and queues the client's confirmation."""
    with transaction.atomic():
        appointment = Appointment.objects.create(
            enquiry=enquiry,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            address=address,
            created_by=user,
        )
        local = timezone.localtime(starts_at)
        record(enquiry, user, f"Visit booked for {local:%a %-d %b %Y %H:%M}")
        change_status(enquiry, Status.BOOKED, user)
        notifications.queue_booking_confirmation(appointment)
    return appointment
