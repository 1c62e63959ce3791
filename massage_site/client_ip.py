from django.conf import settings


def client_ip(request):
    """The client's address, for the booking rate limit and the admin lockout.

    Behind N trusted proxies that append to X-Forwarded-For (settings.TRUSTED_PROXY_COUNT),
    the Nth address from the right; otherwise the socket's peer. The left-hand entries of
    X-Forwarded-For are the client's to forge, so they are never trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
