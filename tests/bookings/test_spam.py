"""Bots: the honeypot, the minimum time to fill the form, the per-IP limit, CSRF."""

import datetime
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings import spam
from bookings.models import EmailDelivery, EmailKind, Enquiry, Status
from tests.bookings.booking_form import BOOK_URL, form_token, submit, thanks_page, valid_data
from tests.browser_client import BrowserClient as Client
from tests.site.test_settings import manage

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


def kinds():
    return sorted(EmailDelivery.objects.values_list("kind", flat=True))


def assert_held_as_possible_spam(page):
    """Saved, filed under Spam, the therapist told, the client's confirmation held back and
    the client not promised one."""
    enquiry = Enquiry.objects.get()
    assert enquiry.is_suspected_spam
    assert (enquiry.status, enquiry.closed_at is not None) == (Status.SPAM, True)
    assert kinds() == [EmailKind.THERAPIST]
    html = page.content.decode()
    assert enquiry.reference in html  # a bot learns nothing
    assert "confirmation email" not in html


def test_a_form_sent_faster_than_a_person_can_reaches_the_therapist_as_possible_spam(client):
    assert_held_as_possible_spam(thanks_page(client, submit(client)))  # no time passes, e.g. autofill


def test_a_filled_honeypot_alone_reaches_the_therapist_as_possible_spam(client):
    token = form_token(client)
    with later(30):
        page = thanks_page(client, client.post(BOOK_URL, valid_data(token, website="https://cheap-pills.example")))
    assert_held_as_possible_spam(page)


def test_a_missing_or_forged_form_stamp_reaches_the_therapist_as_possible_spam(client):
    thanks_page(client, client.post(BOOK_URL, valid_data("")))
    token = form_token(client)
    thanks_page(client, client.post(BOOK_URL, valid_data(token[:-3] + "abc")))
    assert [e.is_suspected_spam for e in Enquiry.objects.all()] == [True, True]
    assert kinds() == [EmailKind.THERAPIST, EmailKind.THERAPIST]


def test_a_form_opened_before_a_key_rotation_is_not_suspected(client, settings):
    old_key = settings.SECRET_KEY
    token = form_token(client)
    settings.SECRET_KEY = "rotated-" + "n3wK3yF0rTh3S1t3-" * 3
    settings.SECRET_KEY_FALLBACKS = [old_key]
    with later(30):
        page = thanks_page(client, client.post(BOOK_URL, valid_data(token)))
    assert not Enquiry.objects.get().is_suspected_spam
    assert kinds() == [EmailKind.CLIENT, EmailKind.THERAPIST]
    assert "A confirmation email is on its way" in page.content.decode()


def test_key_fallbacks_are_read_from_the_environment():
    code = "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"
    result = manage("shell", "--no-imports", "-c", code, DEBUG="true", SECRET_KEY_FALLBACKS="old-key-1,old-key-2")
    assert result.stdout.strip() == "['old-key-1', 'old-key-2']"


def test_a_form_left_open_for_days_is_not_suspected(client):
    token = form_token(client)
    with later(3 * 24 * 60 * 60):
        thanks_page(client, client.post(BOOK_URL, valid_data(token)))
    assert not Enquiry.objects.get().is_suspected_spam
    assert kinds() == [EmailKind.CLIENT, EmailKind.THERAPIST]


def test_certain_spam_is_dropped_without_telling_the_bot_and_counted_for_the_therapist(client, therapist):
    desk = reverse("admin:index")
    assert dropped_on_desk(client.get(desk)) == 0
    for _ in range(2):
        response = client.post(BOOK_URL, valid_data("", website="https://cheap-pills.example"))
        assert response.status_code == 200
        assert "Thank you" in response.content.decode()
    assert not Enquiry.objects.exists()
    assert not EmailDelivery.objects.exists()
    assert dropped_on_desk(client.get(desk)) == 2
    with later(31 * 24 * 60 * 60):  # the desk counts the last 30 days
        assert spam.dropped_spam_count(days=30) == 0


def dropped_on_desk(page):
    soup = BeautifulSoup(page.content, "html.parser")
    return int(soup.select_one("#desk-dropped-spam .desk-count-number").get_text())


def test_the_honeypot_is_hidden_from_people(client):
    html = client.get(BOOK_URL).content.decode()
    assert re.search(r'<div\s+class="d-none"\s*>\s*<div class="mb-4">\s*<label[^>]* for="id_website">', html)
    assert 'tabindex="-1"' in html


def test_too_many_enquiries_from_one_address_get_a_429_that_keeps_what_was_typed(client, settings):
    settings.BOOKING_RATE_LIMIT = "3/h"
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, 0, 1, tzinfo=datetime.UTC)):
        for _ in range(3):
            assert submit(client).status_code == 303
        response = submit(client, message="My shoulder has hurt since Tuesday")
    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Too many enquiries have been sent from this connection" in html
    assert "send the form again in 60 minutes" in html
    assert settings.PRACTICE_PHONE in html
    assert "My shoulder has hurt since Tuesday</textarea>" in html
    assert 'value="07912 345678"' in html
    assert Enquiry.objects.count() == 3
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert submit(other).status_code == 303
    # Once those three are an hour old, the first address may send again.
    with time_machine.travel(datetime.datetime(2027, 1, 4, 10, 0, 5, tzinfo=datetime.UTC)):
        assert submit(client).status_code == 303


def test_forms_sent_back_with_a_mistake_are_not_counted(client, settings):
    settings.BOOKING_RATE_LIMIT = "1/h"
    for _ in range(5):
        response = submit(client, name="")
        assert response.status_code == 200
        assert "Enter your name" in response.content.decode()
    assert submit(client).status_code == 303
    assert submit(client).status_code == 429


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
