"""The service area as places a client recognises: every configured postcode district has towns or
villages, grouped on the area page, which the home page and the footer link to."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from bookings import areas

pytestmark = pytest.mark.django_db


def test_every_configured_district_has_place_names():
    for district in areas.served_districts():
        assert district.places, f"{district.code} has no places in bookings/areas.py"
        assert district.group in {group.slug for group in areas.GROUPS}


def test_the_area_page_lists_every_district_with_its_places_under_its_group(client):
    soup = BeautifulSoup(client.get(reverse("areas")).content, "html.parser")
    listed = {}
    for section in soup.find_all("section"):
        heading = section.find("h2").get_text()
        for item in section.find_all("li"):
            code = item.find("strong").get_text()
            listed[code] = (heading, item.get_text())
    assert set(listed) == set(settings.SERVICE_DISTRICTS)
    assert listed["YO43"][1].startswith("YO43: Market Weighton")
    assert "Pocklington" in listed["YO42"][1]
    assert "Helmsley" in listed["YO62"][1] and "Kirkbymoorside" in listed["YO62"][1]
    assert listed["YO1"][0] == "York"
    assert listed["YO32"][0] == "Villages around York"


def test_a_travel_charge_is_shown_only_where_one_applies(client):
    html = client.get(reverse("areas")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    for item in soup.select("li"):
        strong = item.find("strong")
        if strong is None:
            continue
        charge = areas.travel_charge(strong.get_text())
        assert ("travel charge" in item.get_text()) == bool(charge), strong.get_text()


def test_a_district_added_to_the_setting_without_places_still_shows(client, settings):
    settings.SERVICE_DISTRICTS = [*settings.SERVICE_DISTRICTS, "YO8"]
    assert "YO8" in client.get(reverse("areas")).content.decode()


def test_the_home_page_and_the_footer_link_to_the_area_page(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.find("main").find("a", href=reverse("areas"))
    assert soup.find("footer").find("a", href=reverse("areas"))


def test_the_form_links_to_the_area_page_and_the_thanks_page_names_a_travel_charge(client):
    from tests.bookings.booking_form import submit, thanks_page

    form = client.get(reverse("bookings:form")).content.decode()
    assert f'href="{reverse("areas")}"' in form
    further = thanks_page(client, submit(client, postcode="YO43 3AB")).content.decode()
    assert "A travel charge of £10 is added to the price in YO43" in further
    york = thanks_page(client, submit(client, postcode="YO24 1AB")).content.decode()
    assert "travel charge" not in york
