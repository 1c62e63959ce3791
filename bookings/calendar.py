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


def appointment_uid(appointment):
    return f"appointment-{appointment.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def appointment_ics(appointment):
    """The iCalendar file (bytes) for an appointment."""
    starts = appointment.starts_at.astimezone(LONDON)
    # Add the duration in absolute time, then show it in London time: a visit that spans
    # the clock change ends at the right local hour.
    ends = (appointment.starts_at + datetime.timedelta(minutes=appointment.duration_minutes)).astimezone(LONDON)
    event = icalendar.Event()
    event.add("uid", appointment_uid(appointment))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", f"Massage with {settings.PRACTICE_NAME}")
    event.add("location", " ".join(appointment.address.split()))
    event.add(
        "description",
        f"Reference {appointment.enquiry.reference}. To change or cancel, call {settings.PRACTICE_PHONE}.",
    )
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.PRACTICE_NAME}//Bookings//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add_component(event)
    # Only the years around the visit: the full 1970-2038 history would triple the file.
    cal.add_missing_timezones(
        first_date=datetime.date(starts.year - 1, 1, 1), last_date=datetime.date(ends.year + 2, 1, 1)
    )
    return cal.to_ical()
