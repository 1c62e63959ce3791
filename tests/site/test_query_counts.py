"""Queries per public page, pinned: a page that starts costing more is a regression to look at.

The first request renders the page (its view's queries); the next is served by the
whole-page cache (massage_site/cache.py) and costs none. The booking form is never cached (it
carries a fresh CSRF token and form stamp each time), but its page is rendered once per process
and content version with those put in per visit (bookings/form_page.py), so it costs none again.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

ARTICLE = "/articles/sciatica-and-lower-back-pain/"

# path: (most queries when rendered, most when served again)
BUDGET = {
    # treatments, their prices, articles, the practice profile, testimonials
    "/": (5, 0),
    "/treatments/": (2, 0),
    "/about/": (2, 0),
    "/areas/": (0, 0),
    "/privacy/": (1, 0),
    "/what-to-expect/": (1, 0),
    "/articles/": (1, 0),
    ARTICLE: (3, 0),
    # The treatments, their prices (beside each in the form), the therapist's name.
    "/book/": (3, 0),
}


@pytest.fixture
def site_content(db, settings, tmp_path):
    settings.ARTICLES_SHARE_IMAGE_ROOT = tmp_path / "build"
    call_command("load_articles", stdout=StringIO())


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("path", BUDGET)
def test_a_public_page_stays_within_its_query_budget(client, site_content, path):
    rendered, again = BUDGET[path]
    assert queries(client, path) <= rendered
    assert queries(client, path) <= again


def test_an_article_page_costs_at_most_three_queries_and_none_once_cached(client, site_content):
    assert queries(client, ARTICLE) <= 3
    assert queries(client, ARTICLE) == 0
