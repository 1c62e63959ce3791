"""Search data for the storefront: the home page describes the practice as a HealthAndBeautyBusiness
(name, telephone, email, area served, price range, offers, share image), and each article names the
therapist as its author, linked to the About page, in its byline and its JSON-LD."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command

from massage_site.models import PracticeProfile

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/sciatica-and-lower-back-pain/"


@pytest.fixture
def loaded(settings, tmp_path):
    settings.ARTICLES_SHARE_IMAGE_ROOT = tmp_path / "build"
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path / "build"]
    call_command("load_articles", stdout=StringIO())


def json_ld(html):
    return json.loads(BeautifulSoup(html, "html.parser").find("script", type="application/ld+json").string)


def test_the_home_page_describes_the_practice_as_a_local_business(client, settings, loaded):
    html = client.get("/").content.decode()
    business = next(node for node in json_ld(html)["@graph"] if node["@type"] == "HealthAndBeautyBusiness")
    assert business["name"] == settings.PRACTICE_NAME
    assert business["telephone"] == "+44" + settings.PRACTICE_PHONE.replace(" ", "")[1:]
    assert business["email"] == settings.PRACTICE_EMAIL
    places = {place["name"] for place in business["areaServed"]}
    assert {"Market Weighton", "Pocklington", "Haxby", "Acomb"} <= places
    assert business["priceRange"].startswith("£")
    assert business["makesOffer"] and all(offer["priceCurrency"] == "GBP" for offer in business["makesOffer"])
    assert business["employee"]["name"] == "David"
    soup = BeautifulSoup(html, "html.parser")
    image = soup.find("meta", property="og:image")["content"]
    assert business["image"] == image and image.startswith(settings.SITE_URL) and image.endswith(".png")
    drawn = finders.find(image.removeprefix(settings.SITE_URL + settings.STATIC_URL))
    assert drawn is not None, "load_articles draws the home page's share image"


def test_the_phone_number_in_the_first_screen_is_a_button(client, settings):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    hero = soup.find("div", class_="hero")
    call = hero.find("a", href="tel:+44" + settings.PRACTICE_PHONE.replace(" ", "")[1:])
    assert "btn" in call["class"] and settings.PRACTICE_PHONE in call.get_text()


def test_an_article_names_the_therapist_as_author_and_links_to_about(client, loaded):
    PracticeProfile.objects.filter(pk=PracticeProfile.load().pk).update(therapist_name="Dave")
    cache.clear()
    html = client.get(ARTICLE).content.decode()
    byline = BeautifulSoup(html, "html.parser").find("p", class_="byline")
    link = byline.find("a")
    assert (link.get_text(), link["href"]) == ("Dave", "/about/")
    page = next(node for node in json_ld(html)["@graph"] if node["@type"] == "MedicalWebPage")
    assert page["author"]["@type"] == "Person"
    assert page["author"]["name"] == "Dave"
    assert page["author"]["url"].endswith("/about/")
