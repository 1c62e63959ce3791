"""Email faults with the real worker: an SMTP outage, and the worker killed in the middle of
sending. No enquiry and no email is lost; none is sent twice.

About exactly-once: the worker claims a delivery (queued → sending) before it talks to the
SMTP server and marks it sent after the server's "250 OK". Killed before the 250, the
server has not taken the message, and housekeeping sends it again: exactly once. Killed in
the instant between the 250 and the row update, the message went out but the row still
says sending, so it is sent again: one duplicate for that kill, with the same Message-ID,
which mail clients recognise (bookings/tasks.py, bookings/emails.py). The test kills
mid-send, while the server holds its answer back, and asserts exactly once.
"""

import signal

import pytest
import requests

from tests.reliability.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.timeout(150)]

FAILED_ONCE = (
    "from bookings.models import EmailDelivery\n"
    "print(json.dumps(EmailDelivery.objects.filter(status='queued', attempts__gte=1).count()))"
)
# A retry waits 30 s and more; the test moves the clock of the retries instead of waiting.
RETRIES_DUE_NOW = (
    "from django.utils import timezone\n"
    "from django_tasks_db.models import DBTaskResult\n"
    "from bookings.models import EmailDelivery\n"
    "now = timezone.now()\n"
    "EmailDelivery.objects.filter(status='queued').update(next_attempt_at=now)\n"
    "print(json.dumps(DBTaskResult.objects.filter(status='READY').update(run_after=now)))"
)
# Housekeeping puts back a delivery left "sending" for longer than any send can take
# (STALLED_AFTER): move its claim back by that much, as if the time had passed.
CLAIMED_LONG_AGO = (
    "import datetime\n"
    "from django.utils import timezone\n"
    "from bookings.models import EmailDelivery\n"
    "from bookings.tasks import STALLED_AFTER\n"
    "long_ago = timezone.now() - STALLED_AFTER - datetime.timedelta(seconds=1)\n"
    "print(json.dumps(EmailDelivery.objects.filter(status='sending').update(claimed_at=long_ago)))"
)


def test_enquiries_made_while_smtp_is_down_are_each_emailed_once_when_it_is_back(site, smtp):
    smtp.stop()
    site.start_web()
    site.start_worker()
    session = requests.Session()
    assert [site.book(session, n).status_code for n in range(5)] == [303] * 5  # nobody waits for email

    wait_until(lambda: site.query(FAILED_ONCE) == 10, 40, interval=0.5, message="every email to fail once")
    counts = site.counts()
    assert counts["enquiries"] == 5
    assert counts["deliveries"] == {"queued": 10}

    smtp.start()
    site.query(RETRIES_DUE_NOW)
    wait_until(lambda: len(smtp.messages) >= 10, 60, message="10 emails")
    wait_until(lambda: site.counts()["deliveries"] == {"sent": 10}, 15, interval=0.5, message="all marked sent")
    ids = smtp.message_ids()
    assert len(ids) == 10
    assert set(ids.values()) == {1}, "an email was sent twice"


def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(site, smtp):
    smtp.delay = 10  # the server holds its 250 back: the worker is mid-send
    site.start_web()
    assert site.book(requests.Session(), 1).status_code == 303
    worker = site.start_worker()
    wait_until(lambda: smtp.receiving >= 1, 30, message="the worker to start sending")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert smtp.messages == []
    assert site.counts()["deliveries"] == {"sending": 1, "queued": 1}

    assert site.query(CLAIMED_LONG_AGO) == 1
    smtp.delay = 0
    site.start_worker()  # its housekeeping runs at start-up
    wait_until(lambda: len(smtp.messages) >= 2, 60, message="both emails")
    wait_until(lambda: site.counts()["deliveries"] == {"sent": 2}, 15, interval=0.5, message="both marked sent")
    ids = smtp.message_ids()
    assert len(ids) == 2
    assert set(ids.values()) == {1}, "an email was sent twice"
    assert len(smtp.to("client-1@example.com")) == 1
