"""The practice pages (what to expect, when massage is not suitable, cancellations, FAQ) are Markdown
files loaded by `load_articles` through the articles' pipeline: the same checks refuse a bad file and
change nothing, the same sanitising drops scripts, and the FAQ carries FAQPage structured data."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management.base import CommandError

from articles.models import Article, Page

PAGES = {
    "what-to-expect": "What to expect at a home visit",
    "when-massage-is-not-suitable": "When massage is not suitable",
    "cancellations-and-payment": "Cancellations and payment",
    "questions": "Questions clients ask",
}


@pytest.fixture
def pages_dir(content_dir):
    return content_dir / "pages"


def load(load_articles, content_dir, pages_dir):
    return load_articles("--content-dir", str(content_dir), "--pages-dir", str(pages_dir))


def write(pages_dir, name, text):
    (pages_dir / name).write_text(text)


def test_every_practice_page_loads_and_is_served_at_its_own_address(client, load_articles):
    out = load_articles()
    assert "Pages: 4 created" in out
    for slug, title in PAGES.items():
        response = client.get(f"/{slug}/")
        assert response.status_code == 200, slug
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text() == title
        assert soup.find("footer").find("a", href=f"/{slug}/"), f"the footer links to {slug}"


def test_loading_twice_changes_nothing(load_articles):
    load_articles()
    assert "Pages: 0 created, 0 updated, 0 unpublished, 4 unchanged." in load_articles()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("---\nslug: x\ndescription: y\n---\nBody\n", "title"),
        ("---\ntitle: X\nslug: Not A Slug\ndescription: y\n---\nBody\n", "slug"),
        ("---\ntitle: X\nslug: x\ndescription: y\nauthor: me\n---\nBody\n", "author"),
        ("---\ntitle: X\nslug: x\ndescription: y\n---\n\n", "body"),
        ("---\ntitle: X\nslug: about\ndescription: y\n---\nBody\n", "slug"),
        ("---\ntitle: X\nslug: questions\ndescription: y\n---\nBody\n", "slug"),
        ("---\ntitle: [X\n---\nBody\n", "front matter"),
        ("---\ntitle: X\nslug: x\ndescription: y\nfaq: sometimes\n---\nBody\n", "faq"),
    ],
)
def test_a_bad_page_file_stops_the_load_and_changes_nothing(load_articles, content_dir, pages_dir, text, field):
    load_articles()
    before = list(Page.objects.values_list("slug", "source_hash"))
    articles_before = list(Article.objects.values_list("slug", "source_hash"))
    write(pages_dir, "zz-bad.md", text)
    with pytest.raises(CommandError) as error:
        load(load_articles, content_dir, pages_dir)
    assert "zz-bad.md" in str(error.value) and f": {field}:" in str(error.value)
    assert list(Page.objects.values_list("slug", "source_hash")) == before
    assert list(Article.objects.values_list("slug", "source_hash")) == articles_before


def test_a_bad_article_stops_the_pages_loading_too(load_articles, content_dir, pages_dir):
    (content_dir / "it-band-and-lower-back-pain.md").write_text("no front matter")
    with pytest.raises(CommandError):
        load(load_articles, content_dir, pages_dir)
    assert Page.objects.count() == 0


def test_page_html_is_sanitised_like_an_article(client, load_articles, content_dir, pages_dir):
    write(
        pages_dir,
        "parking.md",
        "---\ntitle: Parking\nslug: parking\ndescription: Where to park.\n---\n\nPark here.\n\n"
        "<script>alert(1)</script>\n\n[Click](javascript:alert(1))\n",
    )
    load(load_articles, content_dir, pages_dir)
    html = client.get("/parking/").content.decode()
    assert "Park here." in html
    assert "<script>alert" not in html and "javascript:" not in html


def test_a_removed_page_file_takes_the_page_off_the_site(client, load_articles, content_dir, pages_dir):
    load(load_articles, content_dir, pages_dir)
    (pages_dir / "questions.md").unlink()
    assert "1 unpublished" in load(load_articles, content_dir, pages_dir)
    cache.clear()
    assert client.get("/questions/").status_code == 404


def test_the_faq_has_faqpage_structured_data_for_each_question(client, load_articles):
    load_articles()
    soup = BeautifulSoup(client.get("/questions/").content, "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "FAQPage"
    questions = [entity["name"] for entity in data["mainEntity"]]
    headings = [h2.get_text() for h2 in soup.find("main").find_all("h2")]
    assert questions == [heading for heading in headings if heading.endswith("?")]
    assert "How much does a massage cost?" in questions
    first = data["mainEntity"][0]
    assert first["@type"] == "Question" and first["acceptedAnswer"]["@type"] == "Answer"
    assert "treatments page" in first["acceptedAnswer"]["text"]


def test_pages_other_than_the_faq_have_no_faq_data(client, load_articles):
    load_articles()
    soup = BeautifulSoup(client.get("/what-to-expect/").content, "html.parser")
    assert soup.find("script", type="application/ld+json") is None
