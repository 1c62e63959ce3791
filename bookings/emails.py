"""Every email the site sends, built from templates in one place.

Each email is three templates: ``emails/<name>_subject.txt``, ``_body.txt`` and
``_body.html``. The HTML is autoescaped like any page; the text templates switch
autoescaping off. Anything typed by a client reaches a header only through ``header_safe``.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from bookings.availability import when_suits
from bookings.calendar import appointment_ics
from bookings.models import ContactMethod, EmailKind
from bookings.phones import phone_display
from massage_site.context_processors import practice
from massage_site.models import PracticeProfile

LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
# How the therapist replies, as the emails say it: "by text message".
REPLY_BY = {
    ContactMethod.PHONE: "a phone call",
    ContactMethod.TEXT: "a text message",
    ContactMethod.EMAIL: "an email",
}
TEMPLATES = {
    EmailKind.THERAPIST: "therapist_enquiry",
    EmailKind.CLIENT: "client_enquiry",
    EmailKind.BOOKING: "booking_confirmation",
    EmailKind.VISIT_CHANGED: "visit_changed",
    EmailKind.VISIT_CANCELLED: "visit_cancelled",
    EmailKind.REMINDER: "visit_reminder",
}
WITH_CALENDAR = {EmailKind.BOOKING, EmailKind.VISIT_CHANGED, EmailKind.VISIT_CANCELLED}


def header_safe(text, limit=200) -> str:
    """One line, no CR/LF or other line separators, at most ``limit`` characters."""
    one_line = " ".join(LINE_BREAKS.sub(" ", str(text)).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def render_email(name, context) -> tuple[str, str, str]:
    """(subject, text body, HTML body) from the three templates of ``name``."""
    context = practice(None) | context
    subject = header_safe(render_to_string(f"emails/{name}_subject.txt", context))
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    return subject, text, html


def message_id(delivery) -> str:
    """The same for every attempt at one delivery, so a duplicate (a worker killed between
    the SMTP server's OK and the row being marked sent) is recognisable by mail clients."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{delivery.kind}.{delivery.pk}.{delivery.enquiry.reference}@{domain}>"


def enquiry_context(enquiry) -> dict[str, Any]:
    return {
        "enquiry": enquiry,
        "when_suits": when_suits(enquiry),
        "when_suits_choices": when_suits(enquiry, typed=False),
        "treatment_name": enquiry.treatment.name if enquiry.treatment else "Not sure — please advise",
        "phone_display": phone_display(enquiry.phone),
        "phone_href": f"tel:{enquiry.phone.as_e164}" if enquiry.phone else "",
        "prefers_phone": enquiry.contact_method == ContactMethod.PHONE,
        "reply_by": REPLY_BY[enquiry.contact_method],
        "therapist_name": PracticeProfile.load().therapist_name,
        "admin_link": settings.SITE_URL + enquiry.get_admin_url(),
        "article_link": settings.SITE_URL + enquiry.article.get_absolute_url() if enquiry.article else "",
    }


def build_message(delivery) -> EmailMultiAlternatives:
    """The EmailMultiAlternatives for one EmailDelivery row."""
    enquiry = delivery.enquiry
    context = enquiry_context(enquiry) | {
        "delivery": delivery,
        "appointment": delivery.appointment,
        "preparation": settings.VISIT_PREPARATION,
    }
    subject, text, html = render_email(TEMPLATES[delivery.kind], context)
    headers = {"Message-ID": message_id(delivery)}
    if delivery.kind == EmailKind.THERAPIST:
        reply_to = [enquiry.email] if enquiry.email else []
    else:
        reply_to = [settings.PRACTICE_EMAIL]
        # RFC 3834: tells out-of-office robots not to answer an automatic message.
        headers["Auto-Submitted"] = "auto-generated"
    message = EmailMultiAlternatives(subject, text, to=[delivery.to], reply_to=reply_to, headers=headers)
    message.attach_alternative(html, "text/html")
    if delivery.kind in WITH_CALENDAR and delivery.appointment:
        message.attach(f"visit-{enquiry.reference}.ics", appointment_ics(delivery.appointment), "text/calendar")
    return message
