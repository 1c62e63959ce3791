"""Keeping bots out of the booking form without bothering people.

- A one-time form stamp: a random token and the time the form was served, signed with
  SECRET_KEY. The token makes a double click land on the same enquiry; the time tells a
  form filled in faster than a person can (settings.BOOKING_MIN_FILL_SECONDS).
- A per-IP rate limit counted in the cache, so every gunicorn process shares it
  (settings.BOOKING_RATE_LIMIT, e.g. "10/h").

django-ratelimit was considered: its own system check rejects the DatabaseCache (the
site's default cache) as "does not support atomic increment", so this is the few lines
it would have been, written for that cache (see ``over_rate_limit``).
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from massage_site.client_ip import client_ip

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


def over_rate_limit(request, scope="booking"):
    """Counts this request against its IP's window; True when the limit is exceeded.

    A fixed window: ``cache.incr`` counts, and ``cache.add`` creates the window's counter
    when it is missing (incr first: on the DatabaseCache that is half the statements).
    On Redis both are atomic; on the DatabaseCache ``incr`` is a read then a write, so two
    requests at the same instant may count once. That is fine for a spam brake (a bot still
    meets the limit within a request or two); it is not an authentication control.
    The IP is hashed with SECRET_KEY so the cache holds no addresses.
    """
    limit, period = parse_rate(settings.BOOKING_RATE_LIMIT)
    ip_hash = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{ip_hash}:{window}"
    try:
        return cache.incr(key) > limit  # the usual case: the window's counter exists
    except ValueError:  # the first request of the window
        pass
    if cache.add(key, 1, timeout=period + 5):
        return limit < 1  # the first request is over the limit only when the limit is 0
    try:
        return cache.incr(key) > limit  # another request created the counter meanwhile
    except ValueError:
        # The cache could not store the counter (the DatabaseCache swallows a busy or
        # unavailable database): let the request through; the form's own save will fail
        # cleanly if the database really is down.
        return False
