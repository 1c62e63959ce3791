"""Whatever is typed or posted: a clear error or correct storage, never a 500 or half a row."""

import dataclasses
import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bookings.models import EmailDelivery, Enquiry, VisitWindow
from tests.bookings.booking_form import BOOK_URL, form_token, submit, valid_data

pytestmark = pytest.mark.django_db


@dataclasses.dataclass(frozen=True)
class DaysFromToday:
    """A date relative to today, worked out when the test runs rather than when this module is
    imported (so a run that crosses midnight, or a frozen clock, still sends the intended date)."""

    days: int

    def isoformat(self):
        return (timezone.localdate() + datetime.timedelta(days=self.days)).isoformat()


def dated(overrides):
    return {key: v.isoformat() if isinstance(v, DaysFromToday) else v for key, v in overrides.items()}


YESTERDAY = DaysFromToday(-1)
FAR_AHEAD = DaysFromToday(100)
NEXT_WEEK = DaysFromToday(7)


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
    ({"call_times": ["midnight"]}, "id_call_times_0"),
    ({"treatment": "hot-stones"}, "id_treatment_0"),
    ({"treatment": None}, "id_treatment_0"),
    ({"postcode": ""}, "id_postcode"),
    ({"postcode": "12345"}, "id_postcode"),
    ({"postcode": "YO24"}, "id_postcode"),
    ({"postcode": "Y" * 1000}, "id_postcode"),
    ({"postcode": "'; DROP TABLE bookings_enquiry; --"}, "id_postcode"),
    ({"window_1_date": YESTERDAY}, "id_window_1_date"),
    ({"window_1_date": FAR_AHEAD}, "id_window_1_date"),
    ({"window_1_date": "2027-02-30"}, "id_window_1_date"),
    ({"window_1_date": "tomorrow"}, "id_window_1_date"),
    ({"window_1_time": ""}, "id_window_1_time"),
    ({"window_1_date": "", "window_1_time": "morning"}, "id_window_1_date"),
    ({"window_2_date": NEXT_WEEK, "window_2_time": "midnight"}, "id_window_2_time"),
    ({"visit_notes": "x" * 1001}, "id_visit_notes"),
    ({"message": "x" * 2001}, "id_message"),
    ({"message": "ok\x00"}, "id_message"),
    ({"message": "escape \x1b[31m"}, "id_message"),
    ({"no_red_flags": None}, "id_no_red_flags"),
    ({"consent": None}, "id_consent"),
]


@pytest.mark.parametrize(("overrides", "anchor"), REFUSED, ids=[repr(o)[:60] for o, _ in REFUSED])
def test_bad_input_is_refused_with_a_clear_error_and_nothing_saved(client, overrides, anchor):
    response = submit(client, **dated(overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#{anchor}">' in html
    assert f'id="{anchor}"' in html
    assert not Enquiry.objects.exists()
    assert not VisitWindow.objects.exists()
    assert not EmailDelivery.objects.exists()


DATED = [(o, a) for o, a in REFUSED if any(isinstance(v, DaysFromToday) for v in o.values())]


@pytest.mark.parametrize(("overrides", "anchor"), DATED, ids=[repr(o)[:60] for o, _ in DATED])
def test_dates_are_judged_on_the_day_the_form_is_sent(client, time_machine, overrides, anchor):
    # Weeks before the day this module was imported: "yesterday" must still mean the day before the new today.
    time_machine.move_to(timezone.now() - datetime.timedelta(days=50), tick=False)
    response = submit(client, **dated(overrides))
    assert f'<a href="#{anchor}">' in response.content.decode()
    assert not Enquiry.objects.exists()


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
    window=st.text(max_size=12),
)
def test_no_input_produces_a_server_error(client, name, phone, postcode, message, window):
    data = valid_data(
        form_token(client), name=name, phone=phone, postcode=postcode, message=message, window_1_date=window
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
