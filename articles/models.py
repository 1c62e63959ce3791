import re

from django.db import models
from django.urls import reverse

# The markers articles.markdown puts between sections.
SLOT_MARKER = re.compile(r"<!--slot:(\w+)-->\n?")


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        return self.filter(is_published=True)


class Article(models.Model):
    """One health article. The Markdown file in articles/content/ is the source of truth;
    `manage.py load_articles` fills these fields, including the rendered HTML."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=160)
    body_markdown = models.TextField()
    body_html = models.TextField()
    toc_html = models.TextField(blank=True)
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
    source_path = models.CharField(
        max_length=200, blank=True, help_text="The file this article comes from; blank once removed."
    )
    source_hash = models.CharField(max_length=64)
    is_published = models.BooleanField(
        default=True,
        help_text="Untick to take the article off the site. Its text comes from its file and is not edited here.",
    )
    content_updated_at = models.DateTimeField(
        "content last changed", null=True, help_text="When the loader last found a change in the file."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

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


class Page(models.Model):
    """A practice page (what to expect at a home visit, cancellations, FAQ…). Like an article, its
    Markdown file in articles/content/pages/ is the source of truth and `load_articles` renders it."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=160)
    body_markdown = models.TextField()
    body_html = models.TextField()
    toc_html = models.TextField(blank=True)
    faq = models.JSONField(
        default=list, blank=True, help_text="Question and answer pairs, for FAQ structured data (from faq: true)."
    )
    source_path = models.CharField(max_length=200, blank=True)
    source_hash = models.CharField(max_length=64)
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("page", kwargs={"slug": self.slug})
