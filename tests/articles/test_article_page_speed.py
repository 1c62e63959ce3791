import pytest
from django.urls import reverse
from django.utils.http import http_date

from articles.models import Article

URL = "/articles/sciatica-and-lower-back-pain/"


@pytest.mark.django_db
def test_an_article_page_costs_at_most_three_queries(client, articles, django_assert_max_num_queries):
    # The article, its related articles, and the practice profile (its author).
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    assert b"Related articles" in response.content


@pytest.mark.django_db
def test_an_anonymous_reader_gets_public_cache_headers(client, articles):
    response = client.get(URL)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"]
    assert response["Last-Modified"]


@pytest.mark.django_db
def test_a_reader_with_the_current_etag_gets_a_304(client, articles, django_assert_max_num_queries):
    etag = client.get(URL)["ETag"]
    with django_assert_max_num_queries(3):
        response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.django_db
def test_a_reader_whose_copy_is_as_new_as_the_article_gets_a_304(client, articles):
    last_modified = client.get(URL)["Last-Modified"]
    assert client.get(URL, headers={"if-modified-since": last_modified}).status_code == 304


@pytest.mark.django_db
def test_a_changed_article_gets_a_full_page_again(client, articles, load_articles, content_dir):
    response = client.get(URL)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    path = content_dir / "sciatica-and-lower-back-pain.md"
    path.write_text(path.read_text() + "\nA paragraph added after the reader's visit.\n")
    load_articles("--content-dir", content_dir)

    again = client.get(URL, headers={"if-none-match": etag, "if-modified-since": last_modified})
    assert again.status_code == 200
    assert b"A paragraph added after the reader" in again.content
    assert again["ETag"] != etag


@pytest.mark.django_db
def test_last_modified_is_when_the_file_last_changed(client, articles):
    article = Article.objects.get(slug="sciatica-and-lower-back-pain")
    assert client.get(URL)["Last-Modified"] == http_date(article.content_updated_at.timestamp())


@pytest.mark.django_db
def test_the_list_page_costs_one_query(client, articles, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(reverse("articles:list")).status_code == 200
