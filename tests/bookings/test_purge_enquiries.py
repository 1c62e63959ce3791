"""manage.py purge_enquiries: enquiries closed longer than RETENTION_MONTHS ago are deleted."""

import datetime
import io
import threading
import time

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from bookings.management.commands.run_worker import housekeeping
from bookings.models import Appointment, Enquiry, EnquiryEvent, Status
from bookings.retention import purge_expired_enquiries, retention_cutoff
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def enquiries(settings):
    settings.RETENTION_MONTHS = 24
    expired = make_enquiry(name="Expired", status=Status.COMPLETED, closed_at=NOW - datetime.timedelta(days=2 * 366))
    EnquiryEvent.objects.create(enquiry=expired, action="Status changed")
    Appointment.objects.create(enquiry=expired, starts_at=NOW - datetime.timedelta(days=800), address="1 Old Road")
    spam = make_enquiry(name="Old spam", status=Status.SPAM, closed_at=NOW - datetime.timedelta(days=1000))
    recent = make_enquiry(name="Recent", status=Status.DECLINED, closed_at=NOW - datetime.timedelta(days=300))
    just_inside = make_enquiry(
        name="Just inside",
        status=Status.DECLINED,
        closed_at=datetime.datetime(2024, 11, 24, 13, 0, tzinfo=datetime.UTC),
    )
    open_old = make_enquiry(name="Old but open", status=Status.CONTACTED, received=NOW - datetime.timedelta(days=1500))
    return {"expired": expired, "spam": spam, "kept": [recent, just_inside, open_old]}


def run(*args):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_enquiries", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_what_would_go_and_deletes_nothing(enquiries):
    printed = run("--dry-run")
    assert "Would delete 2 enquiries" in printed
    assert enquiries["expired"].reference in printed and enquiries["spam"].reference in printed
    assert Enquiry.objects.count() == 5


def test_purge_deletes_only_enquiries_closed_before_the_retention_period(enquiries):
    printed = run()
    assert "Deleted 2 enquiries closed before 24 Nov 2024 12:00 (24 months ago)" in printed
    assert set(Enquiry.objects.values_list("name", flat=True)) == {"Recent", "Just inside", "Old but open"}
    assert not Appointment.objects.exists()
    assert not EnquiryEvent.objects.exists()
    assert "No enquiries closed before" in run()


def test_retention_months_comes_from_settings(enquiries, settings):
    settings.RETENTION_MONTHS = 6
    assert "Deleted 4 enquiries" in run()  # all closed ones; the open one stays


def test_worker_can_call_the_purge(enquiries):
    with time_machine.travel(NOW, tick=False):
        assert sorted(purge_expired_enquiries()) == sorted(
            [enquiries["expired"].reference, enquiries["spam"].reference]
        )
    assert Enquiry.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_purges_when_it_starts(settings):
    """run_worker's housekeeping thread runs the purge at start-up (then daily), no cron needed."""
    settings.RETENTION_MONTHS = 24
    expired = make_enquiry(
        name="Expired", status=Status.DECLINED, closed_at=timezone.now() - datetime.timedelta(days=800)
    )
    kept = make_enquiry(name="Kept", status=Status.DECLINED, closed_at=timezone.now() - datetime.timedelta(days=10))
    stop = threading.Event()
    thread = threading.Thread(target=housekeeping, args=(stop, 0.1), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while Enquiry.objects.filter(pk=expired.pk).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert list(Enquiry.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_prunes_finished_queue_rows_older_than_a_month():
    from django_tasks_db.models import DBTaskResult

    from bookings.tasks import enqueue_delivery

    old, recent = enqueue_delivery(1).id, enqueue_delivery(2).id
    call_command("db_worker", batch=True, verbosity=0)
    DBTaskResult.objects.filter(pk=old).update(finished_at=timezone.now() - datetime.timedelta(days=40))
    stop = threading.Event()
    thread = threading.Thread(target=housekeeping, args=(stop, 0.1), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while DBTaskResult.objects.filter(pk=old).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [str(recent)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_running_worker_purges_again_a_day_later(settings):
    """Not only at start-up: a worker that runs for weeks purges once a day (time moved, not slept)."""
    settings.RETENTION_MONTHS = 24
    with time_machine.travel(NOW, tick=True) as traveller:
        cutoff = retention_cutoff()
        expires_tomorrow = make_enquiry(
            name="Expires tomorrow", status=Status.DECLINED, closed_at=cutoff + datetime.timedelta(hours=12)
        )
        stop = threading.Event()
        thread = threading.Thread(target=housekeeping, args=(stop, 0.05), daemon=True)
        thread.start()
        try:
            time.sleep(0.5)  # the start-up purge and a few more rounds: still inside the retention period
            assert Enquiry.objects.filter(pk=expires_tomorrow.pk).exists()
            traveller.shift(datetime.timedelta(days=1, minutes=1))
            deadline = time.monotonic() + 10
            while Enquiry.objects.filter(pk=expires_tomorrow.pk).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(5)
    assert not Enquiry.objects.filter(pk=expires_tomorrow.pk).exists()
