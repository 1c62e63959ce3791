from django.conf import settings
from django.contrib import admin
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.views.generic import ListView

from articles import share_image, structured_data
from articles.models import Article
from bookings.models import Treatment
from massage_site.cache import mark_public
from massage_site.models import PracticeProfile


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().only("slug", "title", "description", "reading_minutes")


def _may_preview(request: HttpRequest) -> bool:
    """Staff who may use the admin may read unpublished articles. A visitor without a session
    cookie is never staff, and checking that touches neither the session nor the database."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and admin.site.has_permission(request)


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One article: two queries (the article, its published related articles), and public
    caching for everyone but staff. Django's ConditionalGetMiddleware adds the ETag (the page's
    own digest, so a change to the text, a related article or the templates makes a new one)
    and answers a reader who already has this version with a 304."""
    staff = _may_preview(request)
    articles = Article.objects.all() if staff else Article.objects.published()
    related = Prefetch("related", queryset=Article.objects.published().only("slug", "title", "description"))
    # The booking prompts name the article's treatment: fetched with the article, not on its own.
    treatment_name = Subquery(Treatment.objects.filter(slug=OuterRef("treatment_slug")).values("name")[:1])
    article = get_object_or_404(articles.prefetch_related(related).annotate(treatment_name=treatment_name), slug=slug)
    author = PracticeProfile.load()
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related_articles": article.related.all(),
            "preview": not article.is_published,
            "breadcrumbs": structured_data.breadcrumbs(article),
            "json_ld": structured_data.as_script_content(structured_data.article_graph(article, author)),
            "author": author,
            "share_image_url": share_image.absolute_url(article.share_image),
            "share_image_size": share_image.SIZE,
        },
    )
    if staff:
        add_never_cache_headers(response)
    else:
        mark_public(response)
    # When the article's file last changed.
    response["Last-Modified"] = http_date((article.content_updated_at or article.updated_at).timestamp())
    return response
