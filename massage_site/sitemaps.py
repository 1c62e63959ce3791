import datetime
from functools import cached_property

from django.db.models import Max, QuerySet
from django.urls import reverse

from articles.models import Article, Page
from articles.sitemaps import ArticleSitemap, CanonicalSitemap


class StaticPagesSitemap(CanonicalSitemap):
    # Pages whose content changes when an article is added, edited, published or taken off.
    LIST_ARTICLES = {"home", "articles:list"}

    def items(self) -> list[str]:
        return ["home", "treatments", "about", "areas", "privacy", "articles:list", "bookings:form"]

    def location(self, item) -> str:
        return reverse(item)

    def lastmod(self, item) -> datetime.datetime | None:
        # The other pages change only with a deploy or a treatment edit (Treatment keeps no
        # timestamp), so they have no honest date to give.
        return self.articles_last_changed if item in self.LIST_ARTICLES else None

    @cached_property
    def articles_last_changed(self) -> datetime.datetime | None:
        # Every article, not only the published ones: taking one off changes the lists too.
        return Article.objects.aggregate(last=Max("updated_at"))["last"]


class PracticePageSitemap(CanonicalSitemap):
    """The practice pages from Markdown (what to expect, cancellations, FAQ…)."""

    def items(self) -> QuerySet[Page]:
        return Page.objects.published().order_by("slug")

    def lastmod(self, page) -> datetime.datetime:
        return page.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "practice-pages": PracticePageSitemap, "articles": ArticleSitemap}
