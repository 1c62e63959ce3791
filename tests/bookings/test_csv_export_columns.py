"""Every column of the CSV export, checked against an enquiry with every field filled in."""

import datetime

import pytest

from bookings.exports import CSV_COLUMNS
from bookings.models import Status, Treatment
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.test_admin_csv_export import export, parse

pytestmark = pytest.mark.django_db


def test_every_column_holds_its_field(client, therapist):
    received = datetime.datetime(2027, 6, 14, 8, 5, tzinfo=datetime.UTC)  # 09:05 in London (BST)
    full = make_enquiry(
        name="Jane Client",
        contact_method="email",
        phone="+447700900123",
        email="jane@example.com",
        preferred_days=["weekday"],
        preferred_times=["morning", "evening"],
        availability_note="Not Tuesdays",
        treatment=Treatment.objects.get(slug="deep-tissue-massage"),
        postcode="YO24 1AB",
        outside_area=True,
        visit_notes="Blue door",
        message="Stiff neck",
        follow_up_on=datetime.date(2027, 6, 20),
        notes="Prefers mornings",
        status=Status.CONTACTED,
        received=received,
    )
    sparse = make_enquiry(
        treatment=None, outside_area=False, preferred_days=[], preferred_times=[], phone="", notes=""
    )
    rows = {row["Reference"]: row for row in parse(export(client, full, sparse))}
    assert list(rows[full.reference]) == CSV_COLUMNS
    assert rows[full.reference] == {
        "Reference": full.reference,
        "Received": "2027-06-14 09:05",
        "Status": "Contacted",
        "Name": "Jane Client",
        "Contact by": "Email",
        "Phone": "07700 900123",
        "Email": "jane@example.com",
        "Treatment": "Deep tissue massage",
        "Postcode": "YO24 1AB",
        "Outside area": "yes",
        "When suits": "weekdays; morning, evening; Not Tuesdays",
        "Visit notes": "Blue door",
        "Message": "Stiff neck",
        "Follow up on": "2027-06-20",
        "Private notes": "Prefers mornings",
    }
    blank = rows[sparse.reference]
    assert (blank["Treatment"], blank["Outside area"], blank["Phone"]) == ("Not sure", "no", "")
    assert (blank["When suits"], blank["Follow up on"], blank["Private notes"]) == ("", "", "")
