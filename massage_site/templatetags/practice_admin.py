"""The admin desk's setup checklist: what the therapist has still to fill in, each linked to its field."""

from django import template
from django.urls import reverse

from massage_site.models import PracticeProfile

register = template.Library()

# (field, what the checklist says, the form field to jump to)
PROFILE_ITEMS = [
    ("photo", "Add your photo", "id_photo_upload"),
    ("introduction", "Write a short introduction", "id_introduction"),
    ("qualifications", "List your qualifications", "id_qualifications"),
    ("insurance", "Say who insures you", "id_insurance"),
    ("memberships", "List your professional memberships", "id_memberships"),
    ("years_in_practice", "Give your years in practice", "id_years_in_practice"),
]


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == {}


def missing_items(profile, admin_name="admin") -> list[dict]:
    profile_url = reverse(f"{admin_name}:massage_site_practiceprofile_change", args=[profile.pk])
    items = [
        {"label": label, "url": f"{profile_url}#{anchor}"}
        for field, label, anchor in PROFILE_ITEMS
        if _is_empty(getattr(profile, field))
    ]
    if profile.prices_confirmed_at is None:
        items.append(
            {
                "label": "Confirm your prices (the site shows starting prices until you save each treatment)",
                "url": reverse(f"{admin_name}:bookings_treatment_changelist"),
            }
        )
    return items


@register.inclusion_tag("admin/includes/setup_checklist.html", takes_context=True)
def setup_checklist(context) -> dict:
    request = context.get("request")
    if request is None or not request.user.has_perm("massage_site.change_practiceprofile"):
        return {"items": []}
    return {"items": missing_items(PracticeProfile.load())}
