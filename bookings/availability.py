"""When suits the client, in words: the days, the times of day and their own line."""

from bookings.models import DayPreference, TimeOfDay


def _labels(values, choices) -> list[str]:
    return [choices(value).label.lower() for value in values if value in choices.values]


def when_suits(enquiry, *, typed=True) -> str:
    """For example "weekdays; morning, evening; not Tuesdays". Empty when nothing was given.
    typed=False leaves out the client's own line (for an email to an unverified address)."""
    parts = [
        ", ".join(_labels(enquiry.preferred_days, DayPreference)),
        ", ".join(_labels(enquiry.preferred_times, TimeOfDay)),
        enquiry.availability_note if typed else "",
    ]
    return "; ".join(part for part in parts if part)
