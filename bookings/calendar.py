"""The .ics file attached to a booking confirmation: one event in Europe/London time, with
the zone's rules (VTIMEZONE) so a calendar shows the right hour on either side of a clock
change, and a UID that stays the same for the appointment (a resend updates the event)."""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def appointment_uid(appointment) -> str:
    return f"appointment-{appointment.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def appointment_ics(appointment) -> bytes:
    """The iCalendar file (bytes) for an appointment: PUBLISH with the visit's SEQUENCE (a
    change raises it, so the client's calendar replaces the event), or CANCEL once cancelled."""
    cancelled = appointment.cancelled_at is not None
    cal = _calendar("CANCEL" if cancelled else "PUBLISH")
    event = client_event(appointment)
    if cancelled:
        event.add("status", "CANCELLED")
    cal.add_component(event)
    _add_timezone(cal, appointment.starts_at)
    return cal.to_ical()


def _calendar(method) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.PRACTICE_NAME}//Bookings//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    return cal


def _add_timezone(cal, first, last=None) -> None:
    # Only the years around the visits: the full 1970-2038 history would triple the file.
    last = last or first
    cal.add_missing_timezones(
        first_date=datetime.date(first.year - 1, 1, 1), last_date=datetime.date(last.year + 2, 1, 1)
    )


def _timed_event(appointment) -> icalendar.Event:
    starts = appointment.starts_at.astimezone(LONDON)
    # Add the duration in absolute time, then show it in London time: a visit that spans
    # the clock change ends at the right local hour.
    ends = (appointment.starts_at + datetime.timedelta(minutes=appointment.duration_minutes)).astimezone(LONDON)
    event = icalendar.Event()
    event.add("uid", appointment_uid(appointment))
    event.add("sequence", appointment.sequence)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    return event


def client_event(appointment) -> icalendar.Event:
    event = _timed_event(appointment)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("summary", f"Massage with {settings.PRACTICE_NAME}")
    event.add("location", " ".join(appointment.address.split()))
    event.add(
        "description",
        f"Reference {appointment.enquiry.reference}. To change or cancel, call {settings.PRACTICE_PHONE}.",
    )
    return event


def therapist_feed(appointments) -> bytes:
    """The therapist's own calendar (bytes): one event per visit with the client's name, phone,
    address and treatment, and nothing about their health. DTSTAMP is the visit's last change,
    so the same visits give the same bytes (and ETag)."""
    cal = _calendar("PUBLISH")
    cal.add("x-wr-calname", f"{settings.PRACTICE_NAME} visits")
    for appointment in appointments:
        enquiry = appointment.enquiry
        option = appointment.treatment_option
        treatment = str(option) if option else (enquiry.treatment.name if enquiry.treatment else "Treatment not set")
        event = _timed_event(appointment)
        event.add("dtstamp", appointment.updated_at.astimezone(datetime.UTC))
        event.add("summary", f"{enquiry.name}: {treatment}")
        event.add("location", " ".join(appointment.address.split()))
        phone = enquiry.phone.as_e164 if enquiry.phone else "no phone number"
        event.add("description", f"{enquiry.name}, {phone}. {treatment}. Reference {enquiry.reference}.")
        cal.add_component(event)
    if appointments:
        _add_timezone(cal, appointments[0].starts_at, appointments[-1].starts_at)
    return cal.to_ical()
