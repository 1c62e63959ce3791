"""Exporting enquiries as CSV: opens cleanly in Excel, no formulas from client text, recorded."""

import csv
import io

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse
from django.urls import reverse

from bookings.models import Enquiry, EnquiryEvent
from tests.bookings.admin_helpers import make_enquiry

pytestmark = pytest.mark.django_db


def export(client, *enquiries):
    return client.post(
        reverse("admin:bookings_enquiry_changelist"),
        {"action": "export_csv", "_selected_action": [e.pk for e in enquiries], "index": 0},
    )


def body_of(response):
    assert response.streaming  # rows are sent as they are read, not built in memory first
    return b"".join(response.streaming_content)


def parse(response_or_body):
    raw = response_or_body if isinstance(response_or_body, bytes) else body_of(response_or_body)
    body = raw.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_csv_is_utf8_with_a_bom_and_one_row_per_selected_enquiry(client, therapist):
    chloe = make_enquiry(name="Chloë Brontë-Łukasz", message="Naïve café, £50?")
    make_enquiry(name="Not Selected")
    response = export(client, chloe)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="enquiries-')
    [row] = parse(response)
    assert row["Reference"] == chloe.reference
    assert row["Name"] == "Chloë Brontë-Łukasz"
    assert row["Message"] == "Naïve café, £50?"
    assert row["Phone"] == "07700 900123"
    assert row["Email"] == "jane@example.com"
    assert row["Status"] == "New"


def test_commas_quotes_and_line_breaks_survive_the_round_trip(client, therapist):
    text = 'Parking: "round the back", gate code 12,\nthen ring twice'
    enquiry = make_enquiry(visit_notes=text)
    body = body_of(export(client, enquiry))
    assert b'"Parking: ""round the back"", gate code 12,\nthen ring twice"' in body
    assert parse(body)[0]["Visit notes"] == text


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, therapist, typed):
    enquiry = make_enquiry(name=typed, message=typed)
    row = parse(export(client, enquiry))[0]
    assert row["Name"] == "'" + typed
    assert row["Message"] == "'" + typed


def test_ordinary_text_is_left_alone(client, therapist):
    row = parse(export(client, make_enquiry(message="Hip pain - worse after running")))[0]
    assert row["Message"] == "Hip pain - worse after running"


def test_export_is_recorded_in_the_history(client, therapist):
    enquiry = make_enquiry()
    export(client, enquiry)
    event = enquiry.events.get()
    assert (event.action, event.user) == ("Exported to CSV", therapist)


def test_export_from_the_change_page_gives_that_enquiry(client, therapist):
    enquiry = make_enquiry()
    make_enquiry(name="Other")
    response = client.post(
        reverse("admin:bookings_enquiry_change", args=[enquiry.pk]),
        {"CHANGE_FORM-action": "export_csv", "_selected_action": enquiry.pk},
    )
    assert [row["Reference"] for row in parse(response)] == [enquiry.reference]


def test_exporting_every_enquiry_streams_each_row_once_and_records_each(client, therapist):
    call_command("seed_enquiries", "--total", "2500", stdout=io.StringIO())  # more than one chunk
    response = client.post(
        reverse("admin:bookings_enquiry_changelist"),
        {
            "action": "export_csv",
            "select_across": "1",
            "_selected_action": Enquiry.objects.values_list("pk", flat=True)[:1],
            "index": 0,
        },
    )
    assert isinstance(response, StreamingHttpResponse)
    rows = parse(response)
    references = [row["Reference"] for row in rows]
    assert len(references) == 2500
    assert set(references) == set(Enquiry.objects.values_list("reference", flat=True))
    assert EnquiryEvent.objects.filter(action="Exported to CSV").count() == 2500
