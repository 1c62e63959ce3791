"""The desk's pages don't grow in queries with rows: select_related, subqueries in the list's
query, no per-row queries, no second count of the whole table."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, DeliveryStatus, EmailDelivery, EnquiryEvent, TreatmentOption
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db


def query_count(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def add_clients(n, therapist):
    """Rows of every shape the lists show: with and without a treatment, a priced visit and a
    cancelled one, a failed email. A column a list reads but leaves out of its query would be
    fetched once per row, and the counts below would grow."""
    option = TreatmentOption.objects.first()
    assert option is not None, "the starting prices (migration 0011) give each treatment its options"
    for i in range(n):
        enquiry = make_enquiry(name=f"Client {i}", **({"treatment": None} if i % 2 else {}))
        visit = Appointment.objects.create(
            enquiry=enquiry,
            starts_at=timezone.now() + datetime.timedelta(days=i % 9),
            address=f"{i} Street",
            treatment_option=option if i % 2 == 0 else None,
            price=option.price if i % 2 == 0 else None,
        )
        if i % 3 == 0:
            visit.cancelled_at, visit.cancel_reason = timezone.now(), "Client unwell"
            visit.save()
        status = DeliveryStatus.FAILED if i % 4 == 0 else DeliveryStatus.QUEUED
        EmailDelivery.objects.create(
            enquiry=enquiry, appointment=visit, kind="booking", to="x@example.com", status=status
        )
        EnquiryEvent.objects.create(enquiry=enquiry, user=therapist, action="Status changed")


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("admin:bookings_enquiry_changelist", {}),
        ("admin:bookings_enquiry_changelist", {"status__exact": "new", "q": "Client"}),
        ("admin:bookings_enquiry_changelist", {"delivery": "pending", "suspected": "no"}),
        ("admin:bookings_appointment_changelist", {"when": "upcoming"}),
        ("admin:bookings_appointment_changelist", {}),
        ("admin:bookings_emaildelivery_changelist", {}),
        ("admin:index", {}),
    ],
)
def test_list_pages_cost_the_same_queries_for_2_or_40_rows(client, therapist, url, params):
    add_clients(2, therapist)
    query_count(client, reverse(url), params)  # fills the process-wide caches (content types)
    few = query_count(client, reverse(url), params)
    add_clients(38, therapist)
    assert query_count(client, reverse(url), params) == few
    # Session, user, second factor, permissions (2), the page's own queries: a handful.
    assert few <= 14


@pytest.mark.parametrize("url", ["admin:index", "admin:bookings_appointment_changelist"])
def test_the_desk_and_the_visits_list_read_only_the_enquiry_columns_they_show(client, therapist, url):
    add_clients(4, therapist)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url)).status_code == 200
    reading_enquiries = [query["sql"] for query in captured if '"bookings_enquiry"' in query["sql"]]
    assert reading_enquiries
    # The client's message and notes are the longest columns; no row on these pages shows them.
    assert not any('"bookings_enquiry"."message"' in sql for sql in reading_enquiries)


def test_the_enquiry_page_costs_the_same_with_a_long_history(client, therapist):
    enquiry = make_enquiry()
    query_count(client, enquiry.get_admin_url())  # fills the process-wide caches (content types)
    few = query_count(client, enquiry.get_admin_url())
    for i in range(30):
        EnquiryEvent.objects.create(enquiry=enquiry, user=therapist, action=f"Step {i}")
        EmailDelivery.objects.create(enquiry=enquiry, kind="client", to="x@example.com")
        Appointment.objects.create(enquiry=enquiry, starts_at=timezone.now(), address="x")
    assert query_count(client, enquiry.get_admin_url()) == few
