"""Whatever is typed or posted: a clear error or correct storage, never a 500 or half a row."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bookings.models import EmailDelivery, Enquiry
from tests.bookings.booking_form import BOOK_URL, form_token, submit, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def form_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "100000/h"


REFUSED = [
    ({"name": ""}, "id_name"),
    ({"name": "x" * 101}, "id_name"),
    ({"name": "Null\x00byte"}, "id_name"),
    ({"name": "Bell\x07"}, "id_name"),
    ({"name": "Eve\r\nBcc: victim@example.com"}, "id_name"),
    ({"name": "evil\u202etxt.exe"}, "id_name"),
    ({"contact_method": "fax"}, "id_contact_method_0"),
    ({"contact_method": None}, "id_contact_method_0"),
    ({"phone": "12345"}, "id_phone"),
    ({"phone": "not a number"}, "id_phone"),
    ({"phone": "0791\x002345678"}, "id_phone"),
    ({"phone": "0" * 5000}, "id_phone"),
    ({"contact_method": "email", "email": "not-an-email"}, "id_email"),
    ({"email": "a@example.com\r\nBcc: victim@example.com"}, "id_email"),
    ({"preferred_times": ["midnight"]}, "id_preferred_times_0"),
    ({"preferred_days": ["someday"]}, "id_preferred_days_0"),
    ({"availability_note": "x" * 201}, "id_availability_note"),
    ({"availability_note": "after\x005pm"}, "id_availability_note"),
    ({"contact_method": "text", "phone": "01904 123456"}, "id_phone"),
    ({"contact_method": "text", "phone": ""}, "id_phone"),
    ({"contact_method": "phone", "phone": ""}, "id_phone"),
    ({"contact_method": "email", "email": ""}, "id_email"),
    ({"treatment": "hot-stones"}, "id_treatment_0"),
    ({"treatment": None}, "id_treatment_0"),
    ({"postcode": ""}, "id_postcode"),
    ({"postcode": "12345"}, "id_postcode"),
    ({"postcode": "YO24"}, "id_postcode"),
    ({"postcode": "Y" * 1000}, "id_postcode"),
    ({"postcode": "'; DROP TABLE bookings_enquiry; --"}, "id_postcode"),
    ({"visit_notes": "x" * 1001}, "id_visit_notes"),
    ({"message": "x" * 2001}, "id_message"),
    ({"message": "ok\x00"}, "id_message"),
    ({"message": "escape \x1b[31m"}, "id_message"),
    ({"consent": None}, "id_consent"),
]


@pytest.mark.parametrize(("overrides", "anchor"), REFUSED, ids=[repr(o)[:60] for o, _ in REFUSED])
def test_bad_input_is_refused_with_a_clear_error_and_nothing_saved(client, overrides, anchor):
    response = submit(client, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#{anchor}">' in html
    assert f'id="{anchor}"' in html
    assert not Enquiry.objects.exists()
    assert not EmailDelivery.objects.exists()


STORED = [
    ({"name": "Sam 🙂 Smith"}, "name", "Sam 🙂 Smith"),
    ({"name": "Zoe\u0308 O'Brien-李"}, "name", "Zoë O'Brien-李"),
    ({"name": "  Padded  "}, "name", "Padded"),
    ({"message": "<script>alert(1)</script>"}, "message", "<script>alert(1)</script>"),
    ({"message": "'; DROP TABLE bookings_enquiry; --"}, "message", "'; DROP TABLE bookings_enquiry; --"),
    ({"message": "line one\r\nline two\tindented"}, "message", "line one\r\nline two\tindented"),
    ({"visit_notes": "Стоянка у дома, 2 этаж"}, "visit_notes", "Стоянка у дома, 2 этаж"),
    ({"postcode": "  yo241ab "}, "postcode", "YO24 1AB"),
    ({"postcode": "sw1a  1aa"}, "postcode", "SW1A 1AA"),
    ({"email": "Zoe.OBrien+massage@Example.COM"}, "email", "Zoe.OBrien+massage@example.com"),
    ({"treatment": "not-sure"}, "treatment", None),
]


@pytest.mark.parametrize(("overrides", "field", "expected"), STORED, ids=[repr(o)[:60] for o, _, _ in STORED])
def test_unusual_but_valid_input_is_stored_as_given(client, overrides, field, expected):
    response = submit(client, **overrides)
    assert response.status_code == 303, response.content.decode()
    assert getattr(Enquiry.objects.get(), field) == expected
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in page


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    name=st.text(max_size=150),
    phone=st.text(max_size=40),
    postcode=st.text(max_size=12),
    message=st.text(max_size=300),
    note=st.text(max_size=250),
)
def test_no_input_produces_a_server_error(client, name, phone, postcode, message, note):
    data = valid_data(
        form_token(client), name=name, phone=phone, postcode=postcode, message=message, availability_note=note
    )
    count = Enquiry.objects.count()
    response = client.post(BOOK_URL, data)
    assert response.status_code in (200, 303)
    if response.status_code == 200:
        assert Enquiry.objects.count() == count


@pytest.mark.parametrize("article", ["\x00", "%00", "<script>", "x" * 5000, "../../etc/passwd", "sciatica'--"])
def test_a_hostile_article_parameter_still_shows_the_form(client, article):
    response = client.get(BOOK_URL, {"article": article})
    assert response.status_code == 200
    assert 'name="article"' in response.content.decode()
