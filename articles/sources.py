"""Reads the article files (Markdown with YAML front matter) and checks every one before anything
is written: a bad file stops the load with a message naming the file and the field."""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from articles import markdown
from articles.models import Article

REQUIRED_FIELDS = ["title", "slug", "description", "published", "last_reviewed", "next_review", "treatment"]
OPTIONAL_FIELDS = [
    *["reviewed_by", "related", "image", "urgent_signs"],
    *["urgent_signs_after", "booking_prompt_after", "sources"],
]
TITLE_MAX = Article._meta.get_field("title").max_length
DESCRIPTION_MAX = Article._meta.get_field("description").max_length


class ArticleFileError(Exception):
    """A problem with one file's content. str() reads "<file>: <field>: <what is wrong>"."""

    def __init__(self, path, field, message) -> None:
        self.path = path
        self.field = field
        super().__init__(f"{path}: {field}: {message}")


@dataclass(frozen=True)
class ArticleSource:
    path: str
    slug: str
    title: str
    description: str
    published: datetime.date
    last_reviewed: datetime.date
    next_review: datetime.date
    reviewed_by: str
    related: tuple[str, ...]
    treatment: str
    image: str
    urgent_signs: bool
    urgent_signs_after: str
    booking_prompt_after: str
    sources: tuple[dict, ...]
    body: str
    digest: str


def display_path(path) -> str:
    """The path as the person running the command knows it: relative to the project when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def _text(meta, field, name, required=True, max_length=None) -> str:
    value = meta.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ArticleFileError(name, field, "is missing or empty.")
        return ""
    if not isinstance(value, str):
        raise ArticleFileError(name, field, f"must be text, not {type(value).__name__}.")
    if "\x00" in value:  # a YAML "\0" escape: PostgreSQL can't store it
        raise ArticleFileError(name, field, "contains a NUL character; remove it.")
    value = " ".join(value.split())
    if max_length and len(value) > max_length:
        raise ArticleFileError(name, field, f"is {len(value)} characters; the limit is {max_length}.")
    return value


def _date(meta, field, name) -> datetime.date:
    value = meta.get(field)
    if value is None:
        raise ArticleFileError(name, field, "is missing; write a date like 2026-11-24.")
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise ArticleFileError(name, field, f"must be a date like 2026-11-24, not {value!r}.")
    return value


def _slug(value, field, name) -> str:
    try:
        validate_slug(value)
    except ValidationError:
        raise ArticleFileError(
            name, field, f"{value!r} is not a slug (lower-case letters, digits and hyphens)."
        ) from None
    return value


def _parse(path, required_fields, optional_fields) -> tuple[str, dict[str, Any], frontmatter.Post, bytes]:
    """Reads one Markdown file with front matter; checks the encoding, the YAML and the field names.

    Returns (display name, front matter, post, raw bytes). Articles and practice pages share it.
    """
    name = display_path(path)
    raw = Path(path).read_bytes()
    if b"\x00" in raw:  # PostgreSQL can't store it (tests/articles/test_properties.py found it)
        raise ArticleFileError(name, "file", "contains a NUL character (byte 0); remove it.")
    try:
        post = frontmatter.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ArticleFileError(name, "file", "is not UTF-8 text.") from None
    except yaml.YAMLError as error:
        raise ArticleFileError(name, "front matter", f"is not valid YAML ({' '.join(str(error).split())}).") from None
    except TypeError:  # a field name that isn't text ("? x", "1: x"): found by tests/articles/test_properties.py
        raise ArticleFileError(name, "front matter", "has a field name that is not text.") from None
    meta = post.metadata
    if not meta:
        raise ArticleFileError(name, "front matter", "is missing: start the file with a --- block.")
    unknown = sorted(set(meta) - set(required_fields) - set(optional_fields))
    if unknown:
        raise ArticleFileError(
            name, unknown[0], f"is not a known field (known: {', '.join(required_fields + optional_fields)})."
        )
    if not post.content.strip():
        raise ArticleFileError(name, "body", "is empty: the text goes after the front matter.")
    return name, meta, post, raw


def read_file(path) -> ArticleSource:
    """Parses and checks one article file on its own (cross-file rules are in `read_directory`)."""
    name, meta, post, raw = _parse(path, REQUIRED_FIELDS, OPTIONAL_FIELDS)

    related = meta.get("related") or []
    if not isinstance(related, list) or not all(isinstance(item, str) for item in related):
        raise ArticleFileError(name, "related", "must be a list of article slugs.")
    urgent_signs = meta.get("urgent_signs", False)
    if not isinstance(urgent_signs, bool):
        raise ArticleFileError(name, "urgent_signs", "must be true or false.")
    sources = _sources(meta.get("sources"), name)
    source = ArticleSource(
        path=name,
        title=_text(meta, "title", name, max_length=TITLE_MAX),
        slug=_slug(_text(meta, "slug", name), "slug", name),
        description=_text(meta, "description", name, max_length=DESCRIPTION_MAX),
        published=_date(meta, "published", name),
        last_reviewed=_date(meta, "last_reviewed", name),
        next_review=_date(meta, "next_review", name),
        reviewed_by=_text(meta, "reviewed_by", name, required=False, max_length=200),
        related=tuple(_slug(item, "related", name) for item in related),
        treatment=_slug(_text(meta, "treatment", name), "treatment", name),
        image=_text(meta, "image", name, required=False, max_length=200),
        urgent_signs=urgent_signs,
        urgent_signs_after=_text(meta, "urgent_signs_after", name, required=False),
        booking_prompt_after=_text(meta, "booking_prompt_after", name, required=False),
        sources=sources,
        body=post.content.strip() + "\n",
        digest=hashlib.sha256(raw).hexdigest(),
    )
    if source.next_review <= source.last_reviewed:
        raise ArticleFileError(name, "next_review", "must be after last_reviewed.")
    if source.slug in source.related:
        raise ArticleFileError(name, "related", "lists the article itself.")
    if source.urgent_signs_after and not source.urgent_signs:
        raise ArticleFileError(name, "urgent_signs_after", "needs urgent_signs: true.")
    headings = markdown.section_ids(source.body)
    for field in ["urgent_signs_after", "booking_prompt_after"]:
        if getattr(source, field) and getattr(source, field) not in headings:
            raise ArticleFileError(
                name, field, f"{getattr(source, field)!r} is not the id of a ## heading ({', '.join(headings)})."
            )
    return source


def _sources(value, name) -> tuple[dict[str, str], ...]:
    """The works the citation markers "(1)", "(2)" … refer to, in order: each a title and,
    optionally, an http(s) address. The therapist adds them; none are made up here."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ArticleFileError(name, "sources", "must be a list of sources, each with a title and an optional url.")
    sources = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict) or set(item) - {"title", "url"}:
            raise ArticleFileError(name, "sources", f"item {number} must have a title and an optional url.")
        title = _text(item, "title", name, max_length=300)
        url = _text(item, "url", name, required=False, max_length=500)
        if url and not url.startswith(("https://", "http://")):
            raise ArticleFileError(name, "sources", f"item {number}: the url must start with https:// or http://.")
        sources.append({"title": title, "url": url})
    return tuple(sources)


