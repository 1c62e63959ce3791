"""A visit reminder with the real worker killed while sending it: never sent twice.

A reminder is sent at most once per visit time. The worker's housekeeping queues it (one row
per visit and time, by a unique constraint); a worker killed mid-send may or may not have
handed it to the mail server, so it is not sent again: it is marked failed with the reason,
and shows on the desk as a failed email, for the therapist to text the client instead.
"""

import signal
import time

import pytest

from tests.reliability.conftest import wait_until
from tests.reliability.test_email_faults import CLAIMED_LONG_AGO

pytestmark = [pytest.mark.slow, pytest.mark.timeout(150)]

VISIT_DUE_A_REMINDER = (
    "import datetime\n"
    "from django.utils import timezone\n"
    "from bookings.models import Appointment, Enquiry\n"
    "now = timezone.now()\n"
    "enquiry = Enquiry.objects.create(name='Reminder Test', contact_method='email', email='client@example.com',"
    " postcode='YO1 7HH', postcode_district='YO1')\n"
    "visit = Appointment.objects.create(enquiry=enquiry, starts_at=now + datetime.timedelta(hours=10),"
    " address='1 Test Street', time_set_at=now - datetime.timedelta(days=3))\n"
    "print(json.dumps(visit.pk))"
)
REMINDERS = (
    "from bookings.models import EmailDelivery\n"
    "print(json.dumps(list(EmailDelivery.objects.filter(kind='reminder').values_list('status', flat=True))))"
)


def test_a_worker_killed_while_sending_a_reminder_never_sends_it_twice(site, smtp):
    site.query(VISIT_DUE_A_REMINDER)
    smtp.delay = 10  # the server holds its 250 back: the worker is mid-send
    worker = site.start_worker()  # housekeeping at start-up queues the reminder
    wait_until(lambda: smtp.receiving >= 1, 30, message="the worker to start sending the reminder")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert site.query(REMINDERS) == ["sending"]

    assert site.query(CLAIMED_LONG_AGO) == 1
    smtp.delay = 0
    second = site.start_worker()
    wait_until(lambda: site.query(REMINDERS) == ["failed"], 40, interval=0.5, message="the reminder given up")
    site.stop(second)
    third = site.start_worker()  # another restart queues no second reminder for that time
    time.sleep(3)  # housekeeping runs at start-up, within the first second
    assert third.poll() is None
    site.stop(third)
    assert site.query(REMINDERS) == ["failed"]
    assert smtp.messages == []
