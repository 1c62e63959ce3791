"""The admin index shows what needs doing, each count a link to the list that shows it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import DeliveryStatus, EmailDelivery, Status
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db


def counts(client):
    soup = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    return {
        link.get_text(" ", strip=True).split(" ", 1)[1]: (
            int(link.select_one(".desk-count-number").get_text()),
            link["href"],
        )
        for link in soup.select(".desk-counts a")
    }


def references(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {cell.get_text() for cell in soup.select("#result_list .field-reference")}


def test_index_counts_new_due_follow_ups_and_failed_emails_with_links(client, therapist):
    today = timezone.localdate()
    new_one = make_enquiry(name="New one")
    make_enquiry(name="Another new", status=Status.NEW)
    due = make_enquiry(name="Due today", status=Status.CONTACTED, follow_up_on=today)
    overdue = make_enquiry(name="Overdue", status=Status.CONTACTED, follow_up_on=today - datetime.timedelta(days=2))
    make_enquiry(name="Later", status=Status.CONTACTED, follow_up_on=today + datetime.timedelta(days=1))
    make_enquiry(name="Closed", status=Status.DECLINED, follow_up_on=today, closed_at=timezone.now())
    failed = make_enquiry(name="Email failed", status=Status.CONTACTED)
    EmailDelivery.objects.create(enquiry=failed, kind="client", to="x@example.com", status=DeliveryStatus.FAILED)
    EmailDelivery.objects.create(enquiry=new_one, kind="client", to="y@example.com", status=DeliveryStatus.SENT)

    found = counts(client)
    assert found["New enquiries"][0] == 2
    assert found["Follow-ups due (today or overdue)"][0] == 2
    assert found["Enquiries with a failed email"][0] == 1

    assert len(references(client, found["New enquiries"][1])) == 2
    assert references(client, found["Follow-ups due (today or overdue)"][1]) == {due.reference, overdue.reference}
    assert references(client, found["Enquiries with a failed email"][1]) == {failed.reference}


def test_list_shows_the_email_delivery_state(client, therapist):
    failed = make_enquiry(name="Failed one")
    EmailDelivery.objects.create(enquiry=failed, kind="client", to="x@example.com", status=DeliveryStatus.FAILED)
    EmailDelivery.objects.create(enquiry=failed, kind="therapist", to="t@example.com", status=DeliveryStatus.SENT)
    soup = BeautifulSoup(client.get(reverse("admin:bookings_enquiry_changelist")).content, "html.parser")
    assert soup.select_one("#result_list .field-email_state").get_text() == "Failed"
