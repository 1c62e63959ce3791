"""Sending email in the background, from the EmailDelivery outbox.

The rules, in one place:
- A delivery row is claimed with a conditional update (queued → sending) before anything is
  sent, so two workers, a retry and a housekeeping re-enqueue can never send it twice.
- A failed send goes back to "queued" with ``next_attempt_at`` after RETRY_DELAYS (30 s first,
  then growing to 8 h: about 30 hours in all), with a deferred task for that moment, in one
  transaction. After the last try it is "failed" and stays in the admin for the therapist.
- ``requeue_stalled`` (run by the worker every minute) puts back deliveries left "sending"
  by a worker that was killed, and re-enqueues queued deliveries that have lost their task.
  A worker killed after the SMTP server accepted a message but before the row was marked
  sent causes one duplicate for that kill; the duplicate has the same Message-ID.
- A relay that takes the whole message but never answers (massage_site/smtp.py waits
  EMAIL_DATA_TIMEOUT, 10 minutes, for that answer) may have it: ``record_maybe_sent`` tries
  once more after MAYBE_SENT_RETRY and then stops, so at most one duplicate.
"""

import datetime
import json
import logging

from django.db import transaction
from django.db.models import F, Q
from django.tasks import TaskResult, TaskResultStatus, task
from django.utils import timezone

from bookings.emails import build_message
from bookings.models import REMINDER_OUTDATED, DeliveryStatus, EmailDelivery, EmailKind
from massage_site.smtp import MaybeSent

logger = logging.getLogger(__name__)

RETRY_DELAYS = [
    datetime.timedelta(seconds=30),
    datetime.timedelta(minutes=2),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=15),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=4),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=8),
    datetime.timedelta(hours=8),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Longer than any send can take (connect and commands at EMAIL_TIMEOUT each, the message's
# answer at EMAIL_DATA_TIMEOUT, 10 minutes): a delivery "sending" this long has lost its worker.
STALLED_AFTER = datetime.timedelta(minutes=15)
# A relay that took a message without answering may still be working on it: wait well past
# its 10 minutes before the one more try.
MAYBE_SENT_RETRY = datetime.timedelta(minutes=20)
# A reminder is sent at most once: one a worker was killed while sending may already be with the
# client, so it is not sent again.
REMINDER_STALLED = "The worker stopped while sending this reminder; not sent again, so it is never sent twice."


def reminder_still_true(delivery) -> bool:
    visit = delivery.appointment
    return visit is not None and visit.cancelled_at is None and visit.starts_at == delivery.visit_starts_at


@task()
def send_delivery(delivery_id) -> str:
    now = timezone.now()
    claimed = (
        EmailDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "not due, or already sent or being sent"
    delivery = EmailDelivery.objects.select_related(
        "enquiry__treatment", "enquiry__article", "appointment__treatment_option__treatment"
    ).get(pk=delivery_id)
    if delivery.kind == EmailKind.REMINDER and not reminder_still_true(delivery):
        EmailDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None, last_error=REMINDER_OUTDATED
        )
        return "reminder no longer true: not sent"
    try:
        build_message(delivery).send()
    except MaybeSent as error:
        return record_maybe_sent(delivery, error)
    except Exception as error:  # SMTP refused, connection refused, timeout, a template bug…
        return record_failure(delivery, error)
    EmailDelivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
    )
    logger.info("Sent %s email %d for %s", delivery.kind, delivery.pk, delivery.enquiry.reference)
    return "sent"


def record_failure(delivery, error) -> str:
    """Requeues the delivery with a delay, or gives up after MAX_ATTEMPTS. The full error goes
    to the row (the admin shows it); the log gets only the error's type, because an SMTP error
    may quote the client's address and logs are outside the retention purge and erasure."""
    reason = f"{type(error).__name__}: {error}"[:2000]
    # Only a delivery still "sending": erasing the client meanwhile cancelled it.
    still_ours = EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING)
    if delivery.attempts >= MAX_ATTEMPTS:
        still_ours.update(status=DeliveryStatus.FAILED, last_error=reason, next_attempt_at=None)
        logger.error(
            "Gave up on %s email %d for %s: %s",
            delivery.kind,
            delivery.pk,
            delivery.enquiry.reference,
            type(error).__name__,
        )
        return "failed"
    next_attempt_at = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
    with transaction.atomic():
        requeued = still_ours.update(status=DeliveryStatus.QUEUED, last_error=reason, next_attempt_at=next_attempt_at)
        if not requeued:
            return "cancelled while sending"
        enqueue_delivery(delivery.pk, run_after=next_attempt_at)
    logger.warning(
        "Could not send %s email %d for %s (attempt %d), retrying at %s: %s",
        delivery.kind,
        delivery.pk,
        delivery.enquiry.reference,
        delivery.attempts,
        next_attempt_at.isoformat(),
        type(error).__name__,
    )
    return f"retry at {next_attempt_at.isoformat()}"


