"""When suits the client, in words: the days, the times of day and their own line."""

from bookings.models import DayPreference, TimeOfDay


def _labels(values, choices) -> list[str]:
    return [choices(value).label.lower() for value in values if value in choices.values]


def when_suits(enquiry) -> str:
    """For example "weekdays; morning, evening; not Tuesdays". Empty when nothing was given."""
    parts = [
        ", ".join(_labels(enquiry.preferred_days, DayPreference)),
        ", ".join(_labels(enquiry.preferred_times, TimeOfDay)),
        enquiry.availability_note,
    ]
    return "; ".join(part for part in parts if part)