def read_directory(directory, treatment_slugs) -> list[ArticleSource]:
    """Reads every *.md file in `directory` and checks the rules between files.

    Raises ArticleFileError for the first problem found; returns the sources sorted by slug.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ArticleFileError(display_path(directory), "directory", "does not exist.")
    sources = [read_file(path) for path in sorted(directory.glob("*.md"))]
    seen = {}
    for source in sources:
        if source.slug in seen:
            raise ArticleFileError(source.path, "slug", f"{source.slug!r} is already used by {seen[source.slug]}.")
        seen[source.slug] = source.path
    for source in sources:
        for slug in source.related:
            if slug not in seen:
                raise ArticleFileError(source.path, "related", f"{slug!r} is not the slug of any article file.")
        if source.treatment not in treatment_slugs:
            raise ArticleFileError(
                source.path,
                "treatment",
                f"{source.treatment!r} is not a treatment (one of: {', '.join(sorted(treatment_slugs))}).",
            )
    return sorted(sources, key=lambda source: source.slug)


PAGE_REQUIRED_FIELDS = ["title", "slug", "description"]
PAGE_OPTIONAL_FIELDS = ["faq"]


@dataclass(frozen=True)
class PageSource:
    """A practice page (home visits, cancellations, FAQ…): a Markdown file like an article's."""

    path: str
    slug: str
    title: str
    description: str
    faq: bool
    body: str
    digest: str


def read_page_file(path) -> PageSource:
    name, meta, post, raw = _parse(path, PAGE_REQUIRED_FIELDS, PAGE_OPTIONAL_FIELDS)
    faq = meta.get("faq", False)
    if not isinstance(faq, bool):
        raise ArticleFileError(name, "faq", "must be true or false.")
    return PageSource(
        path=name,
        title=_text(meta, "title", name, max_length=TITLE_MAX),
        slug=_slug(_text(meta, "slug", name), "slug", name),
        description=_text(meta, "description", name, max_length=DESCRIPTION_MAX),
        faq=faq,
        body=post.content.strip() + "\n",
        digest=hashlib.sha256(raw).hexdigest(),
    )


def read_page_directory(directory, taken_paths=()) -> list[PageSource]:
    """Reads every practice page file in `directory`; a slug may be used once, and never by a path
    the site already has (``taken_paths``: "about", "treatments"…)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ArticleFileError(display_path(directory), "directory", "does not exist.")
    sources = [read_page_file(path) for path in sorted(directory.glob("*.md"))]
    seen = {}
    for source in sources:
        if source.slug in seen:
            raise ArticleFileError(source.path, "slug", f"{source.slug!r} is already used by {seen[source.slug]}.")
        if source.slug in taken_paths:
            raise ArticleFileError(source.path, "slug", f"{source.slug!r} is already a page of the site.")
        seen[source.slug] = source.path
    return sorted(sources, key=lambda source: source.slug)