def record_maybe_sent(delivery, error) -> str:
    """The relay took the whole message but never answered: it may have it. Sending again
    could deliver a second copy, not sending could lose it. So: once more, after
    MAYBE_SENT_RETRY (time for a slow relay to finish), with the same Message-ID; after a
    second such attempt, never again (the admin shows it as failed, "may have arrived")."""
    now = timezone.now()
    still_ours = EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING)
    if delivery.maybe_sent_at is not None or delivery.attempts >= MAX_ATTEMPTS:
        still_ours.update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error=f"May have arrived (the server took it twice without answering); not sent again: {error}",
        )
        logger.error(
            "Stopped %s email %d for %s: maybe sent twice", delivery.kind, delivery.pk, delivery.enquiry.reference
        )
        return "maybe sent; stopped"
    next_attempt_at = now + MAYBE_SENT_RETRY
    with transaction.atomic():
        requeued = still_ours.update(
            status=DeliveryStatus.QUEUED,
            maybe_sent_at=now,
            next_attempt_at=next_attempt_at,
            last_error=f"May have arrived (the mail server took it but did not answer); sending once more. {error}",
        )
        if not requeued:
            return "cancelled while sending"
        enqueue_delivery(delivery.pk, run_after=next_attempt_at)
    logger.warning(
        "Maybe sent %s email %d for %s; sending once more at %s",
        delivery.kind,
        delivery.pk,
        delivery.enquiry.reference,
        next_attempt_at.isoformat(),
    )
    return f"maybe sent; once more at {next_attempt_at.isoformat()}"


@task()
def send_deliveries(delivery_ids) -> list[str]:
    """New deliveries queued together (an enquiry's two emails), sent one after the other by
    the same rules: one queue row for the lot, written while the booking holds the database."""
    return [send_delivery.call(delivery_id) for delivery_id in delivery_ids]


def enqueue_delivery(delivery_id, run_after=None) -> TaskResult:
    """Adds a send_delivery task to the database queue (in the caller's transaction)."""
    if run_after is None:
        return send_delivery.enqueue(delivery_id)
    return send_delivery.using(run_after=run_after).enqueue(delivery_id)


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """One task for new deliveries: send_delivery for one, send_deliveries for several."""
    if len(delivery_ids) == 1:
        enqueue_delivery(delivery_ids[0])
    elif delivery_ids:
        send_deliveries.enqueue(delivery_ids)


def pending_delivery_ids() -> set[int]:
    """Deliveries that have a task waiting in the queue."""
    from django_tasks_db.models import DBTaskResult

    ids = set()
    paths = [send_delivery.module_path, send_deliveries.module_path]
    waiting = DBTaskResult.objects.filter(task_path__in=paths, status="READY")
    for task_path, args_kwargs in waiting.values_list("task_path", "args_kwargs"):
        data = json.loads(args_kwargs) if isinstance(args_kwargs, str) else args_kwargs
        args = data.get("args", [])
        ids.update(args[0] if task_path == send_deliveries.module_path and args else args[:1])
    return ids


class WorkerStopped(Exception):
    """Recorded on a task row whose worker was killed while running it."""


def close_abandoned_tasks(now=None) -> int:
    """Marks failed the task rows left "running" by a worker that was killed (SIGKILL, a crash,
    the machine going away): no worker will ever finish them, and a row still "running" would
    never be pruned. Their email, if any, is put back by requeue_stalled. Returns the count."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - STALLED_AFTER).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}",
        traceback=f"The worker stopped while running this task; housekeeping closed it at {now.isoformat()}.",
    )


def requeue_stalled(now=None) -> tuple[int, int]:
    """Returns (stalled deliveries put back, queued deliveries given a new task)."""
    now = now or timezone.now()
    stalled = 0
    left_sending = EmailDelivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALLED_AFTER)
    left_sending.filter(kind=EmailKind.REMINDER).update(
        status=DeliveryStatus.FAILED, next_attempt_at=None, last_error=REMINDER_STALLED
    )
    for delivery in left_sending.exclude(kind=EmailKind.REMINDER):
        with transaction.atomic():
            put_back = EmailDelivery.objects.filter(
                pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_at=delivery.claimed_at
            ).update(
                status=DeliveryStatus.QUEUED,
                next_attempt_at=now,
                last_error="The worker stopped while sending; sending again (a duplicate is possible).",
            )
            if put_back:
                enqueue_delivery(delivery.pk)
                stalled += 1
    orphans = 0
    due = EmailDelivery.objects.filter(status=DeliveryStatus.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    waiting = pending_delivery_ids()
    for delivery_id in due.values_list("pk", flat=True):
        if delivery_id not in waiting:
            enqueue_delivery(delivery_id)
            orphans += 1
    return stalled, orphans
