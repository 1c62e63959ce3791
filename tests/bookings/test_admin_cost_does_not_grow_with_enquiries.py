"""The desk's pages cost the same number of queries with 100 enquiries or 10,000 (each with its
emails, history and visits, made by `manage.py seed_enquiries`): nothing counts, lists or
searches every row. The numbers are pinned: a change that adds a query shows here."""

from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Enquiry
from bookings.phones import phone_display

pytestmark = pytest.mark.django_db

# The therapist's session, user and second factor, then the page's own queries (on a list: the
# treatments filter, the capped count, the page, and the page's failed and other emails).
PINNED = {
    "enquiry list": 10,
    "phone search": 10,
    "status filter": 10,
    "follow-up filter": 8,  # no seeded enquiry is due a follow-up: an empty page reads no emails
    "enquiry page": 10,
    "desk home": 13,
    "visits list": 7,
}


def seed(total):
    call_command("seed_enquiries", "--total", str(total), stdout=StringIO())


def pages(enquiry):
    changelist = reverse("admin:bookings_enquiry_changelist")
    return {
        "enquiry list": changelist,
        "phone search": changelist + "?" + urlencode({"q": phone_display(enquiry.phone)}),
        # "completed" has rows at both sizes (an empty page reads no emails, so it would cost less).
        "status filter": changelist + "?status__exact=completed",
        "follow-up filter": changelist + "?follow_up=due",
        "enquiry page": enquiry.get_admin_url(),
        "desk home": reverse("admin:index"),
        "visits list": reverse("admin:bookings_appointment_changelist"),
    }


def query_counts(client, urls):
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


def test_the_desk_costs_the_same_queries_at_100_and_at_10000_enquiries(client, therapist):
    seed(100)
    client_of_note = Enquiry.objects.order_by("pk").first()
    urls = pages(client_of_note)
    query_counts(client, urls)  # fills the process-wide caches (content types, permissions)
    at_100 = query_counts(client, urls)

    seed(10_000)
    at_10000 = query_counts(client, urls)

    assert at_10000 == at_100
    assert at_100 == PINNED
    found = client.get(urls["phone search"]).content.decode()
    assert client_of_note.reference in found


def test_a_long_list_says_more_than_1000_instead_of_counting_every_row(client, therapist):
    seed(1_200)
    page = client.get(reverse("admin:bookings_enquiry_changelist")).content.decode()
    assert "More than 1000 enquiries" in page
    # The last page it offers is there; the list never claims an exact total it didn't count.
    assert client.get(reverse("admin:bookings_enquiry_changelist"), {"p": 21}).status_code == 200


def test_a_short_list_still_gives_its_exact_count(client, therapist):
    seed(120)
    page = client.get(reverse("admin:bookings_enquiry_changelist")).content.decode()
    assert "120 enquiries" in page
    assert "More than" not in page
