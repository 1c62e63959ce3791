"""The old site's addresses: a redirect the therapist adds in admin answers 301 through the real
middleware stack, and a path without one is still the site's 404."""

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import reverse

from tests.bookings.admin_helpers import signed_in_therapist

pytestmark = pytest.mark.django_db


def test_an_old_path_redirects_permanently_to_its_new_page(client):
    Redirect.objects.create(
        site=Site.objects.get_current(),
        old_path="/sciatica-lower-back-pain.html",
        new_path="/articles/sciatica-and-lower-back-pain/",
    )
    response = client.get("/sciatica-lower-back-pain.html")
    assert response.status_code == 301
    assert response["Location"] == "/articles/sciatica-and-lower-back-pain/"
    assert client.get("/some-other-old-page.html").status_code == 404


def test_the_therapist_can_add_a_redirect_in_admin(client, monkeypatch, settings):
    settings.ADMIN_REQUIRE_2FA = True
    signed_in_therapist(client, monkeypatch)
    response = client.post(
        reverse("admin:redirects_redirect_add"),
        {"site": Site.objects.get_current().pk, "old_path": "/prices.html", "new_path": "/treatments/"},
    )
    assert response.status_code == 302, response.content.decode()
    client.logout()
    answer = client.get("/prices.html")
    assert (answer.status_code, answer["Location"]) == (301, "/treatments/")
