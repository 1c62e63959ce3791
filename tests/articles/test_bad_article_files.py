"""A bad file stops `load_articles` with a message naming the file and the field, and the
database is left exactly as it was."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article

FILE = "it-band-and-lower-back-pain.md"


def edit(content_dir, old, new, name=FILE):
    path = content_dir / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def broken_yaml(content_dir):
    edit(content_dir, "slug: it-band-and-lower-back-pain", "slug: [it-band")


def missing_title(content_dir):
    edit(content_dir, 'title: "The IT band and lower back pain"\n', "")


def duplicate_slug(content_dir):
    edit(content_dir, "slug: it-band-and-lower-back-pain", "slug: sciatica-and-lower-back-pain")


def unknown_related_slug(content_dir):
    edit(content_dir, "  - gluteus-medius-and-lower-back-pain", "  - no-such-article")


def description_too_long(content_dir):
    edit(content_dir, 'description: "', 'description: "' + "Much longer than a search result shows. " * 3)


def unknown_treatment(content_dir):
    edit(content_dir, "treatment: deep-tissue-massage", "treatment: hot-stones")


def misspelt_field(content_dir):
    edit(content_dir, "last_reviewed:", "last_reviwed:")


def date_that_is_not_a_date(content_dir):
    edit(content_dir, "published: 2026-11-24", "published: last spring")


def review_before_last_review(content_dir):
    edit(content_dir, "next_review: 2027-11-24", "next_review: 2020-01-01")


def empty_body(content_dir):
    path = content_dir / FILE
    front_matter = path.read_text().split("---", 2)[1]
    path.write_text(f"---{front_matter}---\n\n")


CASES = [
    (broken_yaml, "front matter"),
    (missing_title, "title"),
    (duplicate_slug, "slug"),
    (unknown_related_slug, "related"),
    (description_too_long, "description"),
    (unknown_treatment, "treatment"),
    (misspelt_field, "last_reviwed"),
    (date_that_is_not_a_date, "published"),
    (review_before_last_review, "next_review"),
    (empty_body, "body"),
]


def snapshot():
    return (
        list(Article.objects.order_by("slug").values()),
        list(Article.related.through.objects.order_by("pk").values()),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("break_file", "field"), CASES, ids=[case.__name__ for case, _ in CASES])
def test_a_bad_file_is_refused_naming_file_and_field_and_nothing_changes(
    load_articles, content_dir, break_file, field
):
    load_articles("--content-dir", content_dir)
    # Another article changed too: it must not be saved either, because one file is bad.
    edit(content_dir, "Sciatica and lower back pain in general", "Sciatica and back pain in general",
         name="sciatica-and-lower-back-pain.md")  # fmt: skip
    before = snapshot()
    break_file(content_dir)

    with pytest.raises(CommandError) as raised:
        load_articles("--content-dir", content_dir)

    message = str(raised.value)
    assert FILE in message
    assert f": {field}:" in message
    assert "No articles were changed" in message
    assert snapshot() == before


@pytest.mark.django_db
def test_a_bad_file_on_first_load_creates_nothing(load_articles, content_dir):
    missing_title(content_dir)
    with pytest.raises(CommandError, match="title"):
        load_articles("--content-dir", content_dir)
    assert not Article.objects.exists()
