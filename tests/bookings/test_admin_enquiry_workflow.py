"""The therapist works enquiries in admin: the list, search, status steps, and their history."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, EnquiryEvent, Status
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:bookings_enquiry_changelist"


def change_url(enquiry):
    return reverse("admin:bookings_enquiry_change", args=[enquiry.pk])


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select("#result_list tbody tr")


def test_list_shows_what_needs_a_decision_newest_first(client, therapist):
    received = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 30))  # 08:30 UTC, 09:30 in BST
    older = make_enquiry(name="Older Client", received=received - datetime.timedelta(days=1))
    newer = make_enquiry(
        name="Newer Client",
        received=received,
        contact_method="email",
        email="newer@example.com",
        postcode="HG1 2AB",
        postcode_district="HG1",
        outside_area=True,
    )
    response = client.get(reverse(CHANGELIST))
    found = rows(response)
    assert [row.select_one(".field-name").get_text() for row in found] == ["Newer Client", "Older Client"]
    first = found[0]
    assert first.select_one(".field-received").get_text() == "Wed 1 Jul 2026 09:30"
    assert first.select_one(".field-reference").get_text() == newer.reference
    assert first.select_one(".field-contact a")["href"] == "mailto:newer@example.com"
    assert "outside area" in first.select_one(".field-district").get_text()
    assert first.select_one(".field-status_badge .status-new")  # new ones stand out
    assert first.select_one(".field-treatment").get_text() == newer.treatment.name
    assert first.select_one(".field-when_suits").get_text() == "weekdays; morning"
    assert found[1].select_one(".field-contact a")["href"] == "tel:+447700900123"
    assert found[1].select_one(".field-contact a").get_text() == "07700 900123"
    assert older.reference in response.content.decode()


@pytest.mark.parametrize("term", ["07700 900123", "+44 7700 900123", "07700900123", "yo241ab", "jane@EXAMPLE.com"])
def test_search_finds_a_client_by_phone_as_typed_email_or_postcode(client, therapist, term):
    jane = make_enquiry(name="Jane Client")
    make_enquiry(name="Someone Else", phone="+447700900999", email="else@example.com", postcode="YO1 7HH")
    found = rows(client.get(reverse(CHANGELIST), {"q": term}))
    assert [row.select_one(".field-reference").get_text() for row in found] == [jane.reference]


def test_filters_narrow_the_list(client, therapist):
    inside = make_enquiry(name="Inside Client")
    outside = make_enquiry(name="Outside Client", outside_area=True, postcode_district="HG1", postcode="HG1 2AB")
    response = client.get(
        reverse(CHANGELIST), {"area": "outside", "status__exact": "new", "contact_method__exact": "phone"}
    )
    names = [row.select_one(".field-name").get_text() for row in rows(response)]
    assert names == [outside.name]
    assert inside.name not in names


def test_mark_contacted_from_the_list_records_who_and_when(client, therapist):
    first, second = make_enquiry(name="First"), make_enquiry(name="Second")
    response = client.post(
        reverse(CHANGELIST),
        {"action": "mark_contacted", "_selected_action": [first.pk, second.pk], "index": 0},
        follow=True,
    )
    assert "Marked 2 as contacted" in response.content.decode()
    for enquiry in (first, second):
        enquiry.refresh_from_db()
        assert enquiry.status == Status.CONTACTED
        event = enquiry.events.get()
        assert (event.user, event.from_status, event.to_status) == (therapist, "new", "contacted")
        assert timezone.now() - event.at < datetime.timedelta(minutes=1)


def test_mark_declined_from_the_change_page_closes_the_enquiry(client, therapist):
    enquiry = make_enquiry()
    page = client.get(change_url(enquiry)).content.decode()
    assert 'value="mark_declined"' in page and 'value="mark_spam"' in page
    response = client.post(
        change_url(enquiry), {"CHANGE_FORM-action": "mark_declined", "_selected_action": enquiry.pk}, follow=True
    )
    assert response.status_code == 200
    enquiry.refresh_from_db()
    assert enquiry.status == Status.DECLINED
    assert enquiry.closed_at is not None
    assert enquiry.events.get().to_status == "declined"


def test_mark_spam_skips_an_enquiry_already_closed(client, therapist):
    enquiry = make_enquiry(status=Status.COMPLETED, closed_at=timezone.now())
    response = client.post(
        reverse(CHANGELIST), {"action": "mark_spam", "_selected_action": [enquiry.pk], "index": 0}, follow=True
    )
    assert "left as they were" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == Status.COMPLETED
    assert not enquiry.events.exists()


def test_change_page_shows_the_submission_read_only_and_the_history(client, therapist):
    enquiry = make_enquiry(message="Pain <b>here</b>")
    client.post(change_url(enquiry), {"CHANGE_FORM-action": "mark_contacted", "_selected_action": enquiry.pk})
    soup = BeautifulSoup(client.get(change_url(enquiry)).content, "html.parser")
    form = soup.select_one("#enquiry_form")
    assert {field["name"] for field in form.select("input, select, textarea") if field.get("name")} >= {
        "status",
        "follow_up_on",
        "notes",
    }
    assert not form.select('[name="name"], [name="email"], [name="message"], [name="phone"]')
    assert "Pain <b>here</b>" in soup.select_one(".field-message").get_text()
    history = soup.select_one("#events-group").get_text()
    assert "contacted" in history and therapist.username in history


def test_editing_status_follow_up_and_notes_saves_and_records_the_change(client, therapist):
    enquiry = make_enquiry(status=Status.CONTACTED)
    Appointment.objects.create(enquiry=enquiry, starts_at=timezone.now(), address="1 Main St")
    Status_to = Status.COMPLETED
    response = client.post(
        change_url(enquiry),
        {
            "status": Status_to,
            "follow_up_on": "2026-12-01",
            "notes": "Called, booked for next week.",
            "_save": "Save",
            **management_forms(enquiry),
        },
    )
    assert response.status_code == 302, response.content.decode()
    enquiry.refresh_from_db()
    assert (enquiry.status, str(enquiry.follow_up_on), enquiry.notes) == (
        "completed",
        "2026-12-01",
        "Called, booked for next week.",
    )
    assert enquiry.closed_at is not None
    event = EnquiryEvent.objects.get(enquiry=enquiry)
    assert (event.from_status, event.to_status, event.user) == ("contacted", "completed", therapist)


def test_status_booked_needs_a_visit(client, therapist):
    enquiry = make_enquiry()
    response = client.post(
        change_url(enquiry), {"status": "booked", "notes": "", "_save": "Save", **management_forms(enquiry)}
    )
    assert response.status_code == 200
    assert "Book a visit" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == Status.NEW


def test_reopening_clears_closed_at(client, therapist):
    enquiry = make_enquiry(status=Status.DECLINED, closed_at=timezone.now())
    client.post(
        change_url(enquiry), {"status": "contacted", "notes": "", "_save": "Save", **management_forms(enquiry)}
    )
    enquiry.refresh_from_db()
    assert enquiry.status == Status.CONTACTED and enquiry.closed_at is None


def management_forms(enquiry):
    """The inline formsets' management data, as the change page's form posts it."""
    data = {}
    for prefix, count in [
        ("appointments", enquiry.appointments.count()),
        ("deliveries", enquiry.deliveries.count()),
        ("events", enquiry.events.count()),
    ]:
        data |= {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count, f"{prefix}-MAX_NUM_FORMS": 0}
    return data
