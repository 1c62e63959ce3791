"""Filling in the booking form the way a person does: by its labels."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

REFERENCE = re.compile(r"MY-[34679ACDEFGHJKMNPQRTUVWXY]{4}")


def fill_enquiry(page, *, name="Zoë O'Brien", email="zoe@example.com", treatment="Sports massage"):
    """Fills in a valid enquiry, asking to be emailed, with a first-choice visit a week ahead.
    `treatment=None` leaves the treatment as the page chose it."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill(email)
    if treatment:
        page.get_by_label(treatment, exact=True).check()
    page.get_by_label("Postcode of the address for the visit").fill("yo24 1ab")
    first_choice = page.get_by_role("group", name="First choice")
    first_choice.get_by_label("Date").fill((timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    first_choice.get_by_label("Time of day").select_option(label="Morning")
    page.get_by_label("None of these applies to me").check()
    page.get_by_label("I agree that my details are used").check()


def send(page):
    """Sends the form and returns the reference the thank-you page shows."""
    page.get_by_role("button", name="Send enquiry").click()
    expect(page).to_have_url(re.compile(r"/book/thanks/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    return reference
