"""A crawl from the home page, following every link a visitor or a search engine can follow,
finds no broken link: no page answers 404 (or any error), every static file exists, and every
`#fragment` points at an element on its page."""

from collections import deque
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.site.public_pages import INDEXABLE_PATHS

SITE_URL = "https://www.example.co.uk"
HOST = urlsplit(SITE_URL).hostname


def links_on(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag, attribute in [("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "srcset")]:
        for element in soup.find_all(tag):
            if element.has_attr(attribute):
                yield element[attribute].split()[0]


def is_noindex(html):
    robots = BeautifulSoup(html, "html.parser").find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots.get("content", "")


def canonical_path(html):
    link = BeautifulSoup(html, "html.parser").find("link", rel="canonical")
    return urlsplit(link["href"]).path if link else None


def ids_on(html):
    soup = BeautifulSoup(html, "html.parser")
    named = {a["name"] for a in soup.find_all("a", attrs={"name": True})}
    return {element["id"] for element in soup.find_all(id=True)} | named


@pytest.mark.django_db
def test_crawl_from_home_finds_no_broken_link(client, served_at_site_url):
    call_command("load_articles", stdout=StringIO())
    queue, seen, pages, broken = deque(["/"]), {"/"}, {}, []
    fragments = []  # (where the link is, the page it points at, the id it needs)
    while queue:
        path = queue.popleft()
        response = client.get(path, HTTP_HOST=HOST, secure=True)
        if response.status_code != 200:
            broken.append(f"{path} answers {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[path] = html
        for link in links_on(html):
            url = urlsplit(urljoin(SITE_URL + path, link))
            if url.scheme not in {"http", "https"} or url.hostname != HOST:
                continue  # tel:, mailto: and other sites are not crawled
            if url.fragment:
                fragments.append((path, url.path, url.fragment))
            if url.path.startswith("/" + settings.STATIC_URL.strip("/") + "/"):
                if not finders.find(url.path.split("/", 2)[2]):
                    broken.append(f"{path} links to a missing static file {url.path}")
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for where, target, fragment in fragments:
        if target in pages and fragment not in ids_on(pages[target]):
            broken.append(f"{where} links to #{fragment}, which is not on {target}")
    assert broken == [], "\n".join(broken)
    # Every page the crawl reaches is marked noindex or names a canonical URL in the sitemap, and
    # the crawl reaches every page of the sitemap: no page is orphaned or forgotten.
    indexable = {canonical_path(html) or path for path, html in pages.items() if not is_noindex(html)}
    assert indexable == set(INDEXABLE_PATHS.values())


@pytest.fixture
def served_at_site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [HOST]
    return settings
