from django.urls import path

from bookings import views
from massage_site.cache import cache_public_page

app_name = "bookings"

urlpatterns = [
    path("", views.book, name="form"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
    path("get-medical-help/", cache_public_page(views.urgent), name="urgent"),
]
