from django.urls import path

from articles import views
from articles.feeds import ArticleFeed
from massage_site.cache import cache_public_page

app_name = "articles"

urlpatterns = [
    path("", cache_public_page(views.ArticleListView.as_view()), name="list"),
    path("feed/", ArticleFeed(), name="feed"),
    path("<slug:slug>/", cache_public_page(views.article_detail), name="detail"),
]
