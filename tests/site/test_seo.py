"""What a search engine reads: one <h1>, a unique title and description, a canonical URL, Open Graph
tags, JSON-LD that parses and names the page, and a sitemap of exactly the public pages."""

import json
from io import StringIO
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from tests.site.public_pages import INDEXABLE_PATHS, NOT_INDEXED_PATHS

SITE_URL = "https://www.example.co.uk"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OPEN_GRAPH = ["og:title", "og:description", "og:url", "og:type", "og:site_name"]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def soups(public_pages):
    return {page.name: BeautifulSoup(page.html, "html.parser") for page in public_pages}


def meta(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    return tag["content"].strip() if tag and tag.has_attr("content") else None


def canonical(soup):
    tag = soup.find("link", rel="canonical")
    return tag["href"] if tag else None


@pytest.mark.django_db
def test_every_public_page_answers_as_it_should(public_pages):
    statuses = {page.name: page.status for page in public_pages}
    assert statuses == {**dict.fromkeys(statuses, 200), "404": 404}


@pytest.mark.django_db
def test_every_page_has_exactly_one_h1(soups):
    counts = {name: len(soup.find_all("h1")) for name, soup in soups.items()}
    assert counts == dict.fromkeys(soups, 1)


@pytest.mark.django_db
def test_indexable_pages_have_unique_titles_and_descriptions(soups):
    titles = {name: soups[name].title.get_text(strip=True) for name in INDEXABLE_PATHS}
    descriptions = {name: meta(soups[name], name="description") for name in INDEXABLE_PATHS}
    assert all(titles.values()), titles
    assert all(descriptions.values()), descriptions
    assert len(set(titles.values())) == len(titles), titles
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert {name: d for name, d in descriptions.items() if len(d) > 160} == {}


@pytest.mark.django_db
def test_indexable_pages_have_a_canonical_url_and_open_graph_tags(soups):
    for name, path in INDEXABLE_PATHS.items():
        soup = soups[name]
        assert canonical(soup) == SITE_URL + path, name
        missing = [prop for prop in OPEN_GRAPH if not meta(soup, property=prop)]
        assert missing == [], f"{name} lacks {missing}"
        assert meta(soup, property="og:url") == SITE_URL + path, name
        assert meta(soup, name="robots") is None, name


@pytest.mark.django_db
def test_pages_that_only_answer_a_visitor_are_kept_out_of_search(soups):
    for name in [*NOT_INDEXED_PATHS, "thank-you"]:
        assert "noindex" in (meta(soups[name], name="robots") or ""), name
        assert canonical(soups[name]) is None, name
    assert canonical(soups["404"]) is None
    # The form with errors is the booking form: its canonical URL is the form's.
    assert canonical(soups["book-with-errors"]) == SITE_URL + INDEXABLE_PATHS["book"]


@pytest.mark.django_db
def test_json_ld_parses_and_names_the_page_it_is_on(soups):
    articles = [name for name in INDEXABLE_PATHS if name.startswith("article-")]
    for name, soup in soups.items():
        scripts = soup.find_all("script", type="application/ld+json")
        if name in articles:
            assert scripts, f"{name} has no JSON-LD"
        for script in scripts:
            data = json.loads(script.string)  # fails the test when it does not parse
            nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
            # WebPage and its kinds: MedicalWebPage, FAQPage.
            pages = [node for node in nodes if str(node.get("@type", "")).endswith("Page")]
            assert pages, f"{name}: the JSON-LD describes no web page"
            for node in pages:
                assert node.get("url") == canonical(soup), f"{name}: {node.get('url')}"
                names = {node.get("name"), node.get("headline")}
                shown = {soup.title.get_text(strip=True), soup.h1.get_text(" ", strip=True)}
                assert names & shown, f"{name}: JSON-LD names {names}, the page shows {shown}"


@pytest.mark.django_db
def test_sitemap_lists_exactly_the_public_pages_and_each_answers_200(client, settings):
    call_command("load_articles", stdout=StringIO())
    host = urlsplit(SITE_URL).hostname
    settings.ALLOWED_HOSTS = [host]
    response = client.get("/sitemap.xml", HTTP_HOST=host, secure=True)
    assert response.status_code == 200
    locations = [loc.text.strip() for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP_NS}loc")]
    assert sorted(locations) == sorted(SITE_URL + path for path in INDEXABLE_PATHS.values())
    for location in locations:
        answer = client.get(urlsplit(location).path, HTTP_HOST=host, secure=True)
        assert answer.status_code == 200, location
