"""The therapist's desk in a real browser, at 390x844 and 1280x800: the desk home, the enquiry
list as cards on a phone with nothing cut or scrolling sideways, the enquiry page with Call,
Text and Email on the first screen, the visit pages and the sign-in page; axe finds nothing."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Appointment, Enquiry, Treatment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_URL


@pytest.fixture
def desk_data():
    treatment = Treatment.objects.order_by("position").first()
    ada = Enquiry.objects.create(
        name="Ada Lovelace-Byron",
        contact_method="text",
        phone="+447412345678",
        email="ada.lovelace.byron@example-mail.co.uk",
        postcode="YO24 1AB",
        postcode_district="YO24",
        treatment=treatment,
        preferred_days=["weekday"],
        preferred_times=["morning", "evening"],
        availability_note="Not Thursdays",
        message="Lower back pain after a long drive; worse in the mornings.",
        consented_at=timezone.now(),
    )
    Enquiry.objects.create(
        name="Grace Hopper",
        contact_method="phone",
        phone="+447700900123",
        postcode="YO31 7AB",
        postcode_district="YO31",
        treatment=None,
    )
    Enquiry.objects.create(
        name="Suspect Sender",
        contact_method="email",
        email="bot@example.com",
        postcode="YO1 7HH",
        postcode_district="YO1",
        is_suspected_spam=True,
        status="spam",  # as the booking form files it
        closed_at=timezone.now(),
    )
    booked = Enquiry.objects.create(
        name="Alan Turing",
        contact_method="phone",
        phone="+447412000111",
        email="alan@example.com",
        postcode="YO10 5DD",
        postcode_district="YO10",
        treatment=treatment,
        status="booked",
    )
    now = timezone.localtime()
    today_later = max(now + datetime.timedelta(minutes=30), now.replace(hour=18, minute=0, second=0, microsecond=0))
    if today_later.date() != now.date():
        today_later = now + datetime.timedelta(minutes=1)
    visit = Appointment.objects.create(
        enquiry=booked, starts_at=today_later, address="5 Heslington Lane\nYork YO10 5DD"
    )
    Appointment.objects.create(
        enquiry=booked, starts_at=today_later + datetime.timedelta(days=2), address="5 Heslington Lane\nYork YO10 5DD"
    )
    return {"ada": ada, "visit": visit}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_desk_home_shows_the_day(page, sign_in, desk_data, assert_accessible, screenshot):
    sign_in()
    today = page.locator("section[aria-labelledby=desk-today]")
    expect(today).to_contain_text("Alan Turing")
    expect(today.get_by_role("link", name="Call Alan Turing")).to_have_attribute("href", "tel:+447412000111")
    expect(today.get_by_role("link", name="Map for Alan Turing")).to_be_visible()
    expect(page.locator("section[aria-labelledby=desk-new]")).to_contain_text("Ada Lovelace-Byron")
    expect(page.locator("section[aria-labelledby=desk-spam]")).to_contain_text("Suspect Sender")
    screenshot("desk-home")
    no_sideways_scroll(page)
    assert_accessible()


def test_enquiry_list_is_cards_on_a_phone_with_nothing_cut(
    page, viewport, sign_in, desk_data, assert_accessible, screenshot
):
    sign_in()
    page.goto(ADMIN + "bookings/enquiry/")
    row = page.locator("#result_list tbody tr", has_text="Ada Lovelace-Byron")
    reply = row.locator(".field-reply_by")
    expect(reply).to_have_text("Text message: 07412 345678")
    expect(
        page.locator("#result_list tbody tr", has_text="Grace Hopper").locator(".field-treatment_text")
    ).to_have_text("Not sure")
    screenshot("admin-enquiry-list-cards")
    no_sideways_scroll(page)
    # Every cell of every card is whole: nothing wider than its box, nothing outside the screen.
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('#result_list tbody td, #result_list tbody th')]
            .filter(cell => cell.offsetParent !== null)
            .filter(cell => cell.scrollWidth > cell.clientWidth + 1 || cell.getBoundingClientRect().right > innerWidth)
            .map(cell => cell.className + ': ' + cell.textContent.trim())"""
    )
    assert clipped == []
    if viewport == "phone":
        assert page.locator("#result_list thead").bounding_box()["height"] <= 1  # headings only for screen readers
    assert_accessible()


def test_enquiry_page_puts_the_client_and_reply_buttons_first(
    page, viewport, sign_in, desk_data, assert_accessible, screenshot
):
    ada = desk_data["ada"]
    sign_in()
    page.goto(ADMIN + f"bookings/enquiry/{ada.pk}/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace-Byron")
    expect(page.locator(".client-reply")).to_contain_text("Text message: 07412 345678")
    height = page.viewport_size["height"]
    for name, href in [
        ("Call", "tel:+447412345678"),
        ("Text", "sms:+447412345678"),
        ("Email", f"mailto:{ada.email}?subject=Your%20massage%20enquiry%20{ada.reference}"),
    ]:
        link = page.get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("href", href)
        box = link.bounding_box()
        assert box["y"] + box["height"] <= height, f"{name} is below the first screen"
        assert box["height"] >= 44  # a thumb's target
    expect(page.get_by_role("link", name="Map", exact=True)).to_have_attribute(
        "href", "https://www.openstreetmap.org/search?query=YO24+1AB"
    )
    expect(page.locator(".desk-steps")).to_contain_text("Mark contacted")
    expect(page.locator(".desk-steps")).not_to_contain_text("Mark completed")
    expect(page.locator(".field-when_suits")).to_contain_text("weekdays; morning, evening; Not Thursdays")
    screenshot("admin-enquiry-page")
    no_sideways_scroll(page)
    assert_accessible()

    # Erase sits apart, and asks first.
    page.get_by_role("button", name="Erase this client’s data…").click()
    expect(page.get_by_role("button", name="Yes, erase")).to_be_visible()
    assert Enquiry.objects.get(pk=ada.pk).anonymised_at is None
    assert_accessible()


def test_visit_pages(page, sign_in, desk_data, assert_accessible, screenshot):
    sign_in()
    visit = desk_data["visit"]
    page.goto(ADMIN + "bookings/appointment/?when=upcoming")
    expect(page.locator("#result_list")).to_contain_text("Alan Turing")
    screenshot("admin-visit-list")
    no_sideways_scroll(page)
    assert_accessible()

    page.goto(ADMIN + f"bookings/appointment/{visit.pk}/change/")
    expect(page.get_by_label("Start time")).to_be_visible()
    screenshot("admin-visit-change")
    no_sideways_scroll(page)
    assert_accessible()

    page.get_by_role("link", name="Cancel this visit…").click()
    expect(page.get_by_label("Reason")).to_be_visible()
    screenshot("admin-visit-cancel")
    assert_accessible()

    page.goto(ADMIN + "bookings/appointment/calendar/")
    webcal = page.locator("#feed-url").input_value()
    assert webcal.startswith("webcal://")
    expect(page.get_by_role("link", name="Add to my phone's calendar")).to_have_attribute("href", webcal)
    screenshot("admin-calendar-feed")
    no_sideways_scroll(page)
    assert_accessible()


def test_sign_in_code_opens_the_number_pad(page, therapist, assert_accessible, screenshot):
    page.goto(ADMIN)
    code = page.get_by_label("Code")
    expect(code).to_have_attribute("inputmode", "numeric")
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    screenshot("admin-login")
    no_sideways_scroll(page)
    assert_accessible()
