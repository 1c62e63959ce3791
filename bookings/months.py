"""Calendar-month arithmetic, for the booking form's horizon and the retention period."""

import calendar
import datetime


def add_months[Moment: datetime.date](moment: Moment, months: int) -> Moment:
    """The same day (and time) `months` calendar months later, or earlier when negative.
    A day the target month lacks becomes its last day: 31 March + 1 month is 30 April."""
    year, month = divmod(moment.year * 12 + moment.month - 1 + months, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, calendar.monthrange(year, month + 1)[1]))
