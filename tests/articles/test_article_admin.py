import pytest
from django.urls import reverse

from articles.models import Article

SLUG = "it-band-and-lower-back-pain"


@pytest.fixture
def admin_ready(settings):
    settings.ADMIN_REQUIRE_2FA = False  # the second factor is the admin's own tests' concern


@pytest.mark.django_db
def test_the_list_shows_what_needs_a_decision(admin_client, admin_ready, articles):
    response = admin_client.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    for header in ["Title", "Published on the site", "Last reviewed", "Next review due", "Page"]:
        assert header in html
    assert f'href="/articles/{SLUG}/"' in html


@pytest.mark.django_db
def test_content_is_read_only_and_the_admin_says_the_files_are_the_source(admin_client, admin_ready, articles):
    article = Article.objects.get(slug=SLUG)
    url = reverse("admin:articles_article_change", args=[article.pk])
    html = admin_client.get(url).content.decode()
    assert "source of truth" in html
    assert 'name="is_published"' in html
    for field in ["title", "description", "body_markdown", "slug", "last_reviewed"]:
        assert f'name="{field}"' not in html

    # A crafted POST cannot change the text either.
    response = admin_client.post(url, {"is_published": "", "title": "Changed", "body_markdown": "Changed"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "The IT band and lower back pain"
    assert "Changed" not in article.body_markdown
    assert not article.is_published


@pytest.mark.django_db
def test_articles_cannot_be_added_or_deleted_in_admin(admin_client, admin_ready, articles):
    assert admin_client.get(reverse("admin:articles_article_add")).status_code == 403
    article = Article.objects.get(slug=SLUG)
    assert admin_client.get(reverse("admin:articles_article_delete", args=[article.pk])).status_code == 403


@pytest.mark.django_db
def test_unpublish_and_publish_actions(admin_client, admin_ready, articles, client):
    article = Article.objects.get(slug=SLUG)
    url = reverse("admin:articles_article_changelist")

    admin_client.post(url, {"action": "unpublish", "_selected_action": [article.pk]})
    assert not Article.objects.get(pk=article.pk).is_published
    assert client.get(article.get_absolute_url()).status_code == 404

    response = admin_client.post(url, {"action": "publish", "_selected_action": [article.pk]}, follow=True)
    assert "Published 1 article" in response.content.decode()
    assert Article.objects.get(pk=article.pk).is_published
    assert client.get(article.get_absolute_url()).status_code == 200
