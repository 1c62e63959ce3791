"""The booking limit holds for its whole window on every cache the site runs on, counts an
IPv6 client by its /64, and never stops an enquiry because the cache is down."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from bookings.models import Enquiry
from tests.bookings.booking_form import BOOK_URL, form_token, submit, valid_data
from tests.browser_client import BrowserClient as Client
from tests.conftest import free_port

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 1, 4, 9, 0, 1, tzinfo=datetime.UTC)  # just after an hour begins
REDIS = "redis://127.0.0.1:6379/4"


@pytest.fixture(params=["database", "redis"])
def cache_backend(request, settings):
    if request.param == "redis":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}}
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture(autouse=True)
def limit_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "3/h"


def test_posts_further_apart_than_the_caches_default_timeout_still_meet_the_limit(client, cache_backend):
    # Django's DatabaseCache.incr re-set the counter with the default 300 s timeout, so
    # posts 301 s apart were each the first of a new count.
    statuses = []
    for number in range(6):
        with time_machine.travel(START + datetime.timedelta(seconds=301 * number)):
            statuses.append(submit(client).status_code)
    assert statuses == [303, 303, 303, 429, 429, 429]
    assert Enquiry.objects.count() == 3


def test_an_ipv6_client_is_counted_by_its_64(cache_backend):
    same_home = [Client(REMOTE_ADDR=f"2001:db8:5:7:{n}::1") for n in range(1, 5)]
    with time_machine.travel(START):
        assert [submit(browser).status_code for browser in same_home] == [303, 303, 303, 429]
        neighbour = Client(REMOTE_ADDR="2001:db8:5:8::1")  # the next /64: another household
        assert submit(neighbour).status_code == 303


def test_an_ipv4_mapped_address_is_the_ipv4_client(cache_backend):
    with time_machine.travel(START):
        for _ in range(3):
            assert submit(Client(REMOTE_ADDR="192.0.2.44")).status_code == 303
        assert submit(Client(REMOTE_ADDR="::ffff:192.0.2.44")).status_code == 429


def test_enquiries_go_through_when_the_cache_is_unreachable(client, settings):
    nothing_listens = f"redis://127.0.0.1:{free_port()}/4"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": nothing_listens}
    }
    settings.BOOKING_RATE_LIMIT = "1/h"
    for _ in range(3):
        assert client.post(BOOK_URL, valid_data(form_token(client))).status_code == 303
    assert Enquiry.objects.count() == 3
