"""An enquiry and its email rows are saved in one transaction, on SQLite as on PostgreSQL: when
the email rows can't be written, the enquiry isn't either, and the client is not thanked."""

import pytest

from bookings.models import EmailDelivery, Enquiry
from tests.bookings.booking_form import BOOK_URL, form_token, valid_data
from tests.bookings.database_faults import refuse_new_email_rows
from tests.browser_client import BrowserClient as Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_rows_cannot_be_written():
    """The database itself refuses every new email row (a full disk, say)."""
    refuse_new_email_rows("no space left", postgres_errcode="disk_full")


def test_an_enquiry_whose_emails_cannot_be_saved_is_not_saved_either(settings, email_rows_cannot_be_written):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    browser = Client(raise_request_exception=False)
    response = browser.post(BOOK_URL, valid_data(form_token(browser)))
    assert response.status_code in (500, 503)
    assert settings.PRACTICE_PHONE in response.content.decode()
    assert not Enquiry.objects.exists()
    assert not EmailDelivery.objects.exists()
