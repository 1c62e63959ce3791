"""The therapist adds an enquiry from a call, a text or an email: the few fields a call gives,
and its source. No email goes to anyone."""

import pytest
from django.urls import reverse

from bookings.models import Enquiry, Source, Status, Treatment
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db

ADD = "admin:bookings_enquiry_add"


def data(**overrides):
    values = {
        "name": "Pat Caller",
        "source": "phone",
        "phone": "07412 345678",
        "email": "",
        "contact_method": "phone",
        "postcode": "yo31 7ab",
        "treatment": Treatment.objects.order_by("position").first().pk,
        "notes": "Rang at lunch; shoulder after gardening. Prefers mornings.",
    }
    values.update(overrides)
    return values


def test_a_phone_call_becomes_an_enquiry_without_any_email(client, therapist, smtp_server):
    form = client.get(reverse(ADD)).content.decode()
    assert 'name="source"' in form and 'name="phone"' in form
    response = client.post(reverse(ADD), data())
    assert response.status_code == 302, response.content.decode()
    enquiry = Enquiry.objects.get()
    assert response["Location"] == enquiry.get_admin_url()
    assert (enquiry.name, enquiry.source, enquiry.status, str(enquiry.phone)) == (
        "Pat Caller",
        Source.PHONE,
        Status.NEW,
        "07412 345678",
    )
    assert (enquiry.postcode, enquiry.postcode_district, enquiry.outside_area) == ("YO31 7AB", "YO31", False)
    assert "gardening" in enquiry.notes
    assert not enquiry.deliveries.exists()
    assert list(enquiry.events.values_list("action", "user")) == [("Added by hand (phone call)", therapist.pk)]
    page = client.get(enquiry.get_admin_url()).content.decode()
    assert 'href="tel:+447412345678"' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": ""}, "phone", "Enter their phone number"),
        ({"phone": "12345"}, "phone", "valid phone number"),
        ({"contact_method": "email", "phone": ""}, "email", "Enter their email address"),
        ({"postcode": "not a postcode"}, "postcode", "Enter a full UK postcode"),
        ({"name": ""}, "name", "required"),
        ({"source": "website"}, "source", "Select a valid choice"),
    ],
)
def test_a_bad_phone_in_enquiry_is_refused_with_a_message_and_saves_nothing(
    client, therapist, overrides, field, message
):
    response = client.post(reverse(ADD), data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Enquiry.objects.exists()


def test_a_text_outside_the_area_is_marked_so(client, therapist):
    client.post(reverse(ADD), data(source="text", contact_method="text", postcode="HG1 2AB"))
    enquiry = Enquiry.objects.get()
    assert (enquiry.source, enquiry.contact_method, enquiry.outside_area) == ("text", "text", True)


def test_the_list_filters_by_source(client, therapist):
    make_enquiry(name="From The Site")
    client.post(reverse(ADD), data())
    page = client.get(reverse("admin:bookings_enquiry_changelist"), {"source__exact": "phone"}).content.decode()
    assert "Pat Caller" in page and "From The Site" not in page
