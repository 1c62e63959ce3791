import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from articles.models import Article


class CanonicalSitemap(Sitemap):
    """A sitemap whose URLs use SITE_URL's scheme and host, whatever host the request came in on,
    so search engines are given the same canonical URLs the pages name."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(CanonicalSitemap):
    def items(self) -> QuerySet[Article]:
        return Article.objects.published().order_by("slug")

    def lastmod(self, article) -> datetime.datetime | None:
        return article.content_updated_at
