from django.urls import reverse

from articles.sitemaps import ArticleSitemap, CanonicalSitemap


class StaticPagesSitemap(CanonicalSitemap):
    def items(self):
        return ["home", "treatments", "about", "privacy", "articles:list", "bookings:form"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": StaticPagesSitemap, "articles": ArticleSitemap}
