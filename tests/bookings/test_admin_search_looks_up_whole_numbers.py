"""The enquiry list's search: a whole phone number in any format, a full postcode in any form or a
whole reference finds the client through its index (an equality, no substring scan of every
row); a name, an email or part of a number is still found by Django's text search."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:bookings_enquiry_changelist"


def search(client, term):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(CHANGELIST), {"q": term})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = [cell.get_text() for cell in soup.select("#result_list .field-reference")]
    scanned = any(" LIKE " in query["sql"].upper() for query in captured.captured_queries)
    return found, scanned


@pytest.fixture
def jane(db):
    make_enquiry(name="Someone Else", phone="+447700900999", email="else@example.com", postcode="YO1 7HH")
    return make_enquiry(name="Jane Client", phone="+447700900123", postcode="YO24 1AB")


@pytest.mark.parametrize(
    "term",
    [
        "07700 900123",  # as the desk shows it
        "07700900123",
        "+44 7700 900123",  # as an international caller gives it
        "+447700900123",
        "0044 7700 900123",
        "7700900123",  # the 0 left off
        " 07700-900-123 ",
        "(07700) 900 123",
    ],
)
def test_a_whole_phone_number_in_any_format_is_looked_up_not_scanned(client, therapist, jane, term):
    assert search(client, term) == ([jane.reference], False)


@pytest.mark.parametrize("term", ["yo241ab", "YO24 1AB", " yo24  1ab "])
def test_a_full_postcode_in_any_form_is_looked_up_not_scanned(client, therapist, jane, term):
    assert search(client, term) == ([jane.reference], False)


def test_a_whole_reference_in_any_case_is_looked_up_not_scanned(client, therapist, jane):
    assert search(client, jane.reference.lower()) == ([jane.reference], False)


@pytest.mark.parametrize("term", ["900123", "Jane", "jane@EXAMPLE.com", "YO24"])
def test_part_of_a_number_a_name_or_an_email_is_still_found_by_text(client, therapist, jane, term):
    found, scanned = search(client, term)
    assert found == [jane.reference]
    assert scanned


def test_a_number_nobody_gave_finds_nobody(client, therapist, jane):
    assert search(client, "07700 900555") == ([], False)
