"""Issue 11 in the browser, at 390 and 1280 px: the article answers first, the phone bar is there
while reading and gone on the booking pages, the short form fits, each reply method is checked
with and without JavaScript, and nobody is turned away for their symptoms."""

import re

import pytest
from playwright.sync_api import expect

from bookings.models import EmailDelivery, EmailKind, Enquiry
from tests.e2e.booking_form import send

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLES = ["sciatica-and-lower-back-pain", "sports-massage-for-lower-back-pain"]
TOUCH_TARGET = 44


def bar_top(page):
    """Where the phone bar starts (the screen's height when there is no bar)."""
    return page.evaluate(
        "() => { const bar = document.querySelector('.phone-bar');"
        " return bar && bar.offsetParent !== null ? bar.getBoundingClientRect().top : innerHeight }"
    )


@pytest.mark.parametrize("slug", ARTICLES)
def test_the_first_paragraph_starts_on_the_first_screen(page, slug, console_errors):
    page.goto(f"/articles/{slug}/")
    first = page.locator(".article-body p").first
    box = first.bounding_box()
    line = float(first.evaluate("p => parseFloat(getComputedStyle(p).lineHeight)"))
    # At least its first two lines can be read without scrolling, above the phone bar.
    assert box["y"] + 2 * line <= bar_top(page), (box, bar_top(page))
    expect(page.locator(".urgent-pointer")).to_be_in_viewport()
    assert console_errors == []


def test_the_phone_bar_is_there_mid_article_on_a_phone_only(page, viewport):
    page.goto("/articles/sports-massage-for-lower-back-pain/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    bar = page.get_by_role("navigation", name="Call, text or book")
    if viewport == "desktop":
        expect(bar).to_be_hidden()
        return
    expect(bar).to_be_visible()
    expect(bar).to_be_in_viewport()
    call, text, book = (bar.get_by_role("link", name=name) for name in ["Call", "Text", "Book a visit"])
    expect(call).to_have_attribute("href", "tel:+447713250352")
    expect(text).to_have_attribute("href", "sms:+447713250352")
    expect(book).to_have_attribute("href", "/book/")
    for link in (call, text, book):
        box = link.bounding_box()
        assert box["height"] >= TOUCH_TARGET and box["width"] >= TOUCH_TARGET, box
    # The page leaves room for it: at the very bottom, the footer's last link is above the bar.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last_link = page.locator("footer a").last.bounding_box()
    assert last_link["y"] + last_link["height"] <= bar_top(page)


def test_the_phone_bar_works_without_javascript(browser, live_server, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/articles/it-band-and-lower-back-pain/")
    bar = page.get_by_role("navigation", name="Call, text or book")
    expect(bar).to_be_in_viewport()
    bar.get_by_role("link", name="Book a visit").click()
    expect(page).to_have_url(re.compile(r"/book/$"))
    expect(page.get_by_role("navigation", name="Call, text or book")).to_have_count(0)
    context.close()


def test_the_send_button_is_within_two_and_a_half_screens_of_the_top(page):
    page.goto("/book/")
    expect(page.get_by_role("navigation", name="Call, text or book")).to_have_count(0)
    button = page.get_by_role("button", name="Send enquiry").bounding_box()
    top = page.evaluate("scrollY")
    assert top + button["y"] + button["height"] <= 2.5 * page.viewport_size["height"], button


def test_an_enquiry_with_only_the_required_answers_goes_through_and_the_page_says_how_the_reply_comes(
    page, console_errors
):
    page.goto("/book/")
    # No medical question: the only tick-box is the consent, and nothing is asked about symptoms.
    checkboxes = page.locator("#enquiry-form input[type=checkbox]:visible")
    expect(checkboxes).to_have_count(1)
    expect(page.get_by_role("link", name="See when to get medical help first")).to_have_attribute("target", "_blank")
    page.get_by_label("Your name").fill("Sam Runner")
    page.get_by_label("Text message").check()
    page.get_by_label("Phone number").fill("07912 345678")
    page.get_by_label("Deep tissue massage").check()
    page.get_by_label("Postcode of the address for the visit").fill("YO31 7AB")
    page.get_by_label("I agree that the details I give here").check()
    reference = send(page)

    expect(page.locator(".reply-promise")).to_have_text("David will text 07912 345678 within one working day.")
    expect(page.get_by_role("main")).to_contain_text("Wrong number? Call 07713 250352")
    expect(page.get_by_role("main")).not_to_contain_text("email")
    expect(page.get_by_role("navigation", name="Call, text or book")).to_have_count(0)
    enquiry = Enquiry.objects.get(reference=reference)
    assert (enquiry.contact_method, enquiry.email, enquiry.preferred_days) == ("text", "", [])
    assert list(EmailDelivery.objects.filter(enquiry=enquiry).values_list("kind", flat=True)) == [EmailKind.THERAPIST]
    assert console_errors == []


def test_the_script_shows_only_the_detail_the_chosen_reply_method_needs(page):
    page.goto("/book/")
    phone, email = page.get_by_label("Phone number"), page.get_by_label("Email address")
    expect(phone).to_be_hidden()
    expect(email).to_be_hidden()
    for method, shown, hidden in [
        ("Phone call", phone, email),
        ("Text message", phone, email),
        ("Email", email, phone),
    ]:
        page.get_by_label(method, exact=True).check()
        expect(shown).to_be_visible()
        expect(hidden).to_be_hidden()
    # The server checks the chosen method's detail: an email reply with no address.
    page.get_by_label("Your name").fill("Sam")
    page.get_by_role("button", name="Send enquiry").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter an email address for the therapist to reply to")
    expect(page.get_by_label("Email address")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_be_checked()
    expect(page.get_by_label("Your name")).to_have_value("Sam")


@pytest.mark.parametrize(
    ("method", "detail", "value", "error"),
    [
        ("Phone call", None, "", "Enter a phone number for the therapist to call"),
        ("Text message", None, "", "Enter a mobile number for the therapist to text"),
        ("Text message", "Phone number", "01904 123456", "This looks like a landline"),
        ("Email", None, "", "Enter an email address for the therapist to reply to"),
        ("Email", "Email address", "not-an-address", "Enter an email address in the correct format"),
    ],
)
def test_each_reply_method_is_checked_by_the_server_without_javascript(
    browser, live_server, site, method, detail, value, error
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/book/")
    # Without the script every detail is shown.
    expect(page.get_by_label("Phone number")).to_be_visible()
    expect(page.get_by_label("Email address")).to_be_visible()
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label(method, exact=True).check()
    if detail:
        page.get_by_label(detail).fill(value)
    page.get_by_label("Swedish massage").check()
    page.get_by_label("Postcode of the address for the visit").fill("YO24 1AB")
    page.get_by_label("I agree that the details I give here").check()
    page.get_by_role("button", name="Send enquiry").click()
    expect(page.get_by_role("alert")).to_contain_text(error)
    expect(page.get_by_label("Your name")).to_have_value("Sam")
    assert Enquiry.objects.count() == 0
    context.close()


def test_an_error_in_the_optional_details_opens_them(page):
    page.goto("/book/")
    page.get_by_text("More details (optional)").click()
    page.get_by_label("Anything else about when?").fill("after 5\x07pm")  # pasted with a hidden character
    page.get_by_role("button", name="Send enquiry").click()
    expect(page.get_by_role("alert")).to_contain_text("Remove the hidden control characters")
    expect(page.locator("details.more-details")).to_have_attribute("open", "")
    expect(page.get_by_label("Anything else about when?")).to_be_visible()
