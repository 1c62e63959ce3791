"""Filling in the booking form the way a person does: by its labels."""

import re

from playwright.sync_api import expect

REFERENCE = re.compile(r"MY-[34679ACDEFGHJKMNPQRTUVWXY]{4}")


def fill_enquiry(page, *, name="Zoë O'Brien", email="zoe@example.com", treatment="Sports massage"):
    """Fills in a valid enquiry, asking to be emailed, with weekday mornings under "More details".
    `treatment=None` leaves the treatment as the page chose it."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill(email)
    if treatment:
        treatment_choice(page, treatment).check()
    page.get_by_label("Postcode of the address for the visit").fill("yo24 1ab")
    page.get_by_text("More details (optional)").click()
    page.get_by_label("Weekdays").check()
    page.get_by_label("Morning").check()
    page.get_by_label("I agree that the details I give here").check()


def treatment_choice(page, name):
    """A treatment's radio button: its label is the name, then its lengths and prices."""
    return page.get_by_role("radio", name=re.compile(rf"^{re.escape(name)}\b"))


def send(page):
    """Sends the form and returns the reference the thank-you page shows."""
    page.get_by_role("button", name="Send enquiry").click()
    expect(page).to_have_url(re.compile(r"/book/thanks/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    return reference
