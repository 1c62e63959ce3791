"""The therapist's private calendar feed of upcoming visits (iCalendar, for her phone's calendar app).

Whoever has the URL can read it, so the token is long and random, compared in constant time by
the database's unique lookup, and replaceable from the admin (the old URL stops at once). The
feed carries what a day of visits needs (time, client name, phone, address, treatment) and
nothing about the client's health. It is never cached by anyone but the requester, and answers
conditional requests with 304.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from bookings.calendar import therapist_feed
from bookings.models import Appointment, CalendarFeed

# Visits that started in the last day stay in the feed (the calendar keeps today's whole).
KEEP_AFTER_START = datetime.timedelta(days=1)


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def feed_for(user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults={"token": new_token()})
    return feed


def replace_token(user) -> CalendarFeed:
    feed = feed_for(user)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("bookings:visits_feed", args=[feed.token])


def upcoming_visits() -> list[Appointment]:
    return list(
        Appointment.objects.filter(
            cancelled_at__isnull=True,
            starts_at__gte=timezone.now() - KEEP_AFTER_START,
            enquiry__anonymised_at__isnull=True,
        )
        .select_related("enquiry__treatment", "treatment_option__treatment")
        .order_by("starts_at")
    )


@require_safe
def visits_feed(request, token) -> HttpResponse:
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active or not feed.user.has_perm("bookings.view_appointment"):
        raise Http404("No such calendar.")
    visits = upcoming_visits()
    body = therapist_feed(visits)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    last_modified = max([feed.created_at, *(visit.updated_at for visit in visits)])
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    ) or HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    # Private to the phone that asks (never a shared cache), revalidated each time (304 when unchanged).
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
