"""Bots: the honeypot, the minimum time to fill the form, the per-IP limit, CSRF."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from bookings.models import EmailDelivery, Enquiry
from tests.bookings.booking_form import BOOK_URL, form_token, submit, thanks_page, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spam_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 3
    settings.BOOKING_RATE_LIMIT = "10/h"


def later(seconds):
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds))


def test_a_person_who_takes_their_time_is_not_suspected(client):
    token = form_token(client)
    with later(30):
        thanks_page(client, client.post(BOOK_URL, valid_data(token)))
    enquiry = Enquiry.objects.get()
    assert not enquiry.is_suspected_spam
    assert EmailDelivery.objects.count() == 2


def test_a_form_sent_faster_than_a_person_can_is_kept_as_suspected_spam_without_emails(client):
    page = thanks_page(client, submit(client))  # no time passes
    enquiry = Enquiry.objects.get()
    assert enquiry.is_suspected_spam
    assert not EmailDelivery.objects.exists()
    assert enquiry.reference in page.content.decode()  # a bot learns nothing


def test_a_filled_honeypot_alone_is_kept_as_suspected_spam(client):
    token = form_token(client)
    with later(30):
        thanks_page(client, client.post(BOOK_URL, valid_data(token, website="https://cheap-pills.example")))
    assert Enquiry.objects.get().is_suspected_spam
    assert not EmailDelivery.objects.exists()


def test_a_missing_or_forged_form_stamp_is_suspected_spam(client):
    thanks_page(client, client.post(BOOK_URL, valid_data("")))
    token = form_token(client)
    thanks_page(client, client.post(BOOK_URL, valid_data(token[:-3] + "abc")))
    assert [e.is_suspected_spam for e in Enquiry.objects.all()] == [True, True]
    assert not EmailDelivery.objects.exists()


def test_a_filled_honeypot_with_no_real_form_is_dropped_without_telling_the_bot(client):
    response = client.post(BOOK_URL, valid_data("", website="https://cheap-pills.example"))
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_the_honeypot_is_hidden_from_people(client):
    html = client.get(BOOK_URL).content.decode()
    assert re.search(r'<div\s+class="d-none"\s*>\s*<div class="mb-4">\s*<label[^>]* for="id_website">', html)
    assert 'tabindex="-1"' in html


def test_too_many_posts_from_one_address_get_a_429_with_the_phone_number(client, settings):
    settings.BOOKING_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert submit(client, name="").status_code == 200
    response = submit(client)
    assert response.status_code == 429
    assert settings.PRACTICE_PHONE in response.content.decode()
    assert not Enquiry.objects.exists()
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert submit(other).status_code == 303
    # An hour later the first address may send again.
    with later(3601):
        assert submit(client).status_code == 303


def test_the_limit_is_per_client_behind_a_trusted_proxy(client, settings):
    settings.BOOKING_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(HTTP_X_FORWARDED_FOR="forged, 198.51.100.2")
    assert submit(first).status_code == 303
    assert submit(second).status_code == 303
    assert submit(first).status_code == 429


def test_a_post_without_the_csrf_token_is_refused(settings):
    browser = Client(enforce_csrf_checks=True)
    token = form_token(browser)
    response = browser.post(BOOK_URL, valid_data(token))
    assert response.status_code == 403
    assert "send the form again" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_a_post_with_the_csrf_token_from_the_page_is_accepted():
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(BOOK_URL).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    with later(30):
        response = browser.post(BOOK_URL, valid_data(token, csrfmiddlewaretoken=csrf))
    assert response.status_code == 303
    assert Enquiry.objects.count() == 1


def test_a_resubmitted_enquiry_lands_on_its_thank_you_page_even_at_the_rate_limit(client, settings):
    settings.BOOKING_RATE_LIMIT = "1/h"
    data = valid_data(form_token(client))
    first = client.post(BOOK_URL, data)
    assert first.status_code == 303
    again = client.post(BOOK_URL, data)
    assert again.status_code == 303
    assert again["Location"] == first["Location"]
    assert Enquiry.objects.count() == 1
