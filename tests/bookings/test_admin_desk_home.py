"""The admin index is the therapist's desk: the week's visits, new enquiries by name, follow-ups
due, suspected spam and failed emails, each a link; in a fixed number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, DeliveryStatus, EmailDelivery, Status
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db


def section(soup, heading_id):
    return soup.select_one(f"section[aria-labelledby={heading_id}]")


def names_in(soup, heading_id):
    return [strong.get_text() for strong in section(soup, heading_id).select("li a strong")]


def desk(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def at_london(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_desk_lists_what_needs_doing_by_name_each_a_link(client, therapist):
    today = timezone.localdate()
    new_one = make_enquiry(name="New One")
    make_enquiry(name="Suspected Bot", is_suspected_spam=True, status=Status.SPAM, closed_at=timezone.now())
    due = make_enquiry(name="Due Today", status=Status.CONTACTED, follow_up_on=today)
    make_enquiry(name="Overdue", status=Status.CONTACTED, follow_up_on=today - datetime.timedelta(days=2))
    make_enquiry(name="Later", status=Status.CONTACTED, follow_up_on=today + datetime.timedelta(days=1))
    make_enquiry(name="Closed", status=Status.DECLINED, follow_up_on=today, closed_at=timezone.now())
    failed = make_enquiry(name="Email Failed", status=Status.CONTACTED)
    EmailDelivery.objects.create(enquiry=failed, kind="client", to="x@example.com", status=DeliveryStatus.FAILED)

    soup = desk(client)
    assert names_in(soup, "desk-new") == ["New One"]
    assert names_in(soup, "desk-spam") == ["Suspected Bot"]
    assert names_in(soup, "desk-follow-ups") == ["Overdue", "Due Today"]
    assert names_in(soup, "desk-failed") == ["Email Failed"]
    links = {a.get_text(): a["href"] for a in soup.select(".desk-section li a") if a.select_one("strong")}
    assert links["New One"] == new_one.get_admin_url()
    assert links["Due Today"] == due.get_admin_url()


def test_desk_shows_today_and_the_next_seven_days_visits_with_call_and_map(client, therapist):
    today = timezone.localdate()
    now = timezone.localtime()
    later_today = make_enquiry(name="Later Today", postcode="YO31 7AB", postcode_district="YO31")
    in_a_week = make_enquiry(name="In Seven Days")
    too_far = make_enquiry(name="Too Far")
    cancelled = make_enquiry(name="Cancelled One")
    start_today = max(now + datetime.timedelta(minutes=5), at_london(today, 0, 30))
    if start_today.date() != today:  # the test runs a minute before midnight
        start_today = now
    Appointment.objects.create(enquiry=later_today, starts_at=start_today, address="1 A St")
    Appointment.objects.create(
        enquiry=in_a_week, starts_at=at_london(today + datetime.timedelta(days=7), 10), address="x"
    )
    Appointment.objects.create(
        enquiry=too_far, starts_at=at_london(today + datetime.timedelta(days=8), 10), address="x"
    )
    Appointment.objects.create(
        enquiry=cancelled,
        starts_at=at_london(today + datetime.timedelta(days=2), 10),
        address="x",
        cancelled_at=timezone.now(),
    )

    soup = desk(client)
    today_section = section(soup, "desk-today")
    assert "Later Today" in today_section.get_text()
    assert today_section.select_one('a[href="tel:+447700900123"]')
    assert today_section.select_one('a[href^="https://www.openstreetmap.org/search?query=YO31+7AB"]')
    assert timezone.localtime(start_today).strftime("%H:%M") in today_section.get_text()
    week = section(soup, "desk-week").get_text()
    assert "In Seven Days" in week
    assert (today + datetime.timedelta(days=7)).strftime("%a %-d %b %Y, 10:00") in week
    assert "Too Far" not in week and "Cancelled One" not in week


def test_desk_offers_a_call_only_for_a_visit_whose_client_gave_a_phone(client, therapist):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with_phone = make_enquiry(name="Has A Phone")
    emailer = make_enquiry(name="Email Only", contact_method="email", phone="")
    Appointment.objects.create(enquiry=with_phone, starts_at=at_london(tomorrow, 10), address="x")
    Appointment.objects.create(enquiry=emailer, starts_at=at_london(tomorrow, 12), address="x")

    visits = {
        item.select_one("strong").next_sibling.strip(): item
        for item in section(desk(client), "desk-week").select("li")
    }

    assert visits["Has A Phone"].select_one('a[href="tel:+447700900123"]').get_text() == "Call 07700 900123"
    assert visits["Email Only"].select_one('a[href^="tel:"]') is None
    assert visits["Email Only"].select_one("a.contact-map")  # the rest of the row is there


def test_desk_home_includes_the_setup_checklist_tag():
    from pathlib import Path

    template = (Path(__file__).resolve().parents[2] / "templates/admin/desk_index.html").read_text()
    assert "{% load desk_dates practice_admin %}" in template and "{% setup_checklist %}" in template


def test_desk_home_queries_do_not_grow_with_rows(client, therapist):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:index")).status_code == 200
        return len(captured)

    def add_rows(n):
        soon = timezone.now() + datetime.timedelta(hours=2)
        for i in range(n):
            enquiry = make_enquiry(name=f"Client {i}", follow_up_on=timezone.localdate())
            Appointment.objects.create(enquiry=enquiry, starts_at=soon + datetime.timedelta(days=i % 6), address="x")
            EmailDelivery.objects.create(enquiry=enquiry, kind="client", to="x@example.com", status="failed")

    add_rows(2)
    few = queries()
    add_rows(30)
    assert queries() == few


def test_list_shows_a_failed_email(client, therapist):
    failed = make_enquiry(name="Failed one")
    EmailDelivery.objects.create(enquiry=failed, kind="client", to="x@example.com", status=DeliveryStatus.FAILED)
    EmailDelivery.objects.create(enquiry=failed, kind="therapist", to="t@example.com", status=DeliveryStatus.SENT)
    soup = BeautifulSoup(client.get(reverse("admin:bookings_enquiry_changelist")).content, "html.parser")
    assert soup.select_one("#result_list .field-email_state").get_text() == "Email failed"
    filtered = client.get(reverse("admin:bookings_enquiry_changelist"), {"delivery": "failed"})
    assert "Failed one" in filtered.content.decode()


def test_list_says_whether_each_enquirys_emails_are_waiting_sent_or_none(client, therapist):
    waiting = make_enquiry(name="Waiting one")
    EmailDelivery.objects.create(enquiry=waiting, kind="client", to="x@example.com", status=DeliveryStatus.SENT)
    EmailDelivery.objects.create(enquiry=waiting, kind="therapist", to="t@example.com", status=DeliveryStatus.QUEUED)
    sent = make_enquiry(name="Sent one")
    EmailDelivery.objects.create(enquiry=sent, kind="therapist", to="t@example.com", status=DeliveryStatus.SENT)
    make_enquiry(name="Phoned in")
    soup = BeautifulSoup(client.get(reverse("admin:bookings_enquiry_changelist")).content, "html.parser")
    states = {
        row.select_one(".field-name").get_text(strip=True): row.select_one(".field-email_state").get_text()
        for row in soup.select("#result_list tbody tr")
    }
    assert states == {"Waiting one": "Emails waiting", "Sent one": "Emails sent", "Phoned in": "None"}
