"""How dates and times are written, in one place (UK time): for the therapist and in emails,
"Mon 30 Nov 2026, 10:00"; in a spreadsheet cell, "2026-11-30 10:00", which sorts and which
Excel reads as a date."""

import datetime

from django.utils import timezone


def desk_datetime(moment: datetime.datetime | None) -> str:
    """ "Mon 30 Nov 2026, 10:00" in UK time; "" for None."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def desk_date(day: datetime.date | None) -> str:
    """ "Mon 30 Nov 2026"; "" for None."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day:%a} {day.day} {day:%b %Y}"


def desk_time(moment: datetime.datetime) -> str:
    """ "10:00" in UK time."""
    return f"{timezone.localtime(moment):%H:%M}"


def sheet_datetime(moment: datetime.datetime | None) -> str:
    """ "2026-11-30 10:00" in UK time, for a CSV cell; "" for None."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def file_stamp(moment: datetime.datetime | None = None) -> str:
    """ "2026-11-30-1000" (now when not given), for a file name: sorts, and has no ":" or space."""
    return f"{timezone.localtime(moment or timezone.now()):%Y-%m-%d-%H%M}"
