"""How long clients' data is kept, and how it goes.

- The purge deletes enquiries closed more than RETENTION_MONTHS ago (the privacy page
  promises this). `manage.py purge_enquiries` runs it; the worker runs it daily.
- Erasure (a client's request) anonymises at once: the contact details and free text go,
  the reference, dates, treatment and district stay (counts still add up), emails not yet
  sent are cancelled, and the history records who erased it and when.
"""

import datetime
import logging

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from bookings.models import (
    CLOSED_STATUSES,
    Appointment,
    DeliveryStatus,
    EmailDelivery,
    Enquiry,
    EnquiryQuerySet,
    Status,
)
from bookings.months import add_months
from bookings.spam import purge_rate_counts
from bookings.workflow import change_status, record

ERASED_NAME = "(erased)"
CANCELLED_BY_ERASURE = "Cancelled: the client's data was erased"
PURGE_EVERY = datetime.timedelta(days=1)

logger = logging.getLogger(__name__)


def retention_cutoff(now=None) -> datetime.datetime:
    return add_months(now or timezone.now(), -settings.RETENTION_MONTHS)


def expired_enquiries(now=None) -> EnquiryQuerySet:
    return Enquiry.objects.closed_before(retention_cutoff(now)).order_by("closed_at")


def purge_expired_enquiries(now=None, dry_run=False) -> list[str]:
    """Deletes enquiries closed before the retention cutoff. Returns their references."""
    with transaction.atomic():
        expired = expired_enquiries(now)
        references = list(expired.values_list("reference", flat=True))
        if not dry_run and references:
            Enquiry.objects.filter(reference__in=references).delete()
    return references


TASK_RESULTS_KEPT_DAYS = 30


class DailyPurge:
    """The worker's retention job (run_worker's housekeeping loop): purges expired enquiries
    and finished task-queue rows when the worker starts, then once a day. Several workers
    purging is harmless: the purge is idempotent."""

    def __init__(self) -> None:
        self.last_run = None

    def __call__(self) -> list[str]:
        # The wall clock, not time.monotonic(): "once a day" is a date's business, and a clock
        # set back makes the next purge come early (harmless) rather than never.
        now = timezone.now()
        if self.last_run is not None and datetime.timedelta(0) <= now - self.last_run < PURGE_EVERY:
            return []
        references = purge_expired_enquiries()
        purge_rate_counts()
        # Finished queue rows hold only delivery ids; the EmailDelivery rows keep the history.
        call_command("prune_db_task_results", min_age_days=TASK_RESULTS_KEPT_DAYS, verbosity=0)
        self.last_run = now
        if references:
            logger.info(
                "Retention: deleted %d enquiries closed more than %d months ago: %s",
                len(references),
                settings.RETENTION_MONTHS,
                ", ".join(references),
            )
        return references


def erase_client(enquiries, user) -> int:
    """Anonymises each enquiry, closes it if open, and records the erasure. Returns the count."""
    erased = 0
    now = timezone.now()
    for enquiry in enquiries:
        if enquiry.anonymised_at:
            continue
        with transaction.atomic():
            if enquiry.status not in CLOSED_STATUSES:
                change_status(enquiry, Status.DECLINED, user, action="Closed: the client asked to be erased")
            enquiry.name = ERASED_NAME
            enquiry.phone = ""
            enquiry.email = ""
            enquiry.preferred_days = []
            enquiry.preferred_times = []
            enquiry.availability_note = ""
            enquiry.postcode = ""
            enquiry.visit_notes = ""
            enquiry.message = ""
            enquiry.notes = ""
            enquiry.form_token = None
            enquiry.preferred_days, enquiry.preferred_times, enquiry.availability_note = [], [], ""
            enquiry.follow_up_on = None
            enquiry.anonymised_at = now
            enquiry.save()
            Appointment.objects.filter(enquiry=enquiry).update(address="")
            deliveries = EmailDelivery.objects.filter(enquiry=enquiry)
            deliveries.update(to="", last_error="")
            # Unsent emails are cancelled: with no address left the worker would retry them for
            # a day and more. A queued one's task then finds it no longer queued and stops.
            deliveries.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]).update(
                status=DeliveryStatus.FAILED, next_attempt_at=None, last_error=CANCELLED_BY_ERASURE
            )
            record(enquiry, user, "Erased at the client's request")
        erased += 1
    return erased
