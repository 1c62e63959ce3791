"""What a search engine reads: one <h1>, a unique title and description, a canonical URL, Open Graph
tags, JSON-LD that parses and names the page, and a sitemap of exactly the public pages."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.site.public_pages import INDEXABLE, PUBLIC_PATHS

SITE_URL = "https://www.example.co.uk"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OPEN_GRAPH = ["og:title", "og:description", "og:url", "og:type", "og:site_name"]


@pytest.fixture
def soups(public_pages, settings):
    return {page.name: BeautifulSoup(page.html, "html.parser") for page in public_pages}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def meta(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    return tag["content"].strip() if tag and tag.has_attr("content") else None


def canonical(soup):
    tag = soup.find("link", rel="canonical")
    return tag["href"] if tag else None


@pytest.mark.django_db
def test_every_page_has_exactly_one_h1(soups):
    counts = {name: len(soup.find_all("h1")) for name, soup in soups.items()}
    assert counts == dict.fromkeys(soups, 1)


@pytest.mark.django_db
def test_indexable_pages_have_unique_titles_and_descriptions(soups):
    titles = {name: soups[name].title.get_text(strip=True) for name in INDEXABLE}
    descriptions = {name: meta(soups[name], name="description") for name in INDEXABLE}
    assert all(titles.values()), titles
    assert all(descriptions.values()), descriptions
    assert len(set(titles.values())) == len(titles), titles
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    too_long = {name: d for name, d in descriptions.items() if len(d) > 160}
    assert too_long == {}


@pytest.mark.django_db
def test_indexable_pages_have_a_canonical_url_and_open_graph_tags(soups):
    for name in INDEXABLE:
        soup = soups[name]
        expected = SITE_URL + PUBLIC_PATHS[name]
        assert canonical(soup) == expected, name
        missing = [prop for prop in OPEN_GRAPH if not meta(soup, property=prop)]
        assert missing == [], f"{name} lacks {missing}"
        assert meta(soup, property="og:url") == expected, name


@pytest.mark.django_db
def test_json_ld_parses_and_names_the_page_it_is_on(soups):
    for name, soup in soups.items():
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)  # fails the test when it does not parse
            nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
            pages = [node for node in nodes if "WebPage" in str(node.get("@type", ""))]
            for node in pages:
                assert node.get("url") == canonical(soup), f"{name}: {node.get('url')}"
                names = {node.get("name"), node.get("headline")}
                shown = {soup.title.get_text(strip=True), soup.h1.get_text(" ", strip=True)}
                assert names & shown, f"{name}: JSON-LD names {names}, the page shows {shown}"


@pytest.mark.django_db
def test_404_page_is_not_indexed_as_a_page(public_pages):
    (missing,) = [page for page in public_pages if page.name == "404"]
    assert missing.status == 404
    assert canonical(BeautifulSoup(missing.html, "html.parser")) is None
