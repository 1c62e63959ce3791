from django.urls import path

from articles import views
from articles.feeds import ArticleFeed
from massage_site.cache import cache_public_page

app_name = "articles"

urlpatterns = [
    path("", cache_public_page(views.ArticleListView.as_view()), name="list"),
    path("feed/", cache_public_page(ArticleFeed()), name="feed"),
    # Public for readers, never kept for staff previewing a draft: the view decides.
    path("<slug:slug>/", views.article_detail, name="detail"),
]
