"""The client's booking confirmation and its calendar file, across the clocks going forward."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bookings.models import Appointment, EmailKind, Enquiry
from bookings.notifications import queue_booking_confirmation
from tests.bookings.booking_form import run_worker

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# British Summer Time starts at 01:00 GMT on Sunday 28 March 2027.


@pytest.fixture
def enquiry():
    return Enquiry.objects.create(
        name="Zoë O'Brien-李",
        contact_method="email",
        email="zoe@example.com",
        postcode="YO24 1AB",
        postcode_district="YO24",
    )


def book(enquiry, starts_at, minutes=60):
    return Appointment.objects.create(
        enquiry=enquiry, starts_at=starts_at, duration_minutes=minutes, address="1 Main Street\nYork YO24 1AB"
    )


def the_event(message):
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename().endswith(".ics")
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_booking_confirmation_arrives_with_the_visit_in_uk_time(enquiry, smtp_server):
    appointment = book(enquiry, datetime.datetime(2027, 3, 28, 10, 0, tzinfo=LONDON))
    delivery = queue_booking_confirmation(appointment)
    assert delivery.kind == EmailKind.BOOKING
    run_worker()

    [message] = smtp_server.to("zoe@example.com")
    assert "Sun 28 Mar 2027, 10:00" in message["Subject"]  # the one date format (bookings.dates)
    assert enquiry.reference in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Sun 28 Mar 2027, 10:00" in text
    assert "1 Main Street" in text

    calendar, event = the_event(message)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.hour, start.minute) == (10, 0)
    assert start.utcoffset() == datetime.timedelta(hours=1)  # BST
    assert start.astimezone(datetime.UTC) == datetime.datetime(2027, 3, 28, 9, 0, tzinfo=datetime.UTC)
    assert end - start == datetime.timedelta(hours=1)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/London"
    assert {str(c["TZNAME"]) for c in timezone.subcomponents} >= {"GMT", "BST"}


def test_a_visit_the_day_before_the_clocks_change_is_in_gmt(enquiry, smtp_server):
    queue_booking_confirmation(book(enquiry, datetime.datetime(2027, 3, 27, 10, 0, tzinfo=LONDON)))
    run_worker()
    _, event = the_event(smtp_server.messages[0])
    start = event.decoded("dtstart")
    assert (start.hour, start.utcoffset()) == (10, datetime.timedelta(0))
    assert start.astimezone(datetime.UTC).hour == 10


def test_a_visit_across_the_clock_change_ends_at_the_right_local_hour(enquiry, smtp_server):
    # 00:30 GMT plus an hour is 02:30 BST: the clock jumps from 01:00 to 02:00.
    queue_booking_confirmation(book(enquiry, datetime.datetime(2027, 3, 28, 0, 30, tzinfo=LONDON)))
    run_worker()
    raw = next(smtp_server.messages[0].iter_attachments()).get_content()
    raw = raw.decode() if isinstance(raw, bytes) else raw
    assert "DTSTART;TZID=Europe/London:20270328T003000" in raw
    assert "DTEND;TZID=Europe/London:20270328T023000" in raw


def test_the_event_uid_is_stable_for_an_appointment(enquiry, smtp_server, settings):
    settings.SITE_URL = "https://www.example.co.uk"
    appointment = book(enquiry, datetime.datetime(2027, 10, 31, 9, 0, tzinfo=LONDON))
    queue_booking_confirmation(appointment)
    queue_booking_confirmation(appointment)
    other = book(enquiry, datetime.datetime(2027, 11, 7, 9, 0, tzinfo=LONDON))
    queue_booking_confirmation(other)
    run_worker()
    uids = [str(the_event(message)[1]["UID"]) for message in smtp_server.messages]
    expected = [f"appointment-{appointment.pk}@www.example.co.uk"] * 2 + [f"appointment-{other.pk}@www.example.co.uk"]
    assert sorted(uids) == sorted(expected)


def test_no_booking_email_without_a_client_email(enquiry, smtp_server):
    enquiry.email = ""
    enquiry.contact_method = "phone"
    enquiry.save()
    assert queue_booking_confirmation(book(enquiry, datetime.datetime(2027, 6, 1, 9, 0, tzinfo=LONDON))) is None
    run_worker()
    assert smtp_server.messages == []
