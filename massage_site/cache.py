"""A whole-page cache for the public pages (home, treatments, articles, about, privacy).

A public page is the same for every visitor, so each gunicorn process keeps the rendered
page in memory and serves it again without touching a template or the database. That is
what lets an article page run near the speed of a static file (bench/RESULTS.md).

How it stays correct:

- Only anonymous GET and HEAD requests use it: a request carrying a session cookie (the
  therapist, logged in to admin) always gets a fresh page, and a response is stored only
  when it is a plain 200 that set no cookie, touched no session or CSRF token, and used no
  CSP nonce. So the booking form (CSRF cookie), staff previews and the admin are never kept.
- The key holds a content version: a random token in the default cache (the database
  cache table, or Redis), shared by every process. Saving or deleting an article or a
  treatment replaces the token (``bump_content_version``, connected in ``apps.py``), so
  every process renders afresh. A process re-reads the token at most once every
  ``PAGE_CACHE_VERSION_CHECK_SECONDS`` (1 s), so an edit shows everywhere within a second.
  A deploy restarts the processes, which start empty: template and settings changes need
  nothing.
- Pages carry ``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE`` (unless the view set
  its own), an ETag and ``Vary: Accept-Encoding``, and conditional requests get a 304, so
  browsers and a shared cache (deploy/nginx.conf) can keep them too. A cached page is
  compressed once when stored and sent gzipped to clients that accept it.
"""

import gzip
import logging
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"

# Per process: at most 300 pages (about 10 MB), each kept at most ten minutes.
_pages = LocMemCache("public-pages", {"TIMEOUT": 600, "OPTIONS": {"MAX_ENTRIES": 300}})
_known = {"version": None, "checked_at": 0.0}


def _check_interval():
    # Under the test suite everything runs in one process, where a bump is seen at once, and
    # tests/conftest.py starts each test with clear(): the shared version is never re-read,
    # so a page costs the queries of its view and no more.
    return getattr(settings, "PAGE_CACHE_VERSION_CHECK_SECONDS", float("inf") if settings.TESTING else 1.0)


def content_version():
    """The shared content version, re-read from the default cache at most every second."""
    now = time.monotonic()
    if _known["version"] is not None and now - _known["checked_at"] < _check_interval():
        return _known["version"]
    shared = caches["default"]
    try:
        version = shared.get(VERSION_KEY)
        if version is None:
            shared.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = shared.get(VERSION_KEY)
    except Exception:
        # The cache's database is unavailable: keep serving what this process has.
        logger.warning("Page cache: could not read the content version", exc_info=True)
        return _known["version"]
    _known.update(version=version, checked_at=now)
    return version


def bump_content_version(**kwargs):
    """Marks every cached public page out of date, in every process.

    Called (through signals, see apps.py) whenever an article or treatment is saved or
    deleted: in admin, by ``load_articles`` or in a shell. Bumped now and again after the
    transaction commits, so no process can cache a page rendered from the old rows under
    the new version.
    """
    _set_new_version()
    transaction.on_commit(_set_new_version)


def _set_new_version():
    version = uuid.uuid4().hex
    caches["default"].set(VERSION_KEY, version, timeout=None)
    _known.update(version=version, checked_at=time.monotonic())


def clear():
    """Empties this process's pages and starts it on a version of its own (for tests)."""
    _pages.clear()
    _known.update(version=uuid.uuid4().hex, checked_at=time.monotonic())


def _is_anonymous_read(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _is_storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    nonce = getattr(request, "_csp_nonce", None)
    return not nonce  # a LazyNonce is falsy until a template used it


def _gzip(response):
    """The page compressed once, when stored, so a cached page costs no compression. (No
    BREACH risk: a stored page holds no secret, see _is_storable.)"""
    if len(response.content) < 1024 or not response.get("Content-Type", "").startswith(("text/", "application/")):
        return None
    return gzip.compress(response.content, compresslevel=6, mtime=0)


def _accepts_gzip(request):
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _weak(etag):
    """The compressed copy is another representation: its ETag is weak, as GZipMiddleware does."""
    return etag if etag.startswith("W/") else f"W/{etag}"


def _serve(request, stored):
    content, compressed, headers = stored
    if compressed is not None and _accepts_gzip(request):
        headers = headers | {"Content-Encoding": "gzip", "ETag": _weak(headers["ETag"])}
        content = compressed
    return _conditional(request, HttpResponse(content, headers=headers))


def _conditional(request, response):
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(request, etag=response.get("ETag"), last_modified=last_modified, response=response)


def cache_public_page(view):
    """Serves the view's page from this process's memory while the content is unchanged."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _is_anonymous_read(request):
            return view(request, *args, **kwargs)
        version = content_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = f"{version}:{request.get_host()}:{request.get_full_path()}"
        stored = _pages.get(key)
        if stored is not None:
            return _serve(request, stored)

        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        if not _is_storable(request, response):
            return response
        if "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=getattr(settings, "PAGE_CACHE_MAX_AGE", 300))
        if "ETag" not in response:
            set_response_etag(response)
        patch_vary_headers(response, ["Accept-Encoding"])
        stored = (response.content, _gzip(response), dict(response.headers))
        _pages.set(key, stored)
        return _serve(request, stored)

    return cached_view
