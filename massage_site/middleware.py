from django.conf import settings
from django.http import HttpResponseNotAllowed


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware doesn't: Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseTraceMiddleware:
    """TRACE echoes the request back (cookies included, for cross-site tracing) and no page here
    answers it. Class-based views refuse it themselves; this refuses it for every view."""

    ALLOWED = ["GET", "HEAD", "POST", "OPTIONS"]

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "TRACE":
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)
