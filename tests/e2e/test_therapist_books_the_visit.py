"""Flow 4: the therapist signs in to the admin with the second factor, finds the new enquiry, marks
it contacted, books the visit, and the client receives the confirmation with the calendar file."""

import datetime

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Appointment, Enquiry, Status
from tests.browser_client import BrowserClient as Client
from tests.site.public_pages import enquiry_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def calendar_attachments(message):
    return [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]


def test_therapist_marks_the_enquiry_contacted_and_books_the_visit(page, sign_in, smtp_server, run_worker, screenshot):
    visitor = Client()
    form = visitor.get("/book/").content.decode()
    visitor.post("/book/", enquiry_data(form, name="Grace Hopper", email="grace@example.com"))
    enquiry = Enquiry.objects.get(name="Grace Hopper")
    run_worker()
    smtp_server.wait_for(2)
    emails_before = len(smtp_server.messages)

    sign_in()
    page.get_by_role("link", name="Enquiries", exact=True).first.click()
    search = page.get_by_role("textbox", name="Search")
    search.fill("Grace")
    search.press("Enter")
    page.get_by_role("link", name="Grace Hopper").click()

    page.get_by_role("button", name="Mark contacted").click()
    expect(page.get_by_text("Grace Hopper: marked contacted.")).to_be_visible()
    enquiry.refresh_from_db()
    assert enquiry.status == Status.CONTACTED

    visit_day = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_role("link", name="Book a visit").click()
    page.get_by_label("Date").fill(visit_day.isoformat())
    page.get_by_label("Start time").fill("14:30")
    page.get_by_label("Length (minutes)").fill("90")
    page.get_by_label("Address").fill("3 Bishopthorpe Road\nYork YO23 1NA")
    screenshot("admin-book-visit")
    page.get_by_role("button", name="Book the visit").click()
    expect(page.get_by_text("Visit booked.")).to_be_visible()

    enquiry.refresh_from_db()
    assert enquiry.status == Status.BOOKED
    appointment = Appointment.objects.get(enquiry=enquiry)
    assert timezone.localtime(appointment.starts_at).strftime("%Y-%m-%d %H:%M") == f"{visit_day} 14:30"

    run_worker()
    smtp_server.wait_for(emails_before + 1)
    (confirmation,) = [m for m in smtp_server.to("grace@example.com") if calendar_attachments(m)]
    (ics,) = calendar_attachments(confirmation)
    (event,) = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    starts = event.decoded("DTSTART")
    assert starts.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M") == f"{visit_day} 14:30"
    assert event.decoded("DTEND") - starts == datetime.timedelta(minutes=90)
    assert "Bishopthorpe Road" in str(event.get("LOCATION"))
