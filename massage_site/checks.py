from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_proxy_count_behind_a_proxy(app_configs, **kwargs) -> list[Warning]:
    """Behind a TLS proxy, TRUSTED_PROXY_COUNT = 0 makes every client share the proxy's address."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXY_COUNT:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER is set but TRUSTED_PROXY_COUNT is 0: every client would share "
                "the proxy's address, so one visitor could use up the booking limit or lock the "
                "therapist out of admin for everyone.",
                hint="Set TRUSTED_PROXY_COUNT to how many proxies append to X-Forwarded-For (1 behind nginx).",
                id="massage_site.W001",
            )
        ]
    return []
