"""The whole-page cache: public pages served from memory, fresh after an edit, never for staff."""

import datetime
import gzip
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bookings.models import Treatment
from massage_site import cache
from massage_site import settings as production_settings


@pytest.fixture(autouse=True)
def empty_page_cache(settings):
    # As in production: each process re-reads the shared content version once a second.
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def queries_for(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


@pytest.mark.django_db
def test_a_public_page_is_served_again_without_touching_the_database(client):
    first, first_queries = queries_for(client, "/treatments/")
    again, again_queries = queries_for(client, "/treatments/")
    assert first.status_code == again.status_code == 200
    assert first_queries >= 1
    assert again_queries == 0
    assert again.content == first.content
    # A kept page carries the security headers the middleware added when it was rendered.
    assert "default-src 'self'" in again["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_pages_may_be_kept_by_a_shared_cache(client):
    response = client.get("/about/")
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert not response.cookies


@pytest.mark.django_db
def test_an_unchanged_page_is_not_sent_again_to_a_browser_that_has_it(client):
    etag = client.get("/privacy/")["ETag"]
    for _ in range(2):  # rendered, then from the cache
        response = client.get("/privacy/", headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.content == b""


@pytest.mark.django_db
def test_editing_a_treatment_shows_on_the_next_request(client):
    assert "Hot stones" not in client.get("/treatments/").content.decode()
    treatment = Treatment.objects.first()
    treatment.name = "Hot stones"
    treatment.save()
    assert "Hot stones" in client.get("/treatments/").content.decode()
    treatment.delete()
    assert "Hot stones" not in client.get("/treatments/").content.decode()


@pytest.mark.django_db
def test_an_edit_made_by_another_process_shows_within_the_check_interval(client, settings):
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 0
    client.get("/treatments/")
    # Another process saved a treatment: it replaced the shared version, nothing in ours.
    Treatment.objects.filter(pk=Treatment.objects.first().pk).update(name="Hot stones")
    caches["default"].set(cache.VERSION_KEY, "changed-elsewhere", timeout=None)
    assert "Hot stones" in client.get("/treatments/").content.decode()


@pytest.mark.django_db
def test_a_logged_in_visitor_always_gets_a_fresh_page(client, django_user_model):
    client.get("/treatments/")
    user = django_user_model.objects.create_user("therapist", password="a-long-password-1")
    client.force_login(user)
    assert settings.SESSION_COOKIE_NAME in client.cookies
    _, queries = queries_for(client, "/treatments/")
    assert queries >= 1


@pytest.mark.django_db
def test_the_booking_form_is_never_kept(client):
    first, second = client.get("/book/"), client.get("/book/")
    for response in (first, second):
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "no-cache", "must-revalidate", "private"} <= directives
    stamp = 'name="form_token" value="'
    assert first.content.decode().split(stamp)[1][:40] != second.content.decode().split(stamp)[1][:40]


@pytest.mark.django_db
def test_a_cached_page_is_sent_compressed_to_a_browser_that_accepts_gzip(client):
    compressed_at_once = client.get("/privacy/", headers={"Accept-Encoding": "gzip"})
    first = client.get("/privacy/")
    again = client.get("/privacy/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert compressed_at_once["Content-Encoding"] == "gzip"  # a shared cache keeps what it gets first
    plain = client.get("/privacy/", headers={"Accept-Encoding": "identity"})
    assert again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == first.content == plain.content
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in again["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert again["ETag"] != plain["ETag"]


PUBLIC_PAGES = ["/", "/treatments/", "/about/", "/privacy/", "/articles/", "/articles/sciatica-and-lower-back-pain/"]


@pytest.fixture
def articles_loaded(db, settings, tmp_path):
    settings.ARTICLES_SHARE_IMAGE_ROOT = tmp_path / "build"
    call_command("load_articles", stdout=StringIO())


def headers_of(response):
    return {name: value for name, value in response.headers.items() if name != "Date"}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("encoding", ["gzip, br", "identity"])
def test_a_kept_page_has_the_same_headers_as_a_rendered_one(client, articles_loaded, settings, path, encoding):
    headers = {"Accept-Encoding": encoding}
    first = client.get(path, headers=headers, secure=True)
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(path, headers=headers, secure=True)
    assert len(queries) == 0  # served from memory
    # The same site without the page cache: the page rendered by the whole stack.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "massage_site.cache.PageCacheMiddleware"]
    rendered = Client().get(path, headers=headers, secure=True)
    assert rendered.status_code == first.status_code == kept.status_code == 200

    assert headers_of(kept) == headers_of(first)
    assert kept.content == first.content
    if encoding == "identity":
        assert headers_of(kept) == headers_of(rendered)
        assert kept.content == rendered.content
    else:
        assert gzip.decompress(kept.content) == rendered.content
    assert "default-src 'self'" in kept["Content-Security-Policy"]
    assert kept["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Accept-Encoding" in kept["Vary"]
    assert kept["ETag"]
    assert kept["Cache-Control"] == f"public, max-age={settings.PAGE_CACHE_MAX_AGE}"
    assert kept["X-Frame-Options"] == "DENY"
    assert "Permissions-Policy" in kept
    assert "Set-Cookie" not in kept and not kept.cookies


@pytest.mark.django_db
def test_a_kept_page_answers_a_browser_that_has_it_with_a_304(client):
    client.get("/about/")  # kept now
    kept = client.get("/about/", headers={"Accept-Encoding": "identity"})
    compressed = client.get("/about/", headers={"Accept-Encoding": "gzip"})
    for response in (kept, compressed):
        encoding = response.get("Content-Encoding", "identity")
        again = client.get("/about/", headers={"If-None-Match": response["ETag"], "Accept-Encoding": encoding})
        assert again.status_code == 304
        assert again.content == b""
    assert client.get("/about/", headers={"If-None-Match": '"something-else"'}).status_code == 200


@pytest.mark.django_db
def test_each_process_reads_the_shared_version_again_about_every_second(client, settings, time_machine):
    # Production's interval, not the suite's (tests/settings.py sets a long one).
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = production_settings.PAGE_CACHE_VERSION_CHECK_SECONDS
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC), tick=False)
    time_machine.shift(60)  # the last check was long ago
    assert "Hot stones" not in client.get("/treatments/").content.decode()

    # Another process saves a treatment: it replaces the shared version, nothing in ours.
    Treatment.objects.filter(pk=Treatment.objects.first().pk).update(name="Hot stones")
    caches["default"].set(cache.VERSION_KEY, "changed-elsewhere", timeout=None)

    time_machine.shift(0.5)
    _, queries = queries_for(client, "/treatments/")
    assert queries == 0  # half a second on: still this process's page, not even the version read
    assert "Hot stones" not in client.get("/treatments/").content.decode()
    time_machine.shift(0.6)
    assert "Hot stones" in client.get("/treatments/").content.decode()


@pytest.mark.django_db
def test_a_request_carrying_any_cookie_gets_a_rendered_page(client):
    client.get("/treatments/")
    client.cookies["csrftoken"] = "a" * 32
    _, queries = queries_for(client, "/treatments/")
    assert queries >= 1


@pytest.mark.django_db
def test_the_admin_sign_in_page_is_never_kept(client):
    for _ in range(2):
        response = client.get(f"/{settings.ADMIN_URL}login/")
        assert response.status_code == 200
        assert "public" not in response["Cache-Control"]
        assert response.cookies.get(settings.CSRF_COOKIE_NAME)
        client.cookies.clear()
