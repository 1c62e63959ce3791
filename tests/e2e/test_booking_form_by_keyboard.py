"""Flow 2: the booking form done by keyboard alone. Sent empty, the form comes back with an error
summary that is announced (role="alert") and takes focus; each link in it moves focus to its
field; corrected there, the enquiry goes through."""

import pytest
from playwright.sync_api import expect

from bookings.models import Enquiry
from tests.e2e.booking_form import REFERENCE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What the person types once focus has reached each field from the error summary.
CORRECTIONS = {
    "id_name": [("type", "Sam Keys")],
    "id_contact_method_0": [("press", "Space"), ("press", "Tab"), ("type", "07912 345678")],  # phone, then its number
    "id_treatment_0": [("press", "Space")],
    "id_postcode": [("type", "YO31 7AB")],
    "id_consent": [("press", "Space")],
}


def focused(page):
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {id: el.id, href: el.getAttribute('href'), tag: el.tagName, text: el.textContent.trim()} }"
    )


def tab_to(page, matches, backwards=False, limit=80):
    """Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if matches(focused(page)):
            return
    raise AssertionError(f"Tab never reached the element; focus is on {focused(page)}")


def test_booking_form_can_be_corrected_and_sent_by_keyboard_alone(page):
    page.goto("/book/")
    tab_to(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "Send enquiry")
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    anchors = [
        href.removeprefix("#") for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]
    assert anchors == list(CORRECTIONS)
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")

    for number, anchor in enumerate(anchors):
        # From the summary (focused, or reached back by Shift+Tab) to its link, then Enter.
        tab_to(page, lambda el, anchor=anchor: el["href"] == f"#{anchor}", backwards=number > 0)
        page.keyboard.press("Enter")
        expect(page.locator(f"#{anchor}")).to_be_focused()
        for action, keys in CORRECTIONS[anchor]:
            getattr(page.keyboard, action)(keys)

    tab_to(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "Send enquiry")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference)
    enquiry = Enquiry.objects.get(reference=reference)
    assert (enquiry.name, enquiry.contact_method, enquiry.postcode) == ("Sam Keys", "phone", "YO31 7AB")
    assert enquiry.phone.as_e164 == "+447912345678"
