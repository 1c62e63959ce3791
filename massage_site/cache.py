"""The page cache: public pages served from each process's memory, before the middleware stack.

A public page is the same for every visitor, so each gunicorn process keeps the finished
response (after every middleware has added its headers) and sends it again without running
the middleware, the view, a template or a query. That is what lets a page run as fast as the
site's own CSS file (bench/RESULTS.md). ``PageCacheMiddleware`` comes first in MIDDLEWARE,
after Django's ConditionalGetMiddleware, which answers conditional requests (ETag, 304) for
cached and rendered pages alike.

What is the site's own here, and nothing else:

- Which responses may be kept: a view marks its page public (``cache_public_page``, Django's
  ``cache_control``) and the page is kept only when it is a plain 200 for a GET or HEAD
  without any cookie, set no cookie, touched no session or CSRF token and used no CSP nonce.
  So the booking form, the admin and a logged-in therapist never see a kept page.
- When they go out of date: the key holds a content version, a random token in the default
  cache (the database cache table, or Redis) shared by every process. Saving or deleting an
  article or a treatment replaces it (``bump_content_version``, connected in ``apps.py``). A
  process re-reads it about every second (``PAGE_CACHE_VERSION_CHECK_SECONDS``), so an edit
  shows everywhere within a second. A deploy restarts the processes, which start empty.
- Compression: a kept page is gzipped once, when stored, and sent compressed to clients that
  accept gzip (with ``Vary: Accept-Encoding`` and a weak ETag, as Django's GZipMiddleware does).
  No BREACH risk: a kept page holds no secret.
"""

import gzip
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import split_directive_names

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
MAX_PAGES = 300  # per process, about 10 MB
PAGE_SECONDS = 600  # a kept page is rendered afresh at least this often (dates in templates)
GZIP_MIN_BYTES = 1024

View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class StoredPage:
    stored_at: float
    plain: tuple[bytes, dict[str, str]]
    compressed: tuple[bytes, dict[str, str]] | None

    def response_for(self, request: HttpRequest) -> HttpResponse:
        content, headers = self.compressed if self.compressed and _accepts_gzip(request.META) else self.plain
        return HttpResponse(content, headers=headers)


class _Store:
    """This process's kept pages, all of one content version.

    A dict rather than one of Django's cache backends: a hit is one lookup, with no pickling or
    key validation, and a new version drops every page at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: dict[tuple, StoredPage] = {}
        self.version: str | None = None
        self.checked_at = 0.0

    def reset(self, version: str | None) -> None:
        with self.lock:
            self.pages = {}
            self.version = version
            self.checked_at = time.time()


_store = _Store()


def content_version() -> str | None:
    """The shared content version, re-read from the default cache about every second."""
    now = time.time()
    # A clock stepped back counts as time passed, so the version is never left unchecked.
    if _store.version is not None and 0 <= now - _store.checked_at < settings.PAGE_CACHE_VERSION_CHECK_SECONDS:
        return _store.version
    shared = caches["default"]
    try:
        version = shared.get(VERSION_KEY)
        if version is None:
            shared.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = shared.get(VERSION_KEY)
    except Exception:
        # The cache's database is unavailable: keep serving what this process has.
        logger.warning("Page cache: could not read the content version", exc_info=True)
        return _store.version
    if version != _store.version:
        _store.reset(version)
    _store.checked_at = now
    return version


def bump_content_version(**kwargs) -> None:
    """Marks every kept public page out of date, in every process.

    Called (through signals, see apps.py) whenever an article or treatment is saved or
    deleted: in admin, by ``load_articles`` or in a shell. Bumped now and again after the
    transaction commits, so no process can keep a page rendered from the old rows under
    the new version.
    """
    _set_new_version()
    transaction.on_commit(_set_new_version)


def _set_new_version() -> None:
    version = uuid.uuid4().hex
    caches["default"].set(VERSION_KEY, version, timeout=None)
    _store.reset(version)


def clear() -> None:
    """Empties this process's pages and starts it on a version of its own (for tests)."""
    _store.reset(uuid.uuid4().hex)


def cache_public_page(view: View) -> View:
    """Marks a view's pages public (``mark_public``): shared caches (deploy/nginx.conf) and the
    page cache may keep them. Django's ConditionalGetMiddleware adds the ETag."""

    @wraps(view)
    def public_view(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        mark_public(response)
        return response

    return public_view


def mark_public(response: HttpResponseBase) -> None:
    """``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE`` and ``Vary: Accept-Encoding`` (the
    page cache sends a gzipped copy to clients that accept it), with Django's own helpers (those
    of its cache_control and vary_on_headers decorators), so a page's headers are the same
    whether it is kept or not."""
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
    patch_vary_headers(response, ["Accept-Encoding"])


class PageCacheMiddleware:
    """Serves kept public pages before the rest of the middleware stack, and keeps new ones."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        meta = request.META
        if request.method not in ("GET", "HEAD") or meta.get("HTTP_COOKIE"):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        # The raw Host header: a page is kept only after the whole stack answered 200 for it,
        # which it does only for an allowed host (CommonMiddleware validates it).
        key = (request.scheme, meta.get("HTTP_HOST", ""), meta.get("PATH_INFO", ""), meta.get("QUERY_STRING", ""))
        page = _store.pages.get(key)
        if page is not None and 0 <= time.time() - page.stored_at < PAGE_SECONDS:
            return page.response_for(request)

        response = self.get_response(request)
        if not _is_storable(request, response):
            return response
        page = _stored_page(response)
        with _store.lock:
            if version == _store.version:
                if len(_store.pages) >= MAX_PAGES:
                    del _store.pages[next(iter(_store.pages))]
                _store.pages[key] = page
        return page.response_for(request)


def _is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = set(split_directive_names(response.get("Cache-Control", "")))
    if "public" not in directives or directives & {"private", "no-store", "no-cache"}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    nonce = getattr(request, "_csp_nonce", None)
    return not nonce  # a LazyNonce is falsy until a template used it


def _stored_page(response: HttpResponse) -> StoredPage:
    """The finished response as it is sent again: plain, and gzipped once if worth it."""
    patch_vary_headers(response, ["Accept-Encoding"])
    if not response.has_header("ETag"):
        set_response_etag(response)
    plain = (response.content, dict(response.headers))
    compressed = None
    if len(response.content) >= GZIP_MIN_BYTES and response.get("Content-Type", "").startswith(
        ("text/", "application/")
    ):
        content = gzip.compress(response.content, compresslevel=6, mtime=0)
        etag = response["ETag"] if response["ETag"].startswith("W/") else f"W/{response['ETag']}"
        headers = plain[1] | {"Content-Encoding": "gzip", "Content-Length": str(len(content)), "ETag": etag}
        compressed = (content, headers)
    return StoredPage(time.time(), plain, compressed)


def _accepts_gzip(meta: dict) -> bool:
    # request.META, not request.headers: this runs on every kept page sent (building
    # request.headers would copy every header).
    for coding in meta.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False
