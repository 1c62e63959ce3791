import re

from django.db import models
from django.urls import reverse

# The markers articles.markdown puts between sections.
SLOT_MARKER = re.compile(r"<!--slot:(\w+)-->\n?")


class DocumentQuerySet(models.QuerySet):
    def published(self) -> "DocumentQuerySet":
        return self.filter(is_published=True)


class MarkdownDocument(models.Model):
    """What an article and a practice page share: a Markdown file in articles/content/ is the
    source of truth, and `manage.py load_articles` fills these fields, the rendered HTML too."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=160)
    body_markdown = models.TextField()
    body_html = models.TextField()
    toc_html = models.TextField(blank=True)
    source_path = models.CharField(
        max_length=200, blank=True, help_text="The file this comes from; blank once removed."
    )
    source_hash = models.CharField(max_length=64)
    is_published = models.BooleanField(
        default=True,
        help_text="Untick to take it off the site. Its text comes from its file and is not edited here.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Article(MarkdownDocument):
    """One health article (articles/content/*.md)."""

    reading_minutes = models.PositiveSmallIntegerField(default=1)
    published = models.DateField()
    last_reviewed = models.DateField()
    next_review = models.DateField()
    reviewed_by = models.CharField(max_length=200, blank=True)
    treatment_slug = models.SlugField(max_length=100, blank=True)
    image = models.CharField(max_length=200, blank=True)
    share_image = models.CharField(max_length=200, blank=True)
    related = models.ManyToManyField("self", symmetrical=False, blank=True)
    shows_urgent_signs = models.BooleanField(
        default=False, help_text="Shows the NHS urgent signs panel (from the file's urgent_signs: true)."
    )
    sources = models.JSONField(
        default=list, blank=True, help_text="The works the citation markers refer to (from the file's sources:)."
    )
    content_updated_at = models.DateTimeField(
        "content last changed", null=True, help_text="When the loader last found a change in the file."
    )

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def body_parts(self) -> list[dict]:
        """The body in pieces, each with the panel that follows it ("urgent", "book" or "")."""
        pieces = SLOT_MARKER.split(self.body_html)
        return [
            {"html": html, "then": pieces[index + 1] if index + 1 < len(pieces) else ""}
            for index, html in enumerate(pieces)
            if index % 2 == 0
        ]

    @property
    def urgent_signs_in_body(self) -> bool:
        """True when the urgent-signs panel goes after a section rather than at the end."""
        return "<!--slot:urgent-->" in self.body_html


class Page(MarkdownDocument):
    """A practice page (what to expect at a home visit, cancellations, FAQ…), from its file in
    articles/content/pages/."""

    faq = models.JSONField(
        default=list, blank=True, help_text="Question and answer pairs, for FAQ structured data (from faq: true)."
    )

    def get_absolute_url(self) -> str:
        return reverse("page", kwargs={"slug": self.slug})
