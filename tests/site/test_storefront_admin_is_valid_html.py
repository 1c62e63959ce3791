"""The storefront's admin pages (the desk's setup checklist, the profile, testimonials, a treatment
with its prices, redirects) are valid HTML, like the rest of the desk."""

import pytest
from django.urls import reverse

from bookings.models import Treatment
from massage_site.models import PracticeProfile
from tests.bookings.admin_helpers import signed_in_therapist
from tests.html_checker import nu_errors

pytestmark = pytest.mark.django_db

NEWER_THAN_THE_CHECKER = "Element “search” not allowed"


def test_storefront_admin_pages_are_valid_html(client, monkeypatch, settings, tmp_path):
    settings.ADMIN_REQUIRE_2FA = True
    signed_in_therapist(client, monkeypatch)
    profile = reverse("admin:massage_site_practiceprofile_change", args=[PracticeProfile.load().pk])
    treatment = reverse("admin:bookings_treatment_change", args=[Treatment.objects.first().pk])
    pages = {
        "desk": client.get(reverse("admin:index")).content.decode(),
        "profile": client.get(profile).content.decode(),
        "profile-errors": client.post(profile, {"therapist_name": ""}).content.decode(),
        "testimonial": client.get(reverse("admin:massage_site_testimonial_add")).content.decode(),
        "treatment": client.get(treatment).content.decode(),
        "treatments": client.get(reverse("admin:bookings_treatment_changelist")).content.decode(),
        "redirect": client.get(reverse("admin:redirects_redirect_add")).content.decode(),
    }
    assert "setup-checklist" in pages["desk"]
    errors = nu_errors(pages, tmp_path, ignore=[NEWER_THAN_THE_CHECKER])
    assert errors == []
