"""Flow 3: a client with one of the urgent signs is sent to medical help, and no enquiry is made."""

import pytest
from playwright.sync_api import expect

from bookings.models import EmailDelivery, Enquiry
from tests.e2e.booking_form import fill_enquiry

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_client_with_an_urgent_sign_is_sent_to_medical_help_and_nothing_is_saved(page, console_errors):
    page.goto("/book/")
    page.get_by_label("Your name").fill("Pat Urgent")
    page.get_by_label("Postcode of the address for the visit").fill("YO10 5DD")
    expect(page.get_by_role("heading", name="When not to wait for a massage")).to_be_visible()

    page.get_by_role("link", name="One of these applies to me").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Get medical help first")
    main = page.get_by_role("main")
    expect(main).to_contain_text("call 999")
    expect(main).to_contain_text("call NHS 111")
    expect(main).to_contain_text("nothing you typed has been saved")
    assert Enquiry.objects.count() == 0
    assert EmailDelivery.objects.count() == 0
    assert console_errors == []


def test_enquiry_is_not_sent_until_the_client_confirms_no_urgent_sign_applies(page):
    page.goto("/book/")
    fill_enquiry(page)
    page.get_by_label("None of these applies to me").uncheck()
    page.get_by_role("button", name="Send enquiry").click()

    expect(page.get_by_role("alert")).to_contain_text("Confirm that none of the urgent signs applies to you")
    expect(page.get_by_label("Your name")).to_have_value("Zoë O'Brien")
    assert Enquiry.objects.count() == 0
