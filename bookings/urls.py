from django.urls import path

from bookings import feeds, views
from massage_site.cache import cache_public_page

app_name = "bookings"

urlpatterns = [
    path("", views.book, name="form"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
    path("get-medical-help/", cache_public_page(views.urgent), name="urgent"),
    path("calendar/<str:token>.ics", feeds.visits_feed, name="visits_feed"),
]
