"""Booking a visit from an enquiry: the appointment, the status, the history, and the client's
confirmation with an .ics in Europe/London time, delivered by the worker over real SMTP."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, EmailKind, Status
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.booking_form import run_worker

pytestmark = pytest.mark.django_db


def clocks_go_forward(year):
    """The last Sunday in March: UK clocks go forward at 01:00 GMT."""
    last = datetime.date(year, 3, 31)
    return last - datetime.timedelta(days=(last.weekday() + 1) % 7)


# Next year's change (always in the future): Saturday before is GMT, Monday after is BST.
CHANGE = clocks_go_forward(timezone.localdate().year + 1)
SATURDAY = CHANGE - datetime.timedelta(days=1)
MONDAY = CHANGE + datetime.timedelta(days=1)


def book(client, enquiry, **overrides):
    data = {
        "date": MONDAY.isoformat(),
        "time": "10:00",
        "duration_minutes": "60",
        "address": "1 Jane Street\nYork YO24 1AB",
    }
    data.update(overrides)
    return client.post(reverse("admin:bookings_enquiry_book", args=[enquiry.pk]), data)


def test_change_page_links_to_booking(client, therapist):
    enquiry = make_enquiry()
    page = client.get(reverse("admin:bookings_enquiry_change", args=[enquiry.pk])).content.decode()
    assert reverse("admin:bookings_enquiry_book", args=[enquiry.pk]) in page
    form = client.get(reverse("admin:bookings_enquiry_book", args=[enquiry.pk]))
    assert form.status_code == 200
    assert 'type="date"' in form.content.decode() and 'type="time"' in form.content.decode()


def test_booking_after_the_clock_change_sends_the_client_an_ics_in_london_time(client, therapist, smtp_server):
    enquiry = make_enquiry(email="jane@example.com", status=Status.CONTACTED)
    response = book(client, enquiry)
    assert response.status_code == 302, response.content.decode()

    appointment = Appointment.objects.get(enquiry=enquiry)
    assert appointment.starts_at == datetime.datetime.combine(MONDAY, datetime.time(9, 0), datetime.UTC)  # 10:00 BST
    assert appointment.created_by == therapist
    enquiry.refresh_from_db()
    assert enquiry.status == Status.BOOKED
    actions = list(enquiry.events.values_list("action", "to_status", "user"))
    assert (f"Visit booked for {MONDAY:%a %-d %b %Y}, 10:00", "", therapist.pk) in actions
    assert ("Status changed", "booked", therapist.pk) in actions
    assert enquiry.deliveries.get().kind == EmailKind.BOOKING

    run_worker()
    [message] = smtp_server.wait_for(1)
    assert "jane@example.com" in message["X-Envelope-Rcpt"]
    [attachment] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert attachment.get_filename().endswith(".ics")
    ics = attachment.get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    calendar = icalendar.Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.replace(tzinfo=None), str(start.tzinfo)) == (
        datetime.datetime.combine(MONDAY, datetime.time(10, 0)),
        "Europe/London",
    )
    assert event.decoded("dtend").replace(tzinfo=None) == datetime.datetime.combine(MONDAY, datetime.time(11, 0))
    assert f"TZID=Europe/London:{MONDAY:%Y%m%d}T100000" in ics
    assert "BEGIN:VTIMEZONE" in ics
    assert enquiry.deliveries.get().status == "sent"


def test_booking_before_the_clock_change_is_in_gmt(client, therapist):
    enquiry = make_enquiry()
    assert book(client, enquiry, date=SATURDAY.isoformat(), time="10:00").status_code == 302
    assert Appointment.objects.get().starts_at == datetime.datetime.combine(
        SATURDAY, datetime.time(10, 0), datetime.UTC
    )


def test_a_client_without_email_is_booked_without_an_email(client, therapist):
    enquiry = make_enquiry(email="", contact_method="phone")
    response = client.post(
        reverse("admin:bookings_enquiry_book", args=[enquiry.pk]),
        {"date": MONDAY.isoformat(), "time": "10:00", "duration_minutes": "60", "address": "1 Jane Street"},
        follow=True,
    )
    assert "let them know by phone" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == Status.BOOKED and not enquiry.deliveries.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": CHANGE.isoformat(), "time": "01:30"}, "clocks go forward"),
        ({"date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()}, "That time has passed"),
        ({"date": "2027-02-30"}, "Enter a valid date"),
        ({"address": ""}, "This field is required"),
        ({"duration_minutes": "5"}, "greater than or equal to 15"),
    ],
)
def test_a_bad_booking_is_refused_with_a_message_and_saves_nothing(client, therapist, overrides, message):
    enquiry = make_enquiry()
    response = book(client, enquiry, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appointment.objects.exists()
    enquiry.refresh_from_db()
    assert enquiry.status == Status.NEW and not enquiry.events.exists()


def test_resend_notifications_queues_both_emails_again_and_records_it(client, therapist, smtp_server, settings):
    enquiry = make_enquiry(email="jane@example.com")
    client.post(
        reverse("admin:bookings_enquiry_change", args=[enquiry.pk]),
        {"CHANGE_FORM-action": "resend_notifications", "_selected_action": enquiry.pk},
    )
    assert enquiry.events.get().action == "Notifications resent"
    run_worker()
    messages = smtp_server.wait_for(2)
    assert {m["X-Envelope-Rcpt"] for m in messages} == {"jane@example.com", settings.THERAPIST_EMAIL}
