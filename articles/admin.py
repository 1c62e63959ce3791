import datetime

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Article

SOURCE_NOTE = (
    "The text of each article comes from its file in articles/content/ and is loaded by "
    "`manage.py load_articles` when the site is deployed: the file is the source of truth, so the "
    "content is read-only here. You can publish or unpublish an article."
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "on_site", "last_reviewed", "review_due", "view_on_site_link"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    ordering = ["next_review", "title"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        ("Publishing", {"fields": ["is_published"], "description": SOURCE_NOTE}),
        (
            "Content (from the file)",
            {
                "fields": [
                    "title",
                    "slug",
                    "description",
                    "published",
                    "last_reviewed",
                    "next_review",
                    "reviewed_by",
                    "treatment_slug",
                    "related",
                    "shows_urgent_signs",
                    "source_path",
                    "content_updated_at",
                    "body_markdown",
                ]
            },
        ),
    ]
    readonly_fields = fieldsets[1][1]["fields"]

    @admin.display(description="Published on the site", boolean=True, ordering="is_published")
    def on_site(self, article) -> bool:
        return article.is_published

    @admin.display(description="Page")
    def view_on_site_link(self, article) -> SafeString:
        return format_html('<a href="{}">View the page</a>', article.get_absolute_url())

    @admin.display(description="Next review due", ordering="next_review")
    def review_due(self, article) -> datetime.date:
        return article.next_review

    def has_add_permission(self, request) -> bool:
        return False  # New articles are new files.

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Unpublish instead: a deleted article would come back at the next load.

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset) -> None:
        for article in queryset:  # save() so the page cache hears about it
            article.is_published = True
            article.save(update_fields=["is_published", "updated_at"])
        self.message_user(request, f"Published {queryset.count()} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles", permissions=["change"])
    def unpublish(self, request, queryset) -> None:
        for article in queryset:
            article.is_published = False
            article.save(update_fields=["is_published", "updated_at"])
        self.message_user(request, f"Unpublished {queryset.count()} article(s).", messages.SUCCESS)
