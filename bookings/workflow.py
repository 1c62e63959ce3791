"""The therapist's steps on an enquiry and its visits, each recorded in its history (EnquiryEvent).

The rules of which step may be taken from which state live here, in STEPS, and nowhere else:
the enquiry page's buttons, the list's actions and the tests all ask ``allowed_steps``.

    new → contacted → booked → completed, or declined / spam at any open step

Admin actions and views call these functions; nothing else changes an enquiry's status.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bookings import notifications
from bookings.dates import desk_datetime
from bookings.models import CLOSED_STATUSES, Appointment, Enquiry, EnquiryEvent, Status


@dataclass(frozen=True)
class Step:
    name: str  # the admin action's name
    label: str
    to_status: str
    from_statuses: frozenset
    done: str  # what the message says afterwards
    # Shown as a quieter button: a step that closes or reverses rather than moves on.
    secondary: bool = False


STEPS = {
    step.name: step
    for step in [
        Step("mark_contacted", "Mark contacted", Status.CONTACTED, frozenset({Status.NEW}), "marked contacted"),
        Step("mark_completed", "Mark completed", Status.COMPLETED, frozenset({Status.BOOKED}), "marked completed"),
        Step(
            "mark_declined",
            "Mark declined",
            Status.DECLINED,
            frozenset({Status.NEW, Status.CONTACTED, Status.BOOKED}),
            "marked declined",
            secondary=True,
        ),
        Step(
            "mark_spam",
            "Mark spam",
            Status.SPAM,
            frozenset({Status.NEW, Status.CONTACTED}),
            "marked spam",
            secondary=True,
        ),
        Step(
            "mark_not_spam",
            "Not spam",
            Status.NEW,
            frozenset({Status.SPAM, Status.NEW}),
            "not spam: back to new, emails on their way",
        ),
        Step("reopen", "Reopen", Status.CONTACTED, frozenset({Status.DECLINED}), "reopened", secondary=True),
    ]
}
# Booking a visit (its own page, not a one-click step) is allowed from these states.
RECORD_BATCH = 1000
BOOKABLE_STATUSES = frozenset({Status.NEW, Status.CONTACTED, Status.BOOKED})


def has_past_visit(enquiry) -> bool:
    return enquiry.appointments.filter(cancelled_at__isnull=True, starts_at__lte=timezone.now()).exists()


def is_allowed(enquiry, step_name: str) -> bool:
    """Whether the step may be taken on the enquiry as it is now."""
    step = STEPS[step_name]
    if enquiry.status not in step.from_statuses or enquiry.anonymised_at:
        return False
    if step_name == "mark_not_spam":
        # From "spam", or a new enquiry the site held back as suspected spam.
        return enquiry.status == Status.SPAM or enquiry.is_suspected_spam
    if step_name == "mark_completed":
        return has_past_visit(enquiry)  # after the visit, not before
    return True


def allowed_steps(enquiry) -> list[Step]:
    return [step for name, step in STEPS.items() if is_allowed(enquiry, name)]


def can_book(enquiry) -> bool:
    return enquiry.status in BOOKABLE_STATUSES and not enquiry.anonymised_at


def take_step(enquiry, step_name: str, user) -> bool:
    """Takes the step if the rules allow it now; returns whether it was taken."""
    if not is_allowed(enquiry, step_name):
        return False
    if step_name == "mark_not_spam":
        return mark_not_spam(enquiry, user)
    return change_status(enquiry, STEPS[step_name].to_status, user, action=STEPS[step_name].label)


def change_status(enquiry, to_status, user, action="Status changed") -> bool:
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


def mark_not_spam(enquiry, user) -> bool:
    """Back to new; the emails the site held back for suspected spam are queued now."""
    held_back = enquiry.is_suspected_spam
    with transaction.atomic():
        enquiry.is_suspected_spam = False
        enquiry.save(update_fields=["is_suspected_spam"])
        if not change_status(enquiry, Status.NEW, user, action="Not spam"):
            record(enquiry, user, "Not spam")
        if held_back and enquiry.email:
            # The therapist was told when it arrived; only the client's confirmation was held back.
            notifications.queue_client_confirmation(enquiry)
    return True


def record(enquiry, user, action, from_status="", to_status="") -> EnquiryEvent:
    return EnquiryEvent.objects.create(
        enquiry=enquiry, user=user, action=action[:100], from_status=from_status, to_status=to_status
    )


def record_each(enquiries, user, action) -> None:
    """Records the same action in the history of every enquiry of a queryset, in batches (an
    export of 100,000 enquiries holds one batch of ids in memory, not every enquiry)."""
    batch = []
    for enquiry_id in enquiries.values_list("pk", flat=True).iterator(chunk_size=RECORD_BATCH):
        batch.append(EnquiryEvent(enquiry_id=enquiry_id, user=user, action=action[:100]))
        if len(batch) == RECORD_BATCH:
            EnquiryEvent.objects.bulk_create(batch)
            batch = []
    EnquiryEvent.objects.bulk_create(batch)


def resend_notifications(enquiry, user) -> None:
    with transaction.atomic():
        notifications.resend_enquiry_emails(enquiry)
        record(enquiry, user, "Notifications resent")


def add_enquiry_by_hand(enquiry, user) -> Enquiry:
    """Saves an enquiry the therapist typed in from a call, a text or an email. No emails."""
    with transaction.atomic():
        enquiry.save_new()
        record(enquiry, user, f"Added by hand ({enquiry.get_source_display().lower()})")
    return enquiry


def book_visit(
    enquiry, user, *, starts_at, duration_minutes, address, treatment_option=None, price=None
) -> Appointment:
    """Creates the visit, marks the enquiry booked and queues the client's confirmation."""
    with transaction.atomic():
        appointment = Appointment.objects.create(
            enquiry=enquiry,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            address=address,
            treatment_option=treatment_option,
            price=price,
            created_by=user,
        )
        record(enquiry, user, f"Visit booked for {desk_datetime(starts_at)}")
        change_status(enquiry, Status.BOOKED, user)
        notifications.queue_booking_confirmation(appointment)
    return appointment


