"""Template filters for the one date format: {% load desk_dates %}{{ visit.starts_at|desk_datetime }}."""

from django import template

from bookings import dates

register = template.Library()
register.filter("desk_datetime", dates.desk_datetime)
register.filter("desk_date", dates.desk_date)
register.filter("desk_time", dates.desk_time)
