"""seed_enquiries (the benchmark's made-up practice): bulk enquiries with their emails, history
and visits, to a total; never mixed with real clients."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from bookings.models import CLOSED_STATUSES, Appointment, EmailDelivery, Enquiry, EnquiryEvent, Status

pytestmark = pytest.mark.django_db


def seed(total):
    out = StringIO()
    call_command("seed_enquiries", "--total", str(total), stdout=out)
    return out.getvalue()


def test_it_adds_enquiries_up_to_the_total_each_with_its_emails_and_history():
    assert "Added 120" in seed(120)
    assert Enquiry.objects.count() == 120
    assert seed(150).startswith("Added 30")
    assert Enquiry.objects.count() == 150
    assert "none added" in seed(100)
    assert Enquiry.objects.count() == 150

    assert set(EmailDelivery.objects.values_list("enquiry").annotate(n=Count("id")).values_list("n", flat=True)) == {2}
    assert not Enquiry.objects.annotate(n=Count("events")).filter(n=0).exists()
    booked = Enquiry.objects.filter(status__in=[Status.BOOKED, Status.COMPLETED])
    assert Appointment.objects.count() == booked.count() > 0
    assert Enquiry.objects.values("reference").distinct().count() == 150
    assert not Enquiry.objects.filter(status__in=CLOSED_STATUSES, closed_at__isnull=True).exists()
    # Spread over the past months, as a practice's enquiries arrive.
    oldest, newest = Enquiry.objects.order_by("created_at")[0], Enquiry.objects.order_by("-created_at")[0]
    assert (newest.created_at - oldest.created_at).days > 100
    assert EnquiryEvent.objects.filter(at__lt=newest.created_at).exists()


def test_each_made_up_enquiry_opens_in_the_admin(client, therapist):
    seed(5)
    for enquiry in Enquiry.objects.all():
        response = client.get(enquiry.get_admin_url())
        assert response.status_code == 200
        assert enquiry.reference in response.content.decode()
    assert client.get(reverse("admin:bookings_enquiry_changelist")).status_code == 200
    assert client.get(reverse("admin:bookings_appointment_changelist")).status_code == 200


def test_it_refuses_a_database_holding_real_clients():
    Enquiry.objects.create(name="A Real Client", contact_method="phone", phone="+447700900123", postcode="YO1 7HH")
    with pytest.raises(CommandError, match="not made by seed_enquiries"):
        seed(100)
    assert Enquiry.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_on_postgresql_the_planner_knows_of_the_new_rows_at_once():
    seed(500)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Enquiry._meta.db_table])
        assert cursor.fetchone()[0] == 500
