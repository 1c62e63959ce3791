"""The desk home (the admin index): what the therapist needs between visits, each a link.

A fixed number of queries whatever the size of the tables: each list is one query with
select_related and a limit (DESK_LIMIT); a longer list links to the full, filtered list.
"""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from bookings.admin.enquiries import map_url
from bookings.models import CLOSED_STATUSES, Appointment, EmailDelivery, Enquiry, Status
from bookings.phones import phone_display
from bookings.spam import dropped_spam_count

DESK_LIMIT = 20
VISIT_COLUMNS = [
    "starts_at",
    "duration_minutes",
    "treatment_option__treatment__name",
    "enquiry__name",
    "enquiry__phone",
    "enquiry__postcode",
    "enquiry__postcode_district",
]
FAILED_COLUMNS = ["kind", "created_at", "enquiry__name"]


def _limited(queryset) -> dict[str, Any]:
    rows = list(queryset[: DESK_LIMIT + 1])
    return {"rows": rows[:DESK_LIMIT], "more": len(rows) > DESK_LIMIT}


def desk(request, site_name="admin") -> dict | None:
    if not request.user.has_perm("bookings.view_enquiry"):
        return None
    now = timezone.localtime()
    today = now.date()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week_end = midnight + datetime.timedelta(days=8)
    # Only what the lists show: a whole enquiry per row would be built for nothing.
    visits = list(
        Appointment.objects.filter(cancelled_at__isnull=True, starts_at__gte=midnight, starts_at__lt=week_end)
        .select_related("enquiry", "treatment_option__treatment")
        .only(*VISIT_COLUMNS)
        .order_by("starts_at")[:50]
    )
    for visit in visits:
        visit.phone_text = phone_display(visit.enquiry.phone)
        visit.map_url = map_url(visit.enquiry.postcode) if visit.enquiry.postcode else ""
        visit.is_today = timezone.localtime(visit.starts_at).date() == today
    changelist = reverse(f"{site_name}:bookings_enquiry_changelist")
    enquiries = Enquiry.objects.select_related("treatment").only(
        "name", "reference", "created_at", "follow_up_on", "postcode", "postcode_district", "treatment__name"
    )
    return {
        "today_visits": [visit for visit in visits if visit.is_today],
        "week_visits": [visit for visit in visits if not visit.is_today],
        "new": _limited(enquiries.filter(status=Status.NEW, is_suspected_spam=False).order_by("-created_at")),
        "new_url": f"{changelist}?status__exact={Status.NEW}&suspected=no",
        "follow_ups": _limited(
            enquiries.exclude(status__in=CLOSED_STATUSES).filter(follow_up_on__lte=today).order_by("follow_up_on")
        ),
        "follow_ups_url": f"{changelist}?follow_up=due",
        "spam": _limited(enquiries.filter(status=Status.SPAM, is_suspected_spam=True).order_by("-created_at")),
        "spam_url": f"{changelist}?suspected=review",
        "dropped_spam": dropped_spam_count(days=30),
        "failed": _limited(
            EmailDelivery.objects.failed().select_related("enquiry").only(*FAILED_COLUMNS).order_by("-created_at")
        ),
        "failed_url": f"{changelist}?delivery=failed",
        "visits_url": reverse(f"{site_name}:bookings_appointment_changelist") + "?when=upcoming",
        "calendar_url": reverse(f"{site_name}:bookings_appointment_calendar"),
        "add_url": reverse(f"{site_name}:bookings_enquiry_add"),
        "can_add": request.user.has_perm("bookings.add_enquiry"),
    }
