"""A client over the booking limit gets the form back with everything typed, a form the site
can't read gets the 400 page, and the thank-you page promises an email only when one is queued."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.booking_form import fill_enquiry, send

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROMISE = "A confirmation email is on its way"


def test_over_the_limit_the_form_comes_back_with_everything_typed(page, settings, screenshot):
    settings.BOOKING_RATE_LIMIT = "0/h"  # every enquiry is over it
    page.goto("/book/")
    fill_enquiry(page, name="Ann Example")
    page.get_by_label("What would you like help with?").fill("Tight calves after a half marathon")
    with page.expect_response(re.compile(r"/book/$")) as answer:
        page.get_by_role("button", name="Send enquiry").click()
    assert answer.value.status == 429
    assert int(answer.value.headers["retry-after"]) > 0
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Too many enquiries have been sent from this connection")
    expect(summary).to_contain_text(settings.PRACTICE_PHONE)
    expect(page.get_by_label("Your name")).to_have_value("Ann Example")
    expect(page.get_by_label("What would you like help with?")).to_have_value("Tight calves after a half marathon")
    screenshot("booking-over-the-limit")


def test_a_form_in_another_charset_gets_the_400_page(page, screenshot):
    def as_latin_1(route):
        headers = route.request.headers | {"content-type": "application/x-www-form-urlencoded; charset=latin-1"}
        route.continue_(headers=headers)

    page.goto("/book/")
    fill_enquiry(page)
    page.route(re.compile(r"/book/$"), lambda route: as_latin_1(route) if route.request.method == "POST" else None)
    with page.expect_response(re.compile(r"/book/$")) as answer:
        page.get_by_role("button", name="Send enquiry").click()
    assert answer.value.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong with that request")
    screenshot("booking-unreadable-form")


def test_the_thank_you_page_promises_a_confirmation_only_when_one_is_queued(page, settings, screenshot):
    page.goto("/book/")
    fill_enquiry(page)
    send(page)
    expect(page.get_by_text(PROMISE)).to_be_visible()
    screenshot("thanks-with-confirmation")

    settings.BOOKING_MIN_FILL_SECONDS = 3600  # looks automated: held as possible spam
    page.goto("/book/")
    fill_enquiry(page, email="someone@example.com")
    send(page)
    expect(page.get_by_text(PROMISE)).to_have_count(0)
    screenshot("thanks-without-confirmation")
