"""Changing or cancelling a booked visit: the client's calendar follows (same UID, higher
SEQUENCE, or METHOD:CANCEL), through the outbox and the worker; history records who did what."""

import datetime
from decimal import Decimal

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, EmailKind, Status, TreatmentOption
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.booking_form import run_worker
from tests.bookings.test_admin_booking import MONDAY, SATURDAY, book

pytestmark = pytest.mark.django_db


def change_url(visit):
    return reverse("admin:bookings_appointment_change", args=[visit.pk])


def visit_data(visit, **overrides):
    local = timezone.localtime(visit.starts_at)
    data = {
        "date": local.date().isoformat(),
        "time": f"{local:%H:%M}",
        "treatment_option": visit.treatment_option_id or "",
        "duration_minutes": visit.duration_minutes,
        "price": visit.price if visit.price is not None else "",
        "address": visit.address,
        "_save": "Save",
    }
    data.update(overrides)
    return data


def calendar_of(message):
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    ics = part.get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    return ics, icalendar.Calendar.from_ical(ics)


@pytest.fixture
def booked(client, therapist, smtp_server):
    """A visit booked on the Saturday before the clocks go forward (10:00 GMT), its confirmation sent."""
    enquiry = make_enquiry(email="jane@example.com", status=Status.CONTACTED)
    assert book(client, enquiry, date=SATURDAY.isoformat(), time="10:00").status_code == 302
    run_worker()
    [confirmation] = smtp_server.wait_for(1)
    _, calendar = calendar_of(confirmation)
    [event] = calendar.walk("VEVENT")
    return Appointment.objects.get(enquiry=enquiry), str(event["uid"])


def test_moving_a_visit_across_the_clock_change_updates_the_clients_calendar(client, therapist, smtp_server, booked):
    visit, uid = booked
    response = client.post(change_url(visit), visit_data(visit, date=MONDAY.isoformat(), time="10:00"))
    assert response.status_code == 302, response.content.decode()
    visit.refresh_from_db()
    assert visit.starts_at == datetime.datetime.combine(MONDAY, datetime.time(9, 0), datetime.UTC)  # 10:00 BST
    assert visit.sequence == 1
    history = list(visit.enquiry.events.values_list("action", "user"))
    assert (
        f"Visit moved from {SATURDAY:%a %-d %b %Y}, 10:00 to {MONDAY:%a %-d %b %Y}, 10:00",
        therapist.pk,
    ) in history

    run_worker()
    messages = smtp_server.wait_for(2)
    update = messages[1]
    assert update["X-Envelope-Rcpt"] == "jane@example.com"
    assert f"{MONDAY:%a %-d %b %Y}, 10:00" in update["Subject"]
    ics, calendar = calendar_of(update)
    assert calendar["method"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]) == uid  # the same event, replaced
    assert event["sequence"] == 1
    assert f"DTSTART;TZID=Europe/London:{MONDAY:%Y%m%d}T100000" in ics
    start = event.decoded("dtstart")
    assert start.utcoffset() == datetime.timedelta(hours=1)
    assert visit.enquiry.deliveries.filter(kind=EmailKind.VISIT_CHANGED).get().status == "sent"


def test_changing_the_price_and_treatment_keeps_the_time_and_raises_the_sequence(client, therapist, booked):
    visit, _ = booked
    option, _ = TreatmentOption.objects.update_or_create(
        treatment=visit.enquiry.treatment, duration_minutes=90, defaults={"price": Decimal("70.00")}
    )
    response = client.post(
        change_url(visit), visit_data(visit, treatment_option=option.pk, duration_minutes="", price="")
    )
    assert response.status_code == 302, response.content.decode()
    visit.refresh_from_db()
    # Blank length and price come from the practice's price for that treatment.
    assert (visit.treatment_option, visit.duration_minutes, visit.price, visit.sequence) == (
        option,
        90,
        Decimal("70.00"),
        1,
    )
    response = client.post(change_url(visit), visit_data(visit, price="65.00"))
    visit.refresh_from_db()
    assert (visit.price, visit.sequence) == (Decimal("65.00"), 2)


def test_saving_without_a_change_sends_nothing(client, therapist, booked):
    visit, _ = booked
    client.post(change_url(visit), visit_data(visit))
    visit.refresh_from_db()
    assert visit.sequence == 0
    assert not visit.enquiry.deliveries.filter(kind=EmailKind.VISIT_CHANGED).exists()


def test_moving_a_visit_into_the_past_is_refused_and_changes_nothing(client, therapist, booked):
    visit, _ = booked
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(change_url(visit), visit_data(visit, date=yesterday.isoformat()))
    assert response.status_code == 200
    assert "That time has passed" in response.content.decode()
    before = visit.starts_at
    visit.refresh_from_db()
    assert (visit.starts_at, visit.sequence) == (before, 0)


def test_cancelling_sends_method_cancel_and_records_the_reason(client, therapist, smtp_server, booked):
    visit, uid = booked
    cancel = reverse("admin:bookings_appointment_cancel", args=[visit.pk])
    assert client.get(cancel).status_code == 200
    assert client.post(cancel, {"reason": ""}).status_code == 200  # a reason is needed
    visit.refresh_from_db()
    assert visit.cancelled_at is None

    response = client.post(cancel, {"reason": "Therapist unwell"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.cancelled_at is not None and visit.sequence == 1
    enquiry = visit.enquiry
    enquiry.refresh_from_db()
    assert enquiry.status == Status.CONTACTED  # no visit left to come
    history = list(enquiry.events.values_list("action", "user"))
    assert (f"Visit on {SATURDAY:%a %-d %b %Y}, 10:00 cancelled: Therapist unwell", therapist.pk) in history

    run_worker()
    cancellation = smtp_server.wait_for(2)[1]
    assert "cancelled" in cancellation["Subject"]
    assert "Therapist unwell" in cancellation.get_body(("plain",)).get_content()
    _, calendar = calendar_of(cancellation)
    assert calendar["method"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert (str(event["uid"]), event["sequence"], str(event["status"])) == (uid, 1, "CANCELLED")

    # A cancelled visit is done with: no second cancellation, no change.
    assert client.post(cancel, {"reason": "again"}).status_code == 302
    assert client.post(change_url(visit), visit_data(visit, time="11:00")).status_code == 403
    assert enquiry.deliveries.filter(kind=EmailKind.VISIT_CANCELLED).count() == 1


def test_a_client_without_email_gets_no_email_and_the_therapist_is_told(client, therapist):
    enquiry = make_enquiry(email="", status=Status.CONTACTED)
    book(client, enquiry, date=MONDAY.isoformat())
    visit = Appointment.objects.get()
    response = client.post(
        reverse("admin:bookings_appointment_cancel", args=[visit.pk]), {"reason": "Client rang"}, follow=True
    )
    assert "tell them by phone" in response.content.decode()
    assert not enquiry.deliveries.exists()


def test_the_enquiry_page_shows_its_visits_with_change_links(client, therapist, booked):
    visit, _ = booked
    page = BeautifulSoup(client.get(visit.enquiry.get_admin_url()).content, "html.parser")
    visits = page.select_one(".enquiry-visits")
    assert f"{SATURDAY:%a %-d %b %Y}, 10:00" in visits.get_text()
    assert visits.select_one(f'a[href="{change_url(visit)}"]')
