from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.book, name="form"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
    path("get-medical-help/", views.urgent, name="urgent"),
]
