from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from massage_site import views
from massage_site.cache import cache_public_page
from massage_site.sitemaps import SITEMAPS

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("treatments/", cache_public_page(views.TreatmentsView.as_view()), name="treatments"),
    path("about/", cache_public_page(views.AboutView.as_view()), name="about"),
    path("areas/", cache_public_page(views.AreasView.as_view()), name="areas"),
    path("privacy/", cache_public_page(views.PrivacyView.as_view()), name="privacy"),
    path("robots.txt", cache_public_page(views.RobotsView.as_view()), name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("articles/", include("articles.urls")),
    path("book/", include("bookings.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("media/<path:name>", views.practice_photo, name="practice_photo"),
    # Last: a practice page from articles/content/pages/, at the top level (/what-to-expect/).
    path("<slug:slug>/", cache_public_page(views.PracticePageView.as_view()), name="page"),
]
handler500 = "massage_site.views.server_error"
