import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article


class ArticleFeed(Feed):
    """An Atom feed of the published articles. Links are absolute, from SITE_URL."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.PRACTICE_NAME}: articles"

    def subtitle(self) -> str:
        return "Articles on back pain, sciatica and how massage helps, from a mobile massage therapist in York."

    def link(self) -> str:
        return settings.SITE_URL + reverse("articles:list")

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse("articles:feed")

    def author_name(self) -> str:
        return settings.PRACTICE_NAME

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().order_by("-published", "title")

    def item_title(self, article) -> str:
        return article.title

    def item_description(self, article) -> str:
        return article.description

    def item_link(self, article) -> str:
        return settings.SITE_URL + article.get_absolute_url()

    def item_guid(self, article) -> str:
        return self.item_link(article)

    def item_pubdate(self, article) -> datetime.datetime:
        return datetime.datetime.combine(article.published, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, article) -> datetime.datetime | None:
        return article.content_updated_at
