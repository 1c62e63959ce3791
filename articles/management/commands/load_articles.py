from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import markdown, share_image
from articles.models import Article, Page
from articles.sources import ArticleFileError, read_directory, read_page_directory
from bookings.models import Treatment
from massage_site.structured_data import HOME_SHARE_SLUG, HOME_SHARE_TITLE

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
PAGES_DIR = CONTENT_DIR / "pages"
# Paths of the site's own pages: a practice page may not take one of them as its slug.
SITE_PATHS = {"about", "privacy", "treatments", "areas", "articles", "book", "admin", "media", "sitemap.xml"}


class Command(BaseCommand):
    help = (
        "Syncs the article files (articles/content/*.md) and the practice pages (articles/content/pages/*.md) "
        "into the database: creates new ones, updates the ones whose file changed, unpublishes the ones whose "
        "file was removed, and leaves the rest alone. Every file is checked first; one bad file stops the load "
        "and nothing in the database changes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--content-dir", type=Path, default=CONTENT_DIR, help="Directory of the Markdown files to load."
        )
        parser.add_argument(
            "--pages-dir", type=Path, default=PAGES_DIR, help="Directory of the practice pages' Markdown files."
        )

    def handle(self, *args, content_dir, pages_dir, **options) -> None:
        try:
            sources = read_directory(content_dir, set(Treatment.objects.values_list("slug", flat=True)))
            page_sources = read_page_directory(pages_dir, SITE_PATHS)
        except ArticleFileError as error:
            raise CommandError(f"No articles were changed. {error}") from error

        counts = {"created": 0, "updated": 0, "unpublished": 0, "unchanged": 0}
        with transaction.atomic():
            existing = {article.slug: article for article in Article.objects.prefetch_related("related")}
            now = timezone.now()
            changed_related = {}
            for source in sources:
                image, drawn = share_image.ensure(source.slug, source.title, settings.PRACTICE_NAME)
                if drawn:
                    self.stdout.write(f"drew share image {image}")
                fields = self._fields(source, image)
                article = existing.get(source.slug)
                if article is None:
                    article = Article.objects.create(**fields, content_updated_at=now, is_published=True)
                    existing[article.slug] = article
                    changed_related[article.slug] = source.related
                    self._report(counts, "created", article)
                    continue
                differs = [name for name, value in fields.items() if getattr(article, name) != value]
                related_differs = {other.slug for other in article.related.all()} != set(source.related)
                if related_differs:
                    changed_related[article.slug] = source.related
                if not differs and not related_differs:
                    self._report(counts, "unchanged", article)
                    continue
                if not article.source_path:  # Its file had been removed and is back: publish it again.
                    article.is_published = True
                for name in differs:
                    setattr(article, name, fields[name])
                article.content_updated_at = now
                article.save()
                self._report(counts, "updated", article)

            for slug, related in changed_related.items():
                existing[slug].related.set([existing[item] for item in related])

            loaded = {source.slug for source in sources}
            for article in existing.values():
                if article.slug not in loaded and article.source_path:
                    article.is_published = False
                    article.source_path = ""
                    article.save(update_fields=["is_published", "source_path", "updated_at"])
                    self._report(counts, "unpublished", article, "its file was removed")

            page_counts = self._sync_pages(page_sources)

        # The home page's share image, drawn the same way as the articles'.
        image, drawn = share_image.ensure(HOME_SHARE_SLUG, HOME_SHARE_TITLE, settings.PRACTICE_NAME)
        if drawn:
            self.stdout.write(f"drew share image {image}")

        summary = ", ".join(f"{count} {what}" for what, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Articles: {summary}."))
        summary = ", ".join(f"{count} {what}" for what, count in page_counts.items())
        self.stdout.write(self.style.SUCCESS(f"Pages: {summary}."))

    def _sync_pages(self, sources) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unpublished": 0, "unchanged": 0}
        existing = {page.slug: page for page in Page.objects.all()}
        for source in sources:
            rendered = markdown.render(source.body)
            fields = {
                "title": source.title,
                "description": source.description,
                "body_markdown": source.body,
                "body_html": rendered.html,
                "toc_html": rendered.toc_html,
                "faq": markdown.question_answers(rendered.html) if source.faq else [],
                "source_path": source.path,
                "source_hash": source.digest,
                "is_published": True,
            }
            page = existing.get(source.slug)
            if page is None:
                page = Page.objects.create(slug=source.slug, **fields)
                what = "created"
            elif any(getattr(page, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(page, name, value)
                page.save()
                what = "updated"
            else:
                what = "unchanged"
            counts[what] += 1
            self.stdout.write(f"{what} page {page.slug}")
        loaded = {source.slug for source in sources}
        for page in existing.values():
            if page.slug not in loaded and page.is_published:
                page.is_published = False
                page.source_path = ""
                page.save(update_fields=["is_published", "source_path", "updated_at"])
                counts["unpublished"] += 1
                self.stdout.write(f"unpublished page {page.slug} (its file was removed)")
        return counts

    def _fields(self, source, image) -> dict[str, Any]:
        slots = {"urgent": source.urgent_signs_after, "book": source.booking_prompt_after}
        rendered = markdown.render(
            source.body,
            sources_listed=bool(source.sources),
            slots={name: heading for name, heading in slots.items() if heading},
        )
        return {
            "slug": source.slug,
            "title": source.title,
            "description": source.description,
            "body_markdown": source.body,
            "body_html": rendered.html,
            "toc_html": rendered.toc_html,
            "reading_minutes": rendered.reading_minutes,
            "published": source.published,
            "last_reviewed": source.last_reviewed,
            "next_review": source.next_review,
            "reviewed_by": source.reviewed_by,
            "treatment_slug": source.treatment,
            "image": source.image,
            "share_image": image,
            "shows_urgent_signs": source.urgent_signs,
            "sources": list(source.sources),
            "source_path": source.path,
            "source_hash": source.digest,
        }

    def _report(self, counts, what, article, why="") -> None:
        counts[what] += 1
        self.stdout.write(f"{what} {article.slug}" + (f" ({why})" if why else ""))
