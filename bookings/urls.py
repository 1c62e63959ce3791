from django.urls import path

from bookings import feeds, views

app_name = "bookings"

urlpatterns = [
    path("", views.book, name="form"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
    path("get-medical-help/", views.urgent, name="urgent"),
    path("calendar/<str:token>.ics", feeds.visits_feed, name="visits_feed"),
]
