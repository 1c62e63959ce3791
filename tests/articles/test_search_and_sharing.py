import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from articles.models import Article

SITE = "https://www.example.co.uk"
SLUG = "sciatica-and-lower-back-pain"
URL = f"/articles/{SLUG}/"


@pytest.fixture
def canonical_site(settings):
    settings.SITE_URL = SITE


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def graph(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


@pytest.mark.django_db
def test_head_has_title_description_canonical_open_graph_and_twitter_tags(client, articles, canonical_site, settings):
    soup = soup_of(client.get(URL))
    article = Article.objects.get(slug=SLUG)

    def meta(**attrs):
        return soup.find("meta", attrs=attrs)["content"]

    assert soup.title.string == f"{article.title} | {settings.PRACTICE_NAME}"
    assert meta(name="description") == article.description
    assert soup.find("link", rel="canonical")["href"] == SITE + URL
    assert meta(property="og:url") == SITE + URL
    assert meta(property="og:type") == "article"
    assert meta(property="og:title") == article.title
    assert meta(property="og:description") == article.description
    assert meta(property="og:image").startswith(f"{SITE}/static/articles/share/{SLUG}-")
    assert meta(property="og:image:width") == "1200"
    assert meta(property="og:image:height") == "630"
    assert meta(name="twitter:card") == "summary_large_image"
    assert meta(name="twitter:title") == article.title
    assert meta(name="twitter:image") == meta(property="og:image")


@pytest.mark.django_db
def test_json_ld_is_one_graph_that_matches_the_page(client, articles, canonical_site, settings):
    soup = soup_of(client.get(URL))
    nodes = graph(soup)
    assert set(nodes) == {"MedicalWebPage", "BreadcrumbList", "HealthAndBeautyBusiness"}

    page = nodes["MedicalWebPage"]
    assert page["name"] == soup.h1.get_text()
    assert page["url"] == soup.find("link", rel="canonical")["href"]
    assert page["description"] == soup.select_one("p.lead").get_text()
    shown_dates = [time["datetime"] for time in soup.find("article").find_all("time")]
    assert page["lastReviewed"] == shown_dates[0]
    assert page["datePublished"] == "2026-11-24"
    article = Article.objects.get(slug=SLUG)
    assert page["dateModified"] == (article.content_updated_at or article.updated_at).isoformat()
    assert page["image"] == soup.find("meta", property="og:image")["content"]

    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    trail = soup.select("nav[aria-label=Breadcrumb] li")
    assert [item["name"] for item in crumbs] == [li.get_text(strip=True) for li in trail]
    assert [item["position"] for item in crumbs] == [1, 2, 3]
    assert crumbs[-1]["item"] == SITE + URL

    practice = nodes["HealthAndBeautyBusiness"]
    assert practice["name"] == settings.PRACTICE_NAME
    assert "address" not in practice
    assert practice["areaServed"]["name"] == settings.PRACTICE_AREA
    assert soup.find("a", href="tel:" + practice["telephone"])
    assert soup.find("a", href="mailto:" + practice["email"])


@pytest.mark.django_db
def test_json_ld_cannot_close_its_script_element(client, load_articles, content_dir):
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(path.read_text().replace('title: "The IT band', 'title: "</script><b>The IT band'))
    load_articles("--content-dir", content_dir)
    soup = soup_of(client.get("/articles/it-band-and-lower-back-pain/"))
    script = soup.find("script", type="application/ld+json").string
    assert "</" not in script
    assert graph(soup)["MedicalWebPage"]["name"].startswith("</script><b>The IT band")


@pytest.mark.django_db
def test_sitemap_lists_the_articles_with_lastmod_on_the_canonical_host(client, articles, canonical_site):
    response = client.get("/sitemap.xml")  # asked for on "testserver"
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.find("s:loc", ns).text: url.find("s:lastmod", ns)
        for url in ET.fromstring(response.content).findall("s:url", ns)
    }
    assert all(loc.startswith(SITE + "/") for loc in entries)
    assert f"{SITE}/" in entries
    for article in Article.objects.all():
        lastmod = entries[SITE + article.get_absolute_url()]
        assert lastmod.text == article.content_updated_at.date().isoformat()


@pytest.mark.django_db
def test_sitemap_leaves_out_unpublished_articles(client, articles):
    Article.objects.filter(slug=SLUG).update(is_published=False)
    assert URL.encode() not in client.get("/sitemap.xml").content


@pytest.mark.django_db
def test_atom_feed_is_valid_and_lists_the_published_articles(client, articles, canonical_site):
    Article.objects.filter(slug="it-band-and-lower-back-pain").update(is_published=False)
    response = client.get(reverse("articles:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{atom}feed"
    for required in ["id", "title", "updated", "author"]:
        assert feed.find(f"{atom}{required}") is not None, required
    entries = feed.findall(f"{atom}entry")
    links = {entry.find(f"{atom}link").get("href") for entry in entries}
    assert links == {SITE + a.get_absolute_url() for a in Article.objects.published()}
    for entry in entries:
        for required in ["id", "title", "updated", "summary"]:
            assert entry.find(f"{atom}{required}").text, required


@pytest.mark.django_db
def test_pages_link_to_the_feed(client, articles):
    for url in [reverse("articles:list"), URL]:
        soup = soup_of(client.get(url))
        assert soup.find("link", rel="alternate", type="application/atom+xml")["href"] == reverse("articles:feed")


@pytest.mark.django_db
def test_each_article_has_a_1200_by_630_share_image_among_the_static_files(articles, share_image_root, settings):
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, share_image_root]
    for article in Article.objects.all():
        path = finders.find(article.share_image)
        assert path, article.share_image
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.size == (1200, 630)


@pytest.mark.django_db
def test_a_new_title_draws_a_new_share_image_and_removes_the_old(load_articles, content_dir, share_image_root):
    load_articles("--content-dir", content_dir)
    old = Article.objects.get(slug="it-band-and-lower-back-pain").share_image
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(path.read_text().replace('title: "The IT band', 'title: "Your IT band'))
    output = load_articles("--content-dir", content_dir)
    new = Article.objects.get(slug="it-band-and-lower-back-pain").share_image
    assert new != old
    assert f"drew share image {new}" in output
    assert (share_image_root / new).exists()
    assert not (share_image_root / old).exists()
    assert (share_image_root / Article.objects.get(slug=SLUG).share_image).exists()


@pytest.mark.django_db
def test_a_share_image_not_yet_collected_is_left_out_rather_than_breaking_the_page(
    client, articles, settings, tmp_path
):
    # Production's manifest storage knows only the files collected at the last deploy.
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STATIC_ROOT.mkdir()
    collected = {name: name for name in ["css/site.css", "img/favicon.svg"]}  # but not the share image
    (settings.STATIC_ROOT / "staticfiles.json").write_text(json.dumps({"paths": collected, "version": "1.1"}))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.DEBUG = False
    response = client.get(URL)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("meta", property="og:image") is None
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert "image" not in graph(soup)["MedicalWebPage"]
