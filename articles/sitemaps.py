from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from articles.models import Article


class CanonicalSitemap(Sitemap):
    """A sitemap whose URLs use SITE_URL's scheme and host, whatever host the request came in on,
    so search engines are given the same canonical URLs the pages name."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(CanonicalSitemap):
    def items(self):
        return Article.objects.published().order_by("slug")

    def lastmod(self, article):
        return article.content_updated_at
