"""The booking limit counts saved enquiries per network over a sliding window, in the database:
it holds for the whole window, says truly when to try again, counts an IPv6 client by its
/64, counts nothing that was not saved, and its rows are purged by the worker."""

import datetime
import threading
import time

import pytest
import time_machine
from django.core.cache import cache

from bookings.management.commands.run_worker import housekeeping
from bookings.models import Enquiry, SentFromNetwork
from tests.bookings.booking_form import BOOK_URL, form_token, submit, valid_data
from tests.browser_client import BrowserClient as Client
from tests.conftest import free_port

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 1, 4, 9, 0, 1, tzinfo=datetime.UTC)  # just after an hour begins


@pytest.fixture(autouse=True)
def limit_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "3/h"


def test_posts_further_apart_than_a_cache_timeout_still_meet_the_limit(client):
    # A counter in Django's DatabaseCache lost its timeout on every incr (300 s): posts 301 s
    # apart were each the first of a new count.
    statuses = []
    for number in range(6):
        with time_machine.travel(START + datetime.timedelta(seconds=301 * number)):
            statuses.append(submit(client).status_code)
    assert statuses == [303, 303, 303, 429, 429, 429]
    assert Enquiry.objects.count() == 3


def test_the_window_slides_and_retry_after_says_when_the_oldest_post_leaves_it(client):
    for minute in (0, 10, 20):
        with time_machine.travel(START + datetime.timedelta(minutes=minute), tick=False):
            assert submit(client).status_code == 303
    with time_machine.travel(START + datetime.timedelta(minutes=30), tick=False):
        refused = submit(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(30 * 60)  # the first post leaves the hour at 10:00:01
    assert "send the form again in 30 minutes" in refused.content.decode()
    # A fixed window would have opened at 10:00; the sliding one opens when the first post is an hour old.
    with time_machine.travel(START + datetime.timedelta(minutes=59, seconds=59)):
        assert submit(client).status_code == 429
    with time_machine.travel(START + datetime.timedelta(minutes=60, seconds=1)):
        assert submit(client).status_code == 303
        assert submit(client).status_code == 429


def test_a_refused_or_mistaken_post_counts_nothing(client):
    with time_machine.travel(START):
        for _ in range(3):
            assert client.post(BOOK_URL, valid_data(form_token(client), postcode="not a postcode")).status_code == 200
        assert SentFromNetwork.objects.count() == 0
        assert [submit(client).status_code for _ in range(4)] == [303, 303, 303, 429]
        assert SentFromNetwork.objects.count() == 3


def test_an_ipv6_client_is_counted_by_its_64():
    same_home = [Client(REMOTE_ADDR=f"2001:db8:5:7:{n}::1") for n in range(1, 5)]
    with time_machine.travel(START):
        assert [submit(browser).status_code for browser in same_home] == [303, 303, 303, 429]
        neighbour = Client(REMOTE_ADDR="2001:db8:5:8::1")  # the next /64: another household
        assert submit(neighbour).status_code == 303


def test_an_ipv4_mapped_address_is_the_ipv4_client():
    with time_machine.travel(START):
        for _ in range(3):
            assert submit(Client(REMOTE_ADDR="192.0.2.44")).status_code == 303
        assert submit(Client(REMOTE_ADDR="::ffff:192.0.2.44")).status_code == 429


def test_no_address_is_stored_only_a_keyed_hash(client):
    with time_machine.travel(START):
        submit(Client(REMOTE_ADDR="192.0.2.44"))
    [row] = SentFromNetwork.objects.all()
    assert "192.0.2.44" not in row.network
    assert len(row.network) == 32


def test_the_limit_holds_when_the_cache_is_unreachable(client, settings):
    """The count is in the database: a cache that is down neither stops enquiries nor lifts the limit."""
    nothing_listens = f"redis://127.0.0.1:{free_port()}/4"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": nothing_listens}
    }
    settings.BOOKING_RATE_LIMIT = "2/h"
    cache.close()
    statuses = [client.post(BOOK_URL, valid_data(form_token(client))).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    assert Enquiry.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_deletes_counts_older_than_the_window(client):
    with time_machine.travel(START, tick=False):
        submit(client)
    with time_machine.travel(START + datetime.timedelta(minutes=59), tick=False):
        submit(client)
    with time_machine.travel(START + datetime.timedelta(minutes=61)):
        stop = threading.Event()
        thread = threading.Thread(target=housekeeping, args=(stop, 0.1), daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while SentFromNetwork.objects.count() > 1 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(5)
        [kept] = SentFromNetwork.objects.all()
    assert kept.sent_at == START + datetime.timedelta(minutes=59)
    assert Enquiry.objects.count() == 2  # the enquiries themselves are untouched


def test_a_limit_of_none_refuses_every_post_with_a_whole_period_to_wait(client, settings):
    settings.BOOKING_RATE_LIMIT = "0/h"
    refused = submit(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert Enquiry.objects.count() == 0


def test_a_double_click_on_the_post_that_reaches_the_limit_lands_on_its_thank_you_page(client):
    # The form token's unique constraint finds a double submit, after the limit is read: the
    # second click of the limit's last post must not be told it sent too many.
    with time_machine.travel(START):
        for _ in range(2):
            submit(client)
        data = valid_data(form_token(client), email="last@example.com")
        first = client.post(BOOK_URL, data)
        second = client.post(BOOK_URL, data)
    assert first.status_code == second.status_code == 303
    assert second["Location"] == first["Location"]
    assert Enquiry.objects.count() == 3
    assert SentFromNetwork.objects.count() == 3
