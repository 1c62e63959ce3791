"""References are short ("MY-" and four characters), so two enquiries may draw the same one:
the second draws again, whether it came through the form or the desk. Nothing else that stops
an enquiry being saved is taken for a clash."""

import itertools
from unittest import mock

import pytest
from django.db import IntegrityError
from django_tasks_db.models import DBTaskResult

from bookings import workflow
from bookings.models import REFERENCE_ALPHABET, EmailDelivery, Enquiry, SentFromNetwork
from tests.bookings.booking_form import BOOK_URL, form_token, thanks_page, valid_data
from tests.bookings.database_faults import refuse_new_email_rows

pytestmark = pytest.mark.django_db

TAKEN = "MY-" + REFERENCE_ALPHABET[0] * 4
FREE = "MY-" + REFERENCE_ALPHABET[1] * 4


def drawing(*references):
    """secrets.choice as new_reference calls it, four characters a reference, in this order."""
    characters = itertools.chain.from_iterable(reference.removeprefix("MY-") for reference in references)
    return mock.patch("bookings.models.secrets.choice", side_effect=lambda alphabet: next(characters))


@pytest.fixture
def taken(db):
    return Enquiry.objects.create(reference=TAKEN, name="First", contact_method="phone", postcode="YO24 1AB")


# transaction=True: the view's own transaction, not a test's savepoint around it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_booking_that_draws_a_taken_reference_draws_again(client, settings, taken):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    token = form_token(client)
    with drawing(TAKEN, FREE):  # the posted form's enquiry draws first, then the retry
        response = client.post(BOOK_URL, valid_data(token))
    assert FREE in thanks_page(client, response).content.decode()
    assert sorted(Enquiry.objects.values_list("reference", flat=True)) == sorted([TAKEN, FREE])
    # The retry ran in the view's own transaction (no savepoint on PostgreSQL): the enquiry,
    # its count against the rate limit and its emails are each saved once.
    assert SentFromNetwork.objects.count() == 1
    assert EmailDelivery.objects.filter(enquiry__reference=FREE).count() == 2
    assert DBTaskResult.objects.count() == 1


def test_an_enquiry_added_at_the_desk_that_draws_a_taken_reference_draws_again(taken, django_user_model):
    therapist = django_user_model.objects.create_user("david")
    with drawing(TAKEN, FREE):
        enquiry = Enquiry(name="Phoned in", contact_method="phone", postcode="YO24 1AB", phone="07912 345678")
        workflow.add_enquiry_by_hand(enquiry, therapist)
    assert enquiry.reference == FREE
    assert Enquiry.objects.count() == 2


def test_a_failure_that_is_not_a_reference_clash_is_not_retried_under_another(client, settings):
    # E.g. a treatment deleted in admin while the post was on its way: its foreign key fails.
    settings.BOOKING_MIN_FILL_SECONDS = 0
    refuse_new_email_rows("refused", postgres_errcode="foreign_key_violation")
    token = form_token(client)
    # One reference to draw: a second draw would fail with StopIteration, not the IntegrityError.
    with drawing(FREE), pytest.raises(IntegrityError):
        client.post(BOOK_URL, valid_data(token))
    assert not Enquiry.objects.exists()
