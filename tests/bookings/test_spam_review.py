"""Suspected spam in the desk: a column and a filter, and "Not spam" moves one to new and sends
the emails the site held back."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import EmailKind, Status
from tests.bookings.admin_helpers import make_enquiry
from tests.bookings.booking_form import run_worker

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:bookings_enquiry_changelist"


def names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [cell.get_text() for cell in soup.select("#result_list .field-name")]


def test_suspected_spam_has_a_column_and_a_filter(client, therapist):
    make_enquiry(name="Real Person")
    make_enquiry(name="Bot Maybe", is_suspected_spam=True, status=Status.SPAM, closed_at=timezone.now())
    soup = BeautifulSoup(client.get(reverse(CHANGELIST)).content, "html.parser")
    flags = {
        row.select_one(".field-name").get_text(): row.select_one(".field-spam_flag").get_text()
        for row in soup.select("#result_list tbody tr")
    }
    assert flags == {"Real Person": "No", "Bot Maybe": "Suspected spam"}
    assert names(client.get(reverse(CHANGELIST), {"suspected": "review"})) == ["Bot Maybe"]
    assert names(client.get(reverse(CHANGELIST), {"suspected": "no"})) == ["Real Person"]


def test_not_spam_moves_it_to_new_and_sends_the_held_back_emails(client, therapist, smtp_server):
    enquiry = make_enquiry(
        name="Bot Maybe",
        is_suspected_spam=True,
        status=Status.SPAM,
        closed_at=timezone.now(),
        email="maybe@example.com",
    )
    assert not enquiry.deliveries.exists()  # the site held its emails back
    page = client.get(enquiry.get_admin_url()).content.decode()
    assert 'value="mark_not_spam"' in page
    response = client.post(
        enquiry.get_admin_url(), {"CHANGE_FORM-action": "mark_not_spam", "_selected_action": enquiry.pk}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.is_suspected_spam) == (Status.NEW, False)
    assert ("Not spam", therapist.pk) in list(enquiry.events.values_list("action", "user"))
    assert EmailKind.CLIENT in set(enquiry.deliveries.values_list("kind", flat=True))
    run_worker()
    recipients = [m["X-Envelope-Rcpt"] for m in smtp_server.wait_for(len(enquiry.deliveries.all()))]
    assert "maybe@example.com" in recipients
    # Done once: the step is gone, and doing it again sends nothing more.
    assert 'value="mark_not_spam"' not in client.get(enquiry.get_admin_url()).content.decode()
    sent = enquiry.deliveries.count()
    client.post(enquiry.get_admin_url(), {"CHANGE_FORM-action": "mark_not_spam", "_selected_action": enquiry.pk})
    assert enquiry.deliveries.count() == sent


def test_an_enquiry_the_therapist_marked_spam_goes_back_to_new_without_emails_again(client, therapist):
    enquiry = make_enquiry(status=Status.SPAM)
    client.post(reverse(CHANGELIST), {"action": "mark_not_spam", "_selected_action": [enquiry.pk], "index": 0})
    enquiry.refresh_from_db()
    assert enquiry.status == Status.NEW and enquiry.closed_at is None
    assert not enquiry.deliveries.exists()  # its emails went out when it came in
