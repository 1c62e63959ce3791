from django.urls import path
from django.views.generic import ListView

from articles.models import Article

app_name = "articles"

urlpatterns = [
    path("", ListView.as_view(queryset=Article.objects.published()), name="list"),
]
