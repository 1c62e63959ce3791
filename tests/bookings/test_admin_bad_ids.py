"""A mistyped or stale address on the therapist's desk is "not found", never a server error."""

import pytest
from django.urls import reverse

from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("object_id", ["abc", "1.5", "999999", "%2F"])
def test_book_a_visit_for_a_malformed_or_missing_enquiry_is_not_found(client, therapist, object_id):
    make_enquiry()
    response = client.get(f"/admin/bookings/enquiry/{object_id}/book/")
    assert response.status_code == 404


def test_book_a_visit_page_still_opens_for_a_real_enquiry(client, therapist):
    enquiry = make_enquiry()
    url = reverse("admin:bookings_enquiry_book", args=[enquiry.pk])
    assert url == f"/admin/bookings/enquiry/{enquiry.pk}/book/"
    assert client.get(url).status_code == 200
