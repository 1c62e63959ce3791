import pytest

from bookings.models import Enquiry
from tests.bookings.booking_form import BOOK_URL, submit, thanks_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_minimum_fill_time(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0


def test_a_valid_enquiry_is_saved_and_shows_the_reference(client):
    response = submit(client)
    page = thanks_page(client, response)
    enquiry = Enquiry.objects.get()
    assert enquiry.reference in page.content.decode()
    assert enquiry.postcode == "YO24 1AB"
    assert enquiry.postcode_district == "YO24"
    assert not enquiry.outside_area
    assert enquiry.name == "Zoë O'Brien-李"
    assert enquiry.phone.as_e164 == "+447912345678"
    assert enquiry.call_times == ["morning", "evening"]
    assert enquiry.treatment.slug == "sports-massage"
    assert enquiry.windows.count() == 1
    assert enquiry.consented_at is not None
    assert not enquiry.is_suspected_spam


def test_form_page_is_never_cached_and_sets_the_csrf_cookie(client):
    response = client.get(BOOK_URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "csrftoken" in response.cookies
