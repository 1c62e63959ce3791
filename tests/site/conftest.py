"""The public pages, fetched as a visitor gets them, for the HTML, search and crawl gates."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.site.public_pages import INDEXABLE_PATHS, NOT_INDEXED_PATHS, FetchedPage, enquiry_data


@pytest.fixture
def public_pages(client, settings):
    """Every public page as HTML, and the states a visitor can put a page in: the booking form
    with errors, the thank-you page after an enquiry, the 404."""
    cache.clear()
    settings.BOOKING_MIN_FILL_SECONDS = 0
    call_command("load_articles", stdout=StringIO())
    pages = []

    def keep(name, path, response):
        pages.append(FetchedPage(name, path, response.status_code, response.content.decode()))
        return response

    for name, path in {**INDEXABLE_PATHS, **NOT_INDEXED_PATHS}.items():
        keep(name, path, client.get(path))
    keep("book-with-errors", "/book/", client.post("/book/", {}))
    form = client.get("/book/?article=sciatica-and-lower-back-pain").content.decode()
    sent = client.post("/book/", enquiry_data(form), follow=True)
    keep("thank-you", sent.redirect_chain[-1][0], sent)
    keep("404", "/no-such-page/", client.get("/no-such-page/"))
    return pages
