"""Which step is offered, and allowed, from which state: new → contacted → booked → completed,
or declined / spam. The enquiry page's buttons and the list's actions follow the same rules."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, Status
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db

ALL_STEPS = {"mark_contacted", "mark_completed", "mark_declined", "mark_spam", "mark_not_spam", "reopen"}
# (status, a visit in the past?, suspected spam?) → the steps offered
OFFERED = [
    (Status.NEW, False, False, {"mark_contacted", "mark_declined", "mark_spam"}, True),
    (Status.NEW, False, True, {"mark_contacted", "mark_declined", "mark_spam", "mark_not_spam"}, True),
    (Status.CONTACTED, False, False, {"mark_declined", "mark_spam"}, True),
    (Status.BOOKED, False, False, {"mark_declined"}, True),
    (Status.BOOKED, True, False, {"mark_completed", "mark_declined"}, True),
    (Status.COMPLETED, True, False, set(), False),
    (Status.DECLINED, False, False, {"reopen"}, False),
    (Status.SPAM, False, False, {"mark_not_spam"}, False),
]


def enquiry_in(status, visited, suspected):
    closed = timezone.now() if status in (Status.COMPLETED, Status.DECLINED, Status.SPAM) else None
    enquiry = make_enquiry(status=status, is_suspected_spam=suspected, closed_at=closed)
    if visited:
        Appointment.objects.create(
            enquiry=enquiry, starts_at=timezone.now() - datetime.timedelta(hours=3), address="1 Main St"
        )
    return enquiry


def offered(client, enquiry):
    soup = BeautifulSoup(client.get(enquiry.get_admin_url()).content, "html.parser")
    steps = {button["value"] for button in soup.select(".desk-steps button[name='CHANGE_FORM-action']")}
    bookable = bool(
        soup.select_one(f'.desk-steps a[href="{reverse("admin:bookings_enquiry_book", args=[enquiry.pk])}"]')
    )
    return steps, bookable


@pytest.mark.parametrize(("status", "visited", "suspected", "steps", "bookable"), OFFERED)
def test_the_page_offers_only_the_steps_the_state_allows(
    client, therapist, status, visited, suspected, steps, bookable
):
    enquiry = enquiry_in(status, visited, suspected)
    assert offered(client, enquiry) == (steps, bookable)


@pytest.mark.parametrize(("status", "visited", "suspected", "steps", "bookable"), OFFERED)
def test_a_step_the_state_does_not_allow_changes_nothing_from_the_list(
    client, therapist, status, visited, suspected, steps, bookable
):
    for step in sorted(ALL_STEPS - steps):
        enquiry = enquiry_in(status, visited, suspected)
        response = client.post(
            reverse("admin:bookings_enquiry_changelist"),
            {"action": step, "_selected_action": [enquiry.pk], "index": 0},
            follow=True,
        )
        assert "left as they were" in response.content.decode(), step
        enquiry.refresh_from_db()
        assert (enquiry.status, enquiry.is_suspected_spam) == (status, suspected), step
        assert not enquiry.events.exists(), step


def test_a_closed_enquiry_cannot_be_booked_even_by_url(client, therapist):
    enquiry = enquiry_in(Status.DECLINED, False, False)
    url = reverse("admin:bookings_enquiry_book", args=[enquiry.pk])
    response = client.post(url, {"date": "2099-01-01", "time": "10:00", "address": "x"}, follow=True)
    assert "enquiry can&#x27;t be booked" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_whole_way_from_new_to_completed_is_recorded(client, therapist):
    enquiry = make_enquiry()
    url = enquiry.get_admin_url()
    client.post(url, {"CHANGE_FORM-action": "mark_contacted", "_selected_action": enquiry.pk})
    Appointment.objects.create(enquiry=enquiry, starts_at=timezone.now() - datetime.timedelta(hours=1), address="x")
    enquiry.refresh_from_db()
    enquiry.status = Status.BOOKED  # as booking does (tested in test_admin_booking)
    enquiry.save()
    client.post(url, {"CHANGE_FORM-action": "mark_completed", "_selected_action": enquiry.pk})
    moves = list(enquiry.events.values_list("from_status", "to_status"))
    assert moves == [("new", "contacted"), ("booked", "completed")]
