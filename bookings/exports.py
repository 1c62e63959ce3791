"""Getting clients' data out: the CSV of selected enquiries, and a subject access export.

The CSV opens cleanly in Excel: UTF-8 with a byte order mark, quoted by Python's csv module,
and any cell that Excel would read as a formula (= + - @, tab, carriage return) starts with
an apostrophe. https://owasp.org/www-community/attacks/CSV_Injection
"""

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from bookings.availability import when_suits
from bookings.dates import sheet_datetime
from bookings.models import Enquiry
from bookings.phones import phone_display

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched from the database at a time while the CSV streams: memory stays flat.
CSV_CHUNK = 2000

CSV_COLUMNS = [
    "Reference",
    "Received",
    "Status",
    "Name",
    "Contact by",
    "Phone",
    "Email",
    "Treatment",
    "Postcode",
    "Outside area",
    "When suits",
    "Visit notes",
    "Message",
    "Follow up on",
    "Private notes",
]


def neutralise(value) -> str:
    """A cell's text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(enquiry) -> list[str]:
    return [
        enquiry.reference,
        sheet_datetime(enquiry.created_at),
        enquiry.get_status_display(),
        enquiry.name,
        enquiry.get_contact_method_display(),
        phone_display(enquiry.phone),
        enquiry.email,
        enquiry.treatment.name if enquiry.treatment else "Not sure",
        enquiry.postcode,
        "yes" if enquiry.outside_area else "no",
        when_suits(enquiry),
        enquiry.visit_notes,
        enquiry.message,
        enquiry.follow_up_on.isoformat() if enquiry.follow_up_on else "",
        enquiry.notes,
    ]


class _Line:
    """What csv.writer writes to: hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(enquiries) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # the BOM tells Excel the file is UTF-8
    for enquiry in enquiries.select_related("treatment").iterator(chunk_size=CSV_CHUNK):
        yield writer.writerow([neutralise(cell) for cell in csv_row(enquiry)])


def enquiries_csv(enquiries, filename) -> StreamingHttpResponse:
    """The enquiries as CSV, streamed as the rows are read: 100,000 rows never sit in memory."""
    rows = Enquiry.objects.filter(pk__in=enquiries.values("pk")).order_by("-created_at", "-pk")
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def client_record(enquiry) -> dict[str, Any]:
    return {
        "reference": enquiry.reference,
        "received": enquiry.created_at,
        "name": enquiry.name,
        "contact_method": enquiry.contact_method,
        "source": enquiry.source,
        "phone": str(enquiry.phone or ""),
        "email": enquiry.email,
        "treatment": enquiry.treatment.name if enquiry.treatment else None,
        "postcode": enquiry.postcode,
        "postcode_district": enquiry.postcode_district,
        "outside_area": enquiry.outside_area,
        "article": enquiry.article.title if enquiry.article else None,
        "preferred_days": enquiry.preferred_days,
        "preferred_times": enquiry.preferred_times,
        "availability_note": enquiry.availability_note,
        "visit_notes": enquiry.visit_notes,
        "message": enquiry.message,
        "consented_at": enquiry.consented_at,
        "status": enquiry.status,
        "is_suspected_spam": enquiry.is_suspected_spam,
        "follow_up_on": enquiry.follow_up_on,
        "therapist_notes": enquiry.notes,
        "closed_at": enquiry.closed_at,
        "anonymised_at": enquiry.anonymised_at,
        "appointments": [
            {
                "starts_at": visit.starts_at,
                "duration_minutes": visit.duration_minutes,
                "address": visit.address,
                "treatment": str(visit.treatment_option or ""),
                "price": str(visit.price or ""),
                "created_at": visit.created_at,
                "cancelled_at": visit.cancelled_at,
                "cancel_reason": visit.cancel_reason,
            }
            for visit in enquiry.appointments.all()
        ],
        "emails": [
            {
                "kind": delivery.get_kind_display(),
                "to": delivery.to,
                "status": delivery.status,
                "attempts": delivery.attempts,
                "last_error": delivery.last_error,
                "created_at": delivery.created_at,
                "sent_at": delivery.sent_at,
            }
            for delivery in enquiry.deliveries.all()
        ],
        "history": [
            {"at": event.at, "action": event.action, "from_status": event.from_status, "to_status": event.to_status}
            for event in enquiry.events.all()
        ],
    }


def subject_access_json(enquiries, filename) -> tuple[HttpResponse, list[Enquiry]]:
    """Everything held about the clients of `enquiries`, as one JSON document."""
    found = (
        Enquiry.objects.of_same_clients(enquiries)
        .select_related("treatment", "article")
        .prefetch_related("appointments__treatment_option__treatment", "deliveries", "events")
    )
    document = {
        "exported_at": timezone.now(),
        "enquiries": [client_record(enquiry) for enquiry in found],
    }
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, list(found)
