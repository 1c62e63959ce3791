"""Admin lists take the filters they offer; any other lookup in the address is a 400 (never a
500, never a false "database unavailable" 503), on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from tests.bookings.admin_helpers import make_enquiry, signed_in_therapist

pytestmark = pytest.mark.django_db

ENQUIRIES = reverse("admin:bookings_enquiry_changelist")


@pytest.fixture
def desk(client, monkeypatch, settings):
    settings.ADMIN_REQUIRE_2FA = True
    signed_in_therapist(client, monkeypatch)
    client.raise_request_exception = False
    return client


def refused(response):
    return response.status_code == 400 and "Something went wrong with that request" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "email__regex=(",
        "name__iregex=[",
        "name=%00",
        "q=Jane%00",
        "status__exact=new%00",
        "created_at__year=99999999999",
        "created_at__year=9999",
        "created_at__year=2026&created_at__month=13",
        "created_at__year=-1",
        "treatment__name__regex=(",
        "notes__contains=x",
    ],
)
def test_an_enquiry_list_lookup_it_does_not_offer_is_a_400(desk, query):
    make_enquiry(name="Jane Client")
    assert refused(desk.get(f"{ENQUIRIES}?{query}"))


@pytest.mark.parametrize(
    "path, query",
    [
        (reverse("admin:articles_article_changelist"), "slug__regex=("),
        (reverse("admin:articles_article_changelist"), "updated_at__year=99999999999"),
        (reverse("admin:bookings_emaildelivery_changelist"), "to__regex=("),
        (reverse("admin:bookings_emaildelivery_changelist"), "created_at__year=99999999999"),
        (reverse("admin:bookings_appointment_changelist"), "starts_at__year=99999999999"),
        (reverse("admin:bookings_treatment_changelist"), "name=%00"),
    ],
)
def test_every_admin_list_refuses_lookups_it_does_not_offer(desk, path, query):
    assert refused(desk.get(f"{path}?{query}"))


def test_the_lists_own_filters_and_search_still_work(desk):
    make_enquiry(name="Jane Client")
    make_enquiry(name="Other Person", status="booked", email="other@example.com")

    def names(query):
        response = desk.get(f"{ENQUIRIES}?{query}")
        assert response.status_code == 200, query
        return {e.name for e in response.context["cl"].result_list}

    assert names("status__exact=new") == {"Jane Client"}
    assert names("q=Other") == {"Other Person"}
    assert names("follow_up=due&o=1") == set()
    assert names("contact_method__exact=phone&p=1") == {"Jane Client", "Other Person"}
    articles = desk.get(reverse("admin:articles_article_changelist") + "?is_published__exact=1")
    assert articles.status_code == 200
