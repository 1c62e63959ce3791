"""sitemap.xml gives each page the date it last changed, where there is one: the articles their
content date, the home page and the article list the last change to any article."""

import datetime
from io import StringIO
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import time_machine
from django.core.management import call_command

from articles.models import Article

SITE_URL = "https://www.example.co.uk"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [urlsplit(SITE_URL).hostname]


def lastmods(client):
    response = client.get("/sitemap.xml", HTTP_HOST=urlsplit(SITE_URL).hostname, secure=True)
    assert response.status_code == 200
    return {
        urlsplit(url.find("s:loc", NS).text.strip()).path: getattr(url.find("s:lastmod", NS), "text", None)
        for url in ElementTree.fromstring(response.content).iterfind("s:url", NS)
    }


def test_home_and_the_article_list_carry_the_date_of_the_last_article_change(client):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        call_command("load_articles", stdout=StringIO())
    dates = lastmods(client)
    assert dates["/"] == dates["/articles/"] == "2026-03-02"
    assert dates["/articles/sciatica-and-lower-back-pain/"] == "2026-03-02"
    # No timestamp to go on: no lastmod rather than a made-up one.
    assert dates["/treatments/"] is None

    # Taking an article off the site changes both lists.
    with time_machine.travel(datetime.datetime(2026, 5, 17, 9, 0, tzinfo=datetime.UTC), tick=False):
        article = Article.objects.get(slug="it-band-and-lower-back-pain")
        article.is_published = False
        article.save(update_fields=["is_published", "updated_at"])
    dates = lastmods(client)
    assert dates["/"] == dates["/articles/"] == "2026-05-17"
    assert "/articles/it-band-and-lower-back-pain/" not in dates


def test_with_no_articles_the_sitemap_still_answers(client):
    dates = lastmods(client)
    assert dates["/"] is None
    assert "/treatments/" in dates
