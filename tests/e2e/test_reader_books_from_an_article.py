"""Flow 1: a reader lands on an article from search, opens the table of contents, follows the call
to action, and the booking form arrives filled in; the enquiry goes through and both emails arrive."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bookings.models import Enquiry
from tests.e2e.booking_form import fill_enquiry, send, treatment_choice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLE = "sciatica-and-lower-back-pain"


def plain_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def open_the_contents(page, viewport):
    """On a phone the contents are a closed <details> to open; on a wide screen they are always shown.
    Either way exactly one "On this page" landmark is exposed (role queries skip hidden elements)."""
    summary = page.locator("summary", has_text="On this page")
    if viewport == "phone":
        expect(page.get_by_role("navigation", name="On this page")).to_have_count(0)
        summary.click()
        expect(page.locator("details.toc")).to_have_attribute("open", "")
    else:
        expect(summary).to_be_hidden()
    contents = page.get_by_role("navigation", name="On this page")
    expect(contents).to_have_count(1)
    expect(contents).to_be_visible()
    return contents


def test_reader_books_from_an_article_and_both_emails_arrive(page, viewport, smtp_server, run_worker):
    page.goto(f"/articles/{ARTICLE}/")

    contents = open_the_contents(page, viewport)
    first_entry = contents.get_by_role("link").first
    expect(first_entry).to_be_visible()
    target = first_entry.get_attribute("href")
    first_entry.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()

    page.locator("section", has=page.get_by_role("heading", name="Book a sports massage at home")).get_by_role(
        "link", name="Book a visit"
    ).click()
    expect(page).to_have_url(re.compile(rf"/book/\?article={ARTICLE}&treatment=sports-massage$"))
    expect(treatment_choice(page, "Sports massage")).to_be_checked()
    expect(page.locator("input[name=article]")).to_have_value(ARTICLE)

    fill_enquiry(page, name="Zoë O'Brien", email="zoe@example.com", treatment=None)
    reference = send(page)

    enquiry = Enquiry.objects.get(reference=reference)
    assert (enquiry.article.slug, enquiry.treatment.slug, enquiry.postcode) == (ARTICLE, "sports-massage", "YO24 1AB")

    run_worker()
    smtp_server.wait_for(2)
    (to_therapist,) = smtp_server.to(settings.THERAPIST_EMAIL)
    (to_client,) = smtp_server.to("zoe@example.com")
    assert "Zoë O'Brien" in to_therapist["Subject"]
    assert to_therapist["Reply-To"] == "zoe@example.com"
    assert reference in plain_text(to_therapist)
    assert reference in plain_text(to_client)
