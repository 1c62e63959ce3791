"""The therapist's private calendar feed: a long random token, replaceable (the old URL stops
at once), upcoming visits with name, phone, address and treatment and nothing about health,
conditional requests answered with 304, never cached publicly."""

import datetime
from decimal import Decimal

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, CalendarFeed, TreatmentOption
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.test_admin_booking import MONDAY

pytestmark = pytest.mark.django_db

CALENDAR_PAGE = "admin:bookings_appointment_calendar"


def feed_path(client):
    """The feed's path, as the admin page shows it (webcal:// link)."""
    soup = BeautifulSoup(client.get(reverse(CALENDAR_PAGE)).content, "html.parser")
    webcal = soup.select_one("#feed-url")["value"]
    assert webcal.startswith("webcal://")
    assert soup.select_one(f'a[href="{webcal}"]')
    return "/" + webcal.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def visits():
    enquiry = make_enquiry(name="Jane Client", message="Sciatica down the left leg", visit_notes="Dog in the house")
    option, _ = TreatmentOption.objects.update_or_create(
        treatment=enquiry.treatment, duration_minutes=60, defaults={"price": Decimal(50)}
    )
    upcoming = Appointment.objects.create(
        enquiry=enquiry,
        starts_at=datetime.datetime.combine(MONDAY, datetime.time(9, 0), datetime.UTC),
        address="1 Jane Street, York",
        treatment_option=option,
    )
    Appointment.objects.create(
        enquiry=make_enquiry(name="Long Ago"),
        starts_at=timezone.now() - datetime.timedelta(days=10),
        address="Old Street",
    )
    Appointment.objects.create(
        enquiry=make_enquiry(name="Cancelled Client"),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        address="Gone Street",
        cancelled_at=timezone.now(),
    )
    return upcoming


def test_the_feed_has_upcoming_visits_with_what_a_day_needs_and_nothing_about_health(client, therapist, visits):
    path = feed_path(client)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    client.logout()  # the phone's calendar app has no session
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control
    ics = response.content.decode()
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert f"DTSTART;TZID=Europe/London:{MONDAY:%Y%m%d}T100000" in ics  # 09:00 UTC is 10:00 BST
    text = f"{event['summary']} {event['description']} {event['location']}"
    assert "Jane Client" in text and "+447700900123" in text and "1 Jane Street" in text
    assert visits.enquiry.treatment.name in text
    assert "Sciatica" not in ics and "Dog" not in ics and "Long Ago" not in ics and "Cancelled" not in ics


def test_the_feed_answers_conditional_requests(client, therapist, visits):
    path = feed_path(client)
    first = client.get(path)
    assert client.get(path, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    # A change to a visit is a new version.
    visits.address = "2 Jane Street, York"
    visits.save()
    changed = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "2 Jane Street" in changed.content.decode()


def test_replacing_the_token_stops_the_old_url_at_once(client, therapist, visits):
    old = feed_path(client)
    assert client.get(old).status_code == 200
    response = client.post(reverse(CALENDAR_PAGE), follow=True)
    assert "old one stopped working" in response.content.decode()
    new = feed_path(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "../../etc/passwd"])
def test_a_wrong_token_is_not_found(client, token):
    CalendarFeed.objects.create(user=make_user(), token="b" * 43)
    assert client.get(f"/book/calendar/{token}.ics").status_code == 404


def test_a_deactivated_account_s_feed_stops(client, therapist, visits):
    path = feed_path(client)
    therapist.is_active = False
    therapist.save()
    assert client.get(path).status_code == 404


def test_the_feed_page_needs_a_signed_in_therapist(client):
    response = client.get(reverse(CALENDAR_PAGE))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(reverse(CALENDAR_PAGE)).status_code == 302
    assert not CalendarFeed.objects.exists()


def make_user():
    from django.contrib.auth.models import User

    return User.objects.create(username="someone", is_staff=True)
