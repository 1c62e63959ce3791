"""A subject access export holds every field kept about the client, and erasure leaves none
of them: checked field by field against the models, so a field added later without a
decision fails here."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, EmailDelivery, Enquiry, EnquiryEvent, Status
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:bookings_enquiry_changelist"
ADDRESS = "jane.private@example.com"
# Export keys named differently from their model field.
ALIASES = {
    "created_at": "received",
    "notes": "therapist_notes",
}
NOT_EXPORTED = {"id", "form_token"}  # the row's number and the one-time form token: no information
# What erasure keeps: no one can be found from these, and the counts still add up.
KEPT_BY_ERASURE = {
    "id",
    "source",
    "reference",
    "created_at",
    "treatment",
    "article",
    "postcode_district",
    "outside_area",
    "is_suspected_spam",
    "status",
    "closed_at",
    "anonymised_at",
    "consented_at",
    "contact_method",
}


@pytest.fixture
def full_enquiry():
    """An enquiry with every field filled in, an appointment and an email that failed
    quoting the client's address."""
    from articles.models import Article

    today = timezone.localdate()
    article = Article.objects.create(
        slug="sciatica",
        title="Sciatica",
        description="d",
        body_markdown="b",
        body_html="<p>b</p>",
        published=today,
        last_reviewed=today,
        next_review=today,
        source_hash="0" * 64,
    )
    enquiry = make_enquiry(
        name="Jane Private",
        email=ADDRESS,
        article=article,
        outside_area=True,
        preferred_days=["weekday"],
        preferred_times=["evening"],
        availability_note="Not Thursdays",
        visit_notes="Blue door, side gate",
        notes="Knee surgery 2024",
        follow_up_on=timezone.localdate() + datetime.timedelta(days=2),
        form_token="t" * 32,
        is_suspected_spam=True,
        status=Status.SPAM,
        closed_at=timezone.now(),
    )
    Appointment.objects.create(enquiry=enquiry, starts_at=timezone.now(), address="7 Private Road, York")
    EmailDelivery.objects.create(
        enquiry=enquiry,
        kind="client",
        to=ADDRESS,
        status="failed",
        attempts=12,
        last_error=f"SMTPRecipientsRefused: {{'{ADDRESS}': (550, b'no such mailbox')}}",
    )
    return enquiry


def test_every_field_is_in_the_subject_access_export(client, therapist, full_enquiry):
    response = client.post(
        reverse("admin:bookings_enquiry_change", args=[full_enquiry.pk]),
        {"CHANGE_FORM-action": "export_client_data", "_selected_action": full_enquiry.pk},
    )
    [record] = json.loads(response.content)["enquiries"]
    for field in Enquiry._meta.concrete_fields:
        if field.name in NOT_EXPORTED:
            continue
        key = ALIASES.get(field.name, field.name)
        assert key in record, f"{field.name} is held but not exported"
        value = getattr(full_enquiry, field.name)
        if field.name == "anonymised_at":  # not erased yet
            assert record[key] is None
            continue
        assert value not in (None, "", [])  # the fixture fills every field
        if field.is_relation:
            assert record[key] == str(value.name if hasattr(value, "name") else value.title)
        elif isinstance(value, datetime.datetime | datetime.date):
            assert record[key][:10] == value.isoformat()[:10]
        else:
            assert record[key] == (str(value) if field.name == "phone" else value), field.name
    [appointment] = record["appointments"]
    assert appointment["address"] == "7 Private Road, York" and appointment["created_at"]
    [email] = record["emails"]
    assert (email["to"], email["attempts"], email["status"]) == (ADDRESS, 12, "failed")
    assert ADDRESS in email["last_error"]


def test_erasure_leaves_no_client_field_and_the_address_nowhere(client, therapist, full_enquiry):
    client.post(
        reverse(CHANGELIST),
        {"action": "erase_client_data", "_selected_action": [full_enquiry.pk], "confirm_erase": "yes"},
    )
    erased = Enquiry.objects.get(pk=full_enquiry.pk)
    assert erased.anonymised_at is not None
    for field in Enquiry._meta.concrete_fields:
        if field.name in KEPT_BY_ERASURE:
            continue
        value = getattr(erased, field.attname)
        if field.name == "name":
            assert value == "(erased)"
        else:
            assert value in (None, "", [], False), f"{field.name} kept: {value!r}"
    everything = json.dumps(
        [list(model.objects.values()) for model in (Enquiry, EmailDelivery, Appointment, EnquiryEvent)],
        default=str,
    )
    for held in (
        "jane.private",
        "Jane Private",
        "Private Road",
        "Blue door",
        "Knee surgery",
        "Not Thursdays",
        "t" * 32,
    ):
        assert held not in everything, held
