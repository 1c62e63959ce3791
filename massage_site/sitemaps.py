from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    protocol = "https"

    def items(self):
        return ["home", "treatments", "about", "privacy", "articles:list", "bookings:form"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": StaticPagesSitemap}
