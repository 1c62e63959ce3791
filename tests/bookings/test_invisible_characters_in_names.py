"""Invisible characters pasted into a name (zero-width spaces and joiners, direction marks,
the word joiner, a byte order mark, line and paragraph separators) are taken out, so a name
reads in the admin and the therapist's email as it looks; a name of nothing else is refused."""

import pytest

from bookings.models import Enquiry
from tests.bookings.booking_form import submit, thanks_page

pytestmark = pytest.mark.django_db

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"]


@pytest.fixture(autouse=True)
def form_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_in_a_name_is_taken_out(client, char):
    thanks_page(client, submit(client, name=f"{char}Jo{char} Bl{char}oggs{char}"))
    assert Enquiry.objects.get().name == "Jo Bloggs"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_or_paragraph_separator_in_a_name_becomes_a_space(client, separator):
    thanks_page(client, submit(client, name=f"Jo{separator}Bloggs"))
    assert Enquiry.objects.get().name == "Jo Bloggs"


def test_a_name_of_only_invisible_characters_is_refused(client):
    response = submit(client, name="".join(INVISIBLE) + "\u2028")
    assert response.status_code == 200
    assert "Enter your name" in response.content.decode()
    assert not Enquiry.objects.exists()
