from django.urls import path

from articles import views
from articles.feeds import ArticleFeed

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("feed/", ArticleFeed(), name="feed"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
