from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import markdown, share_image
from articles.models import Article
from articles.sources import ArticleFileError, read_directory
from bookings.models import Treatment

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


class Command(BaseCommand):
    help = (
        "Syncs the article files (articles/content/*.md) into the database: creates new articles, updates "
        "the ones whose file changed, unpublishes the ones whose file was removed, and leaves the rest alone. "
        "Every file is checked first; one bad file stops the load and nothing in the database changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir", type=Path, default=CONTENT_DIR, help="Directory of the Markdown files to load."
        )

    def handle(self, *args, content_dir, **options):
        try:
            sources = read_directory(content_dir, set(Treatment.objects.values_list("slug", flat=True)))
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

        summary = ", ".join(f"{count} {what}" for what, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Articles: {summary}."))

    def _fields(self, source, image):
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

    def _report(self, counts, what, article, why=""):
        counts[what] += 1
        self.stdout.write(f"{what} {article.slug}" + (f" ({why})" if why else ""))
