import logging

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpResponse, HttpResponseBase, HttpResponseNotAllowed, QueryDict, UnreadablePostError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware doesn't: Permissions-Policy."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestBodyMiddleware:
    """Reads a POST body once, before CSRF or a view does, and answers the 400 page when it
    can't be read: a form in another charset (Django refuses anything but UTF-8), a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, a connection cut mid-body. Without this, the CSRF failure
    view reads the body again and the refusal becomes a 500.

    Multipart bodies: no public form takes a file, and Django would spool a multipart body's
    files of any size to disk (DATA_UPLOAD_MAX_MEMORY_SIZE counts only its text fields), so
    outside the admin multipart is refused unread, and in the admin (the profile photo) one
    over ADMIN_UPLOAD_MAX_BYTES is."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponseBase:
        if request.method == "POST":
            refused = self.refuse_unreadable(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refuse_unreadable(self, request) -> HttpResponse | None:
        if request.content_type == "multipart/form-data":
            try:
                length = int(request.headers.get("content-length") or 0)
            except ValueError:
                length = 0
            in_admin = request.path_info.lstrip("/").startswith(settings.ADMIN_URL)
            if not in_admin or length > settings.ADMIN_UPLOAD_MAX_BYTES:
                logger.info("Refused a multipart body of %d bytes to %s", length, request.path)
                return self.bad_request(request)
        try:
            request.POST  # noqa: B018 - parsing is the point
        except (BadRequest, RequestDataTooBig, UnreadablePostError) as error:
            logger.info("Refused an unreadable body to %s: %s", request.path, error)
            return self.bad_request(request)
        return None

    @staticmethod
    def bad_request(request) -> HttpResponse:
        # The body is unreadable: nothing below may read it again.
        request._post, request._files = QueryDict(), MultiValueDict()
        response = render(request, "400.html", status=400)
        add_never_cache_headers(response)
        return response


class RefuseTraceMiddleware:
    """TRACE echoes the request back (cookies included, for cross-site tracing) and no page here
    answers it. Class-based views refuse it themselves; this refuses it for every view."""

    ALLOWED = ["GET", "HEAD", "POST", "OPTIONS"]

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponseBase:
        if request.method == "TRACE":
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)
