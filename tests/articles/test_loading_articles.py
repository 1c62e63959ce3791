import datetime

import pytest

from articles.models import Article

SLUGS = [
    "gluteus-medius-and-lower-back-pain",
    "it-band-and-lower-back-pain",
    "sciatica-and-lower-back-pain",
    "sports-massage-for-lower-back-pain",
]


def rows():
    return list(Article.objects.order_by("slug").values())


@pytest.mark.django_db
def test_first_load_creates_the_four_articles_with_rendered_html(load_articles):
    output = load_articles()
    assert "4 created, 0 updated, 0 unpublished, 0 unchanged" in output
    assert sorted(Article.objects.published().values_list("slug", flat=True)) == SLUGS
    article = Article.objects.get(slug="sciatica-and-lower-back-pain")
    assert article.body_html.startswith("<p>Sciatica and lower back pain in general")
    assert 'href="#symptoms-of-sciatica-and-lower-back-pain"' in article.toc_html
    assert article.reading_minutes >= 3
    assert article.treatment_slug == "sports-massage"
    assert sorted(article.related.values_list("slug", flat=True)) == [
        "gluteus-medius-and-lower-back-pain",
        "sports-massage-for-lower-back-pain",
    ]


@pytest.mark.django_db
def test_second_load_changes_nothing_and_says_so(load_articles):
    load_articles()
    before = rows()
    related_before = list(Article.related.through.objects.order_by("pk").values())
    output = load_articles()
    assert "0 created, 0 updated, 0 unpublished, 4 unchanged" in output
    for slug in SLUGS:
        assert f"unchanged {slug}" in output
    assert rows() == before
    assert list(Article.related.through.objects.order_by("pk").values()) == related_before


@pytest.mark.django_db
def test_a_changed_file_updates_only_its_article(load_articles, content_dir):
    load_articles("--content-dir", content_dir)
    before = {row["slug"]: row for row in rows()}
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(path.read_text().replace('title: "The IT band and lower back pain"', 'title: "Your IT band"'))
    path.write_text(path.read_text() + "\nA new closing paragraph.\n")

    output = load_articles("--content-dir", content_dir)

    assert "0 created, 1 updated, 0 unpublished, 3 unchanged" in output
    assert "updated it-band-and-lower-back-pain" in output
    article = Article.objects.get(slug="it-band-and-lower-back-pain")
    assert article.title == "Your IT band"
    assert "<p>A new closing paragraph.</p>" in article.body_html
    assert article.content_updated_at > before["it-band-and-lower-back-pain"]["content_updated_at"]
    after = {row["slug"]: row for row in rows()}
    for slug in SLUGS:
        if slug != "it-band-and-lower-back-pain":
            assert after[slug] == before[slug]


@pytest.mark.django_db
def test_a_changed_related_list_is_updated(load_articles, content_dir):
    load_articles("--content-dir", content_dir)
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(path.read_text().replace("  - sports-massage-for-lower-back-pain\n", ""))
    output = load_articles("--content-dir", content_dir)
    assert "updated it-band-and-lower-back-pain" in output
    related = Article.objects.get(slug="it-band-and-lower-back-pain").related.values_list("slug", flat=True)
    assert list(related) == ["gluteus-medius-and-lower-back-pain"]


@pytest.mark.django_db
def test_a_removed_file_unpublishes_its_article_and_a_returned_one_publishes_it(load_articles, content_dir):
    load_articles("--content-dir", content_dir)
    path = content_dir / "it-band-and-lower-back-pain.md"
    text = path.read_text()
    # The other articles must not point at it any more, or the files would be refused.
    for other in content_dir.glob("*.md"):
        other.write_text(other.read_text().replace("  - it-band-and-lower-back-pain\n", ""))
    path.unlink()

    output = load_articles("--content-dir", content_dir)
    assert "unpublished it-band-and-lower-back-pain (its file was removed)" in output
    assert not Article.objects.get(slug="it-band-and-lower-back-pain").is_published

    assert "0 unpublished" in load_articles("--content-dir", content_dir)  # said once, not every time

    path.write_text(text)
    output = load_articles("--content-dir", content_dir)
    assert "updated it-band-and-lower-back-pain" in output
    assert Article.objects.get(slug="it-band-and-lower-back-pain").is_published


@pytest.mark.django_db
def test_an_article_unpublished_in_admin_stays_unpublished_after_a_load(load_articles):
    load_articles()
    Article.objects.filter(slug="it-band-and-lower-back-pain").update(is_published=False)
    load_articles()
    assert not Article.objects.get(slug="it-band-and-lower-back-pain").is_published


@pytest.mark.django_db
def test_front_matter_dates_are_stored(load_articles, content_dir):
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(path.read_text().replace("next_review: 2027-11-24", "next_review: 2028-01-31"))
    load_articles("--content-dir", content_dir)
    assert Article.objects.get(slug="it-band-and-lower-back-pain").next_review == datetime.date(2028, 1, 31)
