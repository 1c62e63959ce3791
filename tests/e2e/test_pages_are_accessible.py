"""axe-core finds no violation on any public page, nor on the admin's enquiry pages, at phone and
desktop sizes. Each page is screenshotted for a person to look at (test-artifacts/e2e/), and no
public page logs an error in the browser (a CSP violation, a missing file, a script error)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bookings.models import Enquiry
from tests.browser_client import BrowserClient as Client
from tests.e2e.booking_form import fill_enquiry, send
from tests.site.public_pages import INDEXABLE_PATHS, NOT_INDEXED_PATHS, enquiry_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = {**INDEXABLE_PATHS, **NOT_INDEXED_PATHS}


@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_has_no_accessibility_violations(page, name, assert_accessible, screenshot, console_errors):
    response = page.goto(PAGES[name])
    assert response.status == 200
    screenshot(name)
    assert_accessible()
    assert console_errors == []
    # Nothing wider than the screen: no sideways scrolling on a phone (WCAG 1.4.10 Reflow).
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_page_not_found_is_accessible(page, assert_accessible, screenshot, console_errors):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    screenshot("404")
    assert_accessible()
    # The one error allowed is Chromium's note that the page itself came with status 404.
    assert [error for error in console_errors if not error.endswith("/no-such-page/)")] == []


def test_booking_form_with_errors_is_accessible(page, assert_accessible, screenshot, console_errors):
    page.goto("/book/")
    page.get_by_role("button", name="Send enquiry").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    screenshot("book-with-errors")
    assert_accessible()
    assert console_errors == []


def test_thank_you_page_is_accessible(page, assert_accessible, screenshot, console_errors):
    page.goto("/book/")
    fill_enquiry(page)
    send(page)
    screenshot("thank-you")
    assert_accessible()
    assert console_errors == []


def test_admin_enquiry_list_and_change_page_are_accessible(page, sign_in, assert_accessible, screenshot):
    client = Client()
    form = client.get("/book/").content.decode()
    assert client.post("/book/", enquiry_data(form, name="Ada Lovelace")).status_code == 303
    assert Enquiry.objects.filter(name="Ada Lovelace").exists()
    sign_in()

    page.goto(f"/{settings.ADMIN_URL}bookings/enquiry/")
    expect(page.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    screenshot("admin-enquiry-list")
    assert_accessible()

    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("link", name="Book a visit")).to_be_visible()
    screenshot("admin-enquiry-change")
    assert_accessible()
