"""Prices: each treatment's lengths and prices, edited in admin, shown on the treatments page, as
"from £N" on the home page, and as offers in the home page's structured data. The starting prices
are labelled as such in admin until the therapist saves a treatment."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from bookings.models import Treatment, TreatmentOption
from massage_site.models import PracticeProfile

pytestmark = pytest.mark.django_db


def test_every_treatment_starts_with_prices_for_60_and_90_minutes():
    for treatment in Treatment.objects.filter(is_active=True):
        assert [option.duration_minutes for option in treatment.options.all()] == [60, 90]
        assert all(option.price > 0 for option in treatment.options.all())


def test_the_treatments_page_shows_each_length_and_price(client):
    sports = Treatment.objects.get(slug="sports-massage")
    TreatmentOption.objects.filter(treatment=sports, duration_minutes=60).update(price=Decimal("57.50"))
    soup = BeautifulSoup(client.get(reverse("treatments")).content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "treatment-sports-massage"})
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in section.find("tbody").find_all("tr")]
    assert rows == [["60 minutes", "£57.50"], ["90 minutes", f"£{sports.options.get(duration_minutes=90).price:.0f}"]]


def test_the_home_page_cards_say_from_the_lowest_price(client):
    swedish = Treatment.objects.get(slug="swedish-massage")
    swedish.options.all().delete()
    TreatmentOption.objects.create(treatment=swedish, duration_minutes=45, price=Decimal("42"))
    TreatmentOption.objects.create(treatment=swedish, duration_minutes=90, price=Decimal("80"))
    html = client.get("/").content.decode()
    assert "from £42" in html
    assert "45 or 90 minutes" in html


@pytest.mark.parametrize(
    "path", ["/", "/treatments/", "/about/", "/book/", "/questions/", "/cancellations-and-payment/"]
)
def test_no_page_asks_the_client_to_agree_a_price(client, path, settings, tmp_path):
    settings.ARTICLES_SHARE_IMAGE_ROOT = tmp_path
    call_command("load_articles", stdout=StringIO())
    html = client.get(path).content.decode().lower()
    assert "ask when you enquire" not in html
    assert "agree a price" not in html and "a time and a price" not in html


def test_the_admin_labels_the_starting_prices_until_a_treatment_is_saved(client, therapist):
    changelist = client.get(reverse("admin:bookings_treatment_changelist")).content.decode()
    assert "starting figures" in changelist
    assert "60 min £55" in changelist

    sports = Treatment.objects.get(slug="sports-massage")
    change = reverse("admin:bookings_treatment_change", args=[sports.pk])
    options = list(sports.options.all())
    data = {
        "name": sports.name,
        "slug": sports.slug,
        "summary": sports.summary,
        "description": sports.description,
        "position": sports.position,
        "is_active": "on",
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "2",
        "options-MIN_NUM_FORMS": "1",
        "options-MAX_NUM_FORMS": "1000",
    }
    for index, option in enumerate(options):
        data[f"options-{index}-id"] = option.pk
        data[f"options-{index}-treatment"] = sports.pk
        data[f"options-{index}-duration_minutes"] = option.duration_minutes
        data[f"options-{index}-price"] = "62" if option.duration_minutes == 60 else option.price
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()
    assert PracticeProfile.load().prices_confirmed_at is not None
    assert "starting figures" not in client.get(reverse("admin:bookings_treatment_changelist")).content.decode()
    cache.clear()
    assert "£62" in client.get(reverse("treatments")).content.decode()


def test_a_bad_price_changes_nothing(client, therapist):
    sports = Treatment.objects.get(slug="sports-massage")
    option = sports.options.get(duration_minutes=60)
    data = {
        "name": sports.name,
        "slug": sports.slug,
        "summary": sports.summary,
        "description": sports.description,
        "position": sports.position,
        "is_active": "on",
        "options-TOTAL_FORMS": "1",
        "options-INITIAL_FORMS": "1",
        "options-MIN_NUM_FORMS": "1",
        "options-MAX_NUM_FORMS": "1000",
        "options-0-id": option.pk,
        "options-0-treatment": sports.pk,
        "options-0-duration_minutes": "60",
        "options-0-price": "fifty",
    }
    response = client.post(reverse("admin:bookings_treatment_change", args=[sports.pk]), data)
    assert response.status_code == 200
    option.refresh_from_db()
    assert option.price == Decimal("55")
    assert PracticeProfile.load().prices_confirmed_at is None


def test_the_home_page_structured_data_offers_every_price(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    graph = json.loads(soup.find("script", type="application/ld+json").string)["@graph"]
    business = next(node for node in graph if node["@type"] == "HealthAndBeautyBusiness")
    offers = {(offer["name"], offer["price"], offer["priceCurrency"]) for offer in business["makesOffer"]}
    expected = {
        (f"{option.treatment.name}, {option.duration_minutes} minutes", f"{option.price:.2f}", "GBP")
        for option in TreatmentOption.objects.filter(treatment__is_active=True).select_related("treatment")
    }
    assert offers == expected
    assert business["priceRange"] == "£50–£75"
