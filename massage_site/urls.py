from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from massage_site import views
from massage_site.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("treatments/", views.TreatmentsView.as_view(), name="treatments"),
    path("about/", TemplateView.as_view(template_name="pages/about.html"), name="about"),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("articles/", include("articles.urls")),
    path("book/", include("bookings.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
handler500 = "massage_site.views.server_error"
