from typing import Any

from django.conf import settings


def practice(request) -> dict[str, Any]:
    """The practice's public facts, for every template."""
    phone = settings.PRACTICE_PHONE
    return {
        "practice": {
            "name": settings.PRACTICE_NAME,
            "phone": phone,
            "phone_href": "tel:+44" + phone.replace(" ", "").removeprefix("0"),
            "email": settings.PRACTICE_EMAIL,
            "area": settings.PRACTICE_AREA,
            "districts": settings.SERVICE_DISTRICTS,
            "reply_within": settings.REPLY_WITHIN,
            "retention_months": settings.RETENTION_MONTHS,
        },
        "site_url": settings.SITE_URL,
    }
