"""The public pages, fetched as a visitor gets them, for the HTML, search and crawl gates."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.site.public_pages import PUBLIC_PATHS, FetchedPage


@pytest.fixture
def public_pages(client, settings):
    """Every public page as HTML, including the states a visitor can put a page in (the 404)."""
    cache.clear()
    settings.BOOKING_MIN_FILL_SECONDS = 0
    call_command("load_articles", stdout=StringIO())
    pages = []
    for name, path in PUBLIC_PATHS.items():
        response = client.get(path)
        pages.append(FetchedPage(name, path, response.status_code, response.content.decode()))
    response = client.get("/no-such-page/")
    pages.append(FetchedPage("404", "/no-such-page/", response.status_code, response.content.decode()))
    return pages
