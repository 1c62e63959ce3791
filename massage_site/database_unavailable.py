"""A database that can't be reached gives a 503 page with the phone number, not a 500.

SQLite busy for longer than its timeout ("database is locked"), PostgreSQL restarting or
refusing connections, a connection dropped mid-request: Django raises OperationalError
(or InterfaceError for a connection already closed). The view's transaction has rolled
back, so nothing was half-saved; the client is told to try again shortly or to phone, and
a load balancer or proxy sees 503 + Retry-After, a passing fault rather than a bug.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers

from massage_site.views import server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# SQLite reports a missing table or column as an OperationalError, like a locked database;
# PostgreSQL raises ProgrammingError (never caught here). Neither is an outage.
SCHEMA_ERRORS = ("no such table", "no such column", "has no column named")


def is_schema_error(exception) -> bool:
    return any(text in str(exception) for text in SCHEMA_ERRORS)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request, exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if is_schema_error(exception):
            return None  # a missing table is a bug or a skipped migrate: Django logs it as the 500 it is
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        response = server_error(request)  # the error page: touches no database
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
