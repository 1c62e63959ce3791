"""Keeping bots out of the booking form without bothering people.

- A one-time form stamp: a random token and the time the form was served, signed with
  SECRET_KEY (a stamp signed with a key in SECRET_KEY_FALLBACKS is still read, so a key
  rotation breaks no open form). The token makes a double click land on the same enquiry;
  the time tells a form filled in faster than a person can (BOOKING_MIN_FILL_SECONDS). A
  stamp has no expiry: a form left open for days is a person, not a signal.
- A per-client rate limit counted in the cache, so every gunicorn process shares it
  (settings.BOOKING_RATE_LIMIT, e.g. "10/h"). Only accepted enquiries are counted
  (``count_enquiry``): a form sent back with a mistake costs nothing.

Each signal alone only marks an enquiry "suspected": it is saved and the therapist is told
(see bookings.notifications). Only certain spam is dropped, and counted (``DroppedSpam``).
"""

import datetime
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bookings.models import DroppedSpam
from massage_site.client_ip import client_ip

logger = logging.getLogger(__name__)

STAMP_SALT = "bookings.form-stamp"
PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def new_form_stamp():
    """A signed value for the form's hidden ``form_token`` field."""
    return signing.dumps({"token": secrets.token_urlsafe(24), "at": int(time.time())}, salt=STAMP_SALT)


def read_form_stamp(value):
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


def seconds_since(issued_at):
    return time.time() - issued_at


def parse_rate(rate):
    """ "10/h" → (10, 3600). Also "5/m", "100/d", "3/30s"."""
    count, _, period = rate.partition("/")
    multiplier = int(period[:-1] or 1)
    return int(count), multiplier * PERIODS[period[-1]]


def _window(scope, request):
    """(cache key, seconds until the window ends, limit) of this client's current window."""
    limit, period = parse_rate(settings.BOOKING_RATE_LIMIT)
    ip_hash = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]
    now = time.time()
    window = int(now // period)
    return f"ratelimit:{scope}:{ip_hash}:{window}", period - (now - window * period), limit


def count_enquiry(request, scope="booking") -> int:
    """Counts an accepted enquiry against its client's window. Returns the seconds until the
    client may send again when this one is over the limit, else 0.

    A fixed window: ``cache.incr`` counts, and ``cache.add`` creates the window's counter
    when it is missing (incr first: on the DatabaseCache that is half the statements).
    Django's DatabaseCache (and any cache without a native incr) implements ``incr`` as a
    get and a ``set`` with the *default* timeout (300 s), so the counter would vanish five
    minutes after each post; ``touch`` gives it back the rest of its window. django-ratelimit
    was considered: it counts the same way (add, then incr), so it has the same bug there,
    and its own system check refuses the DatabaseCache, the site's default cache.
    On Redis incr and touch are atomic; on the DatabaseCache ``incr`` is a read then a
    write, so two requests at the same instant may count once. That is fine for a spam
    brake (a bot still meets the limit within a request or two); it is not an
    authentication control. The IP is hashed with SECRET_KEY so the cache holds no addresses.
    """
    key, remaining, limit = _window(scope, request)
    keep_for = int(remaining) + 5
    try:
        try:
            count = cache.incr(key)  # the usual case: the window's counter exists
        except ValueError:  # the first request of the window
            count = 1 if cache.add(key, 1, timeout=keep_for) else cache.incr(key)
        cache.touch(key, timeout=keep_for)
    except Exception:
        # The cache can't count (the DatabaseCache swallows a busy or unavailable database
        # and then raises ValueError from incr; Redis may be down): let the enquiry through.
        # Losing a spam brake for a moment is better than losing a client.
        logger.warning("Booking rate limit: the cache could not count", exc_info=True)
        return 0
    return int(remaining) + 1 if count > limit else 0


def record_dropped_spam() -> None:
    """Counts one dropped post on today's DroppedSpam row (the admin desk shows the total)."""
    today = timezone.localdate()
    with transaction.atomic():
        DroppedSpam.objects.get_or_create(day=today)
        DroppedSpam.objects.filter(day=today).update(count=F("count") + 1)


def dropped_spam_count(days: int = 30) -> int:
    """Posts dropped as certain spam in the last ``days`` days, today included."""
    return DroppedSpam.objects.total_since(timezone.localdate() - datetime.timedelta(days=days - 1))