VISIT_FIELDS = ["starts_at", "duration_minutes", "address", "treatment_option", "price"]


def change_visit(appointment, user, **changes) -> bool:
    """Changes the visit's time or details. The client (with an email) gets the updated
    calendar event: same UID, higher SEQUENCE. Returns False when nothing changed."""
    changed = [name for name in VISIT_FIELDS if name in changes and getattr(appointment, name) != changes[name]]
    if not changed or appointment.cancelled_at:
        return False
    old_start = appointment.starts_at
    for name in changed:
        setattr(appointment, name, changes[name])
    if "starts_at" in changed:
        appointment.time_set_at = timezone.now()
    appointment.sequence += 1
    with transaction.atomic():
        appointment.save()
        if "starts_at" in changed:
            action = f"Visit moved from {desk_datetime(old_start)} to {desk_datetime(appointment.starts_at)}"
        else:
            action = f"Visit on {desk_datetime(appointment.starts_at)} changed ({', '.join(_labels(changed))})"
        record(appointment.enquiry, user, action)
        notifications.queue_visit_update(appointment)
    return True


def cancel_visit(appointment, user, reason: str) -> bool:
    """Cancels the visit; the client's calendar gets METHOD:CANCEL. An enquiry left with no
    visit to come goes back to "contacted"."""
    if appointment.cancelled_at:
        return False
    appointment.cancelled_at = timezone.now()
    appointment.cancel_reason = reason
    appointment.sequence += 1
    enquiry = appointment.enquiry
    with transaction.atomic():
        appointment.save()
        record(enquiry, user, f"Visit on {desk_datetime(appointment.starts_at)} cancelled: {reason}")
        notifications.queue_visit_update(appointment)
        others = enquiry.appointments.filter(cancelled_at__isnull=True).exclude(pk=appointment.pk)
        if enquiry.status == Status.BOOKED and not others.exists():
            change_status(enquiry, Status.CONTACTED, user, action="Back to contacted: the visit was cancelled")
    return True


def _labels(names) -> list[str]:
    return [Appointment._meta.get_field(name).verbose_name for name in names]


def reminder_due_at(appointment, hours: int) -> datetime.datetime:
    return appointment.starts_at - datetime.timedelta(hours=hours)
