"""Property-based: whatever a client (or a bot) posts to the booking form, the answer is a
page with errors (200), a redirect to the thank-you page (303), a refusal (400) or the rate
limit (429), never a 500 or an exception; and an enquiry is saved only with its emails."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bookings.models import EmailDelivery, EmailKind, Enquiry
from tests.bookings.booking_form import BOOK_URL, form_token, valid_data

pytestmark = pytest.mark.django_db

FIELDS = [
    "form_token",
    "name",
    "contact_method",
    "phone",
    "email",
    "treatment",
    "article",
    "postcode",
    "preferred_days",
    "preferred_times",
    "availability_note",
    "visit_notes",
    "message",
    "consent",
    "website",
    "red_flag",
]
ANSWERS = {200, 303, 400, 429}

# Text of every kind: control characters, surrogates excluded by HTTP, very long runs.
any_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "\x00", "on", "morning", "not-sure", "sports-massage", "2027-02-30", "-1", "1e309"]),
    st.builds(lambda c, n: c * n, st.characters(codec="utf-8"), st.integers(0, 5000)),
)
any_value = st.one_of(any_text, st.lists(any_text, max_size=4))
changes = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=20)), any_value, max_size=8)
dropped = st.sets(st.sampled_from(FIELDS), max_size=5)

EXAMPLES = hypothesis_settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def form_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "1000000/h"
    settings.BOOKING_CONFIRMATIONS_PER_ADDRESS = 1000000


def check(response):
    assert response.status_code in ANSWERS, response.status_code
    if response.status_code == 303:
        enquiry = Enquiry.objects.order_by("-pk").first()
        expected = [EmailKind.THERAPIST] + (
            [EmailKind.CLIENT] if enquiry.email and not enquiry.is_suspected_spam else []
        )
        assert sorted(EmailDelivery.objects.filter(enquiry=enquiry).values_list("kind", flat=True)) == sorted(expected)


@EXAMPLES
@given(changes=changes, dropped=dropped)
def test_any_change_to_a_real_form_is_answered_without_a_server_error(client, changes, dropped):
    data = {key: value for key, value in valid_data(form_token(client)).items() if key not in dropped}
    data.update(changes)
    check(client.post(BOOK_URL, data))


@EXAMPLES
@given(data=st.dictionaries(st.text(max_size=30), any_value, max_size=12))
def test_any_form_without_a_real_stamp_is_answered_without_a_server_error(client, data):
    check(client.post(BOOK_URL, data))


@EXAMPLES
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "text/plain",
            "application/json",
        ]
    ),
)
def test_any_raw_body_is_answered_without_a_server_error(client, body, content_type):
    check(client.generic("POST", BOOK_URL, body, content_type=content_type))
