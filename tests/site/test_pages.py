import pytest
from django.urls import reverse

PUBLIC_PAGES = ["home", "treatments", "about", "areas", "privacy"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_one_h1_and_the_practice_phone(client, name, settings):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'lang="en-GB"' in html
    assert f'href="tel:+44{settings.PRACTICE_PHONE.replace(" ", "")[1:]}"' in html


@pytest.mark.django_db
def test_unknown_page_is_a_404_in_the_site_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap(client, settings):
    settings.SITE_URL = "https://www.example.co.uk"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://www.example.co.uk/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
