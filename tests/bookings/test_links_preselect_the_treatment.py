"""The links into the booking form (a treatment's button, an article's button) arrive with the
treatment already chosen; a made-up or hostile ?treatment= is ignored."""

from io import StringIO
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from bookings.models import Treatment
from tests.bookings.booking_form import BOOK_URL

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def chosen_treatment(client, url):
    checked = soup(client.get(url)).select("input[name=treatment][checked]")
    return [radio["value"] for radio in checked]


def test_each_treatments_page_button_arrives_with_its_treatment_chosen(client):
    buttons = soup(client.get("/treatments/")).select(f'a[href^="{BOOK_URL}?"]')
    slugs = Treatment.objects.filter(is_active=True).values_list("slug", flat=True)
    assert len(buttons) == len(slugs) > 1
    for button in buttons:
        slug = button["href"].split("treatment=", 1)[1]
        assert slug in slugs
        assert chosen_treatment(client, button["href"]) == [slug]


def test_an_articles_button_arrives_with_the_treatment_it_names(client):
    call_command("load_articles", stdout=StringIO())
    article = soup(client.get("/articles/it-band-and-lower-back-pain/"))
    button = article.find(id="book-heading").parent.find("a", string="Book a visit")
    assert "treatment=deep-tissue-massage" in button["href"]
    form = soup(client.get(button["href"]))
    assert [radio["value"] for radio in form.select("input[name=treatment][checked]")] == ["deep-tissue-massage"]
    assert form.select_one("input[name=article]")["value"] == "it-band-and-lower-back-pain"


def test_a_valid_treatment_wins_over_the_articles_own(client):
    call_command("load_articles", stdout=StringIO())
    url = f"{BOOK_URL}?article=sciatica-and-lower-back-pain&treatment=swedish-massage"
    assert chosen_treatment(client, url) == ["swedish-massage"]


@pytest.mark.parametrize(
    "value",
    ["hot-stones", "", "sports-massage\x00", "<script>alert(1)</script>", "x" * 5000, "not-sure", "SPORTS-MASSAGE"],
)
def test_an_unknown_or_hostile_treatment_is_ignored(client, value):
    call_command("load_articles", stdout=StringIO())
    assert chosen_treatment(client, f"{BOOK_URL}?{urlencode({'treatment': value})}") == []
    # With an article too, the article's treatment is chosen instead.
    url = f"{BOOK_URL}?{urlencode({'article': 'sciatica-and-lower-back-pain', 'treatment': value})}"
    assert chosen_treatment(client, url) == ["sports-massage"]


def test_a_retired_treatment_is_not_chosen(client):
    Treatment.objects.filter(slug="swedish-massage").update(is_active=False)
    assert chosen_treatment(client, f"{BOOK_URL}?treatment=swedish-massage") == []
