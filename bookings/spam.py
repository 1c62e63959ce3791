"""Keeping bots out of the booking form without bothering people.

- A one-time form stamp: a random token and the time the form was served, signed with
  SECRET_KEY (a stamp signed with a key in SECRET_KEY_FALLBACKS is still read, so a key
  rotation breaks no open form). The token makes a double click land on the same enquiry;
  the time tells a form filled in faster than a person can (BOOKING_MIN_FILL_SECONDS). A
  stamp has no expiry: a form left open for days is a person, not a signal.
- A per-client rate limit counted in the database, so every gunicorn process and machine
  shares it (settings.BOOKING_RATE_LIMIT, e.g. "10/h"). Only saved enquiries are counted
  (``count_enquiry``): a form sent back with a mistake costs nothing.

Each signal alone only marks an enquiry "suspected": it is saved and the therapist is told
(see bookings.notifications). Only certain spam is dropped, and counted (``DroppedSpam``).
"""

import datetime
import hashlib
import math
import secrets
import time

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bookings.models import DroppedSpam, SentFromNetwork
from massage_site.client_ip import client_ip

STAMP_SALT = "bookings.form-stamp"
PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def new_form_stamp() -> str:
    """A signed value for the form's hidden ``form_token`` field."""
    return signing.dumps({"token": secrets.token_urlsafe(24), "at": int(time.time())}, salt=STAMP_SALT)


def read_form_stamp(value) -> tuple[str, int] | None:
    """(token, issued_at) from a stamp, or None when it is missing or was tampered with."""
    if not value or len(value) > 200:
        return None
    try:
        data = signing.loads(value, salt=STAMP_SALT)
        token, issued_at = data["token"], int(data["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return None
    return token, issued_at


def seconds_since(issued_at) -> float:
    return time.time() - issued_at


def parse_rate(rate) -> tuple[int, int]:
    """ "10/h" → (10, 3600). Also "5/m", "100/d", "3/30s"."""
    count, _, period = rate.partition("/")
    multiplier = int(period[:-1] or 1)
    return int(count), multiplier * PERIODS[period[-1]]


def network_hash(request) -> str:
    """The client's network (its address, an IPv6 one by its /64), hashed with SECRET_KEY so
    no address is stored."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]


def seconds_until_allowed(network: str) -> int:
    """0 when ``network`` (``network_hash``) may send an enquiry now; otherwise the seconds
    until it may, once it has sent BOOKING_RATE_LIMIT's number within the limit's period.

    A sliding window over SentFromNetwork rows, read through their index before the enquiry's
    transaction (reads wait for no lock). Two posts from one network at the same instant may
    both pass: fine for a spam brake, which a bot meets a post later; it is not an
    authentication control. Rows rather than a counter in the cache: appending takes no lock
    a concurrent post waits for, and Django's DatabaseCache resets a counter's timeout on
    every incr."""
    limit, period = parse_rate(settings.BOOKING_RATE_LIMIT)
    now = timezone.now()
    sent = SentFromNetwork.objects.within(network, now - datetime.timedelta(seconds=period))
    if limit <= 0:  # "0/h": the form is closed to every network for now
        return period
    if not sent.has_at_least(limit):
        return 0
    # The network may send again when the oldest of its last `limit` posts leaves the window.
    oldest_counted = sent.order_by("-sent_at").values_list("sent_at", flat=True)[limit - 1 :].first()
    if oldest_counted is None:  # the worker's purge took rows in between
        return 0
    return max(1, math.ceil((oldest_counted - now).total_seconds() + period))


def count_enquiry(network: str) -> None:
    """Counts a saved enquiry against its network: called in the enquiry's transaction, so an
    enquiry that is not saved is not counted."""
    SentFromNetwork.objects.create(network=network)


def purge_rate_counts(now=None) -> int:
    """Deletes the SentFromNetwork rows older than the rate limit's period. Returns how many."""
    _, period = parse_rate(settings.BOOKING_RATE_LIMIT)
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=period)
    deleted, _ = SentFromNetwork.objects.filter(sent_at__lte=cutoff).delete()
    return deleted


def record_dropped_spam() -> None:
    """Counts one dropped post on today's DroppedSpam row (the admin desk shows the total)."""
    today = timezone.localdate()
    with transaction.atomic():
        DroppedSpam.objects.get_or_create(day=today)
        DroppedSpam.objects.filter(day=today).update(count=F("count") + 1)


def dropped_spam_count(days: int = 30) -> int:
    """Posts dropped as certain spam in the last ``days`` days, today included."""
    return DroppedSpam.objects.total_since(timezone.localdate() - datetime.timedelta(days=days - 1))
