"""Admin list pages take only the filters they offer.

Django's admin applies any field lookup in a change list's query string (``?email__regex=(``,
``?created_at__year=99999999999``, a NUL byte) straight to the database: a bad regular
expression, an out-of-range date or a NUL the database refuses is a 500, or on SQLite an
OperationalError that looks like an outage (a false 503). ``StrictLookupsMixin`` lets through
the admin's own parameters (search, ordering, page, popups), the parameters of the list's
filters (``list_filter``) with the lookups those filters use, and the date hierarchy's
year/month/day when they make a date; anything else is a 400 that names the parameter.

The therapist's admin site (massage_site/admin.py) mixes it into every ModelAdmin registered
on it, so a new ModelAdmin needs nothing; a ModelAdmin on another site can inherit it.
"""

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IS_FACETS_VAR, IS_POPUP_VAR, SOURCE_MODEL_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import ALL_VAR, ERROR_FLAG, ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.core.exceptions import BadRequest
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseBase

ADMIN_PARAMETERS = {
    ALL_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    IS_POPUP_VAR,
    SOURCE_MODEL_VAR,
    TO_FIELD_VAR,
    "_changelist_filters",
}
# The lookups Django's own field filters put in their links (choices, booleans, relations,
# date ranges, "empty"): comparisons the database can't choke on.
FILTER_LOOKUPS = {"exact", "isnull", "in", "gte", "lt", "isempty"}
# Django builds a date from these and a year later (so the year must stop at 9998).
DATE_PARTS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


class StrictLookupsMixin:
    def changelist_view(self, request, extra_context=None) -> HttpResponseBase:
        self.refuse_unknown_lookups(request)
        return super().changelist_view(request, extra_context)

    def refuse_unknown_lookups(self, request) -> None:
        filters = self.filter_parameter_names(request)
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("A filter in the address holds a NUL character.")
            if key in ADMIN_PARAMETERS or key in filters["exact"]:
                continue
            field, _, lookup = key.rpartition(LOOKUP_SEP)
            if self.date_hierarchy and field == self.date_hierarchy and lookup in DATE_PARTS:
                low, high = DATE_PARTS[lookup]
                if all(value.isdigit() and low <= int(value) <= high for value in values):
                    continue
                raise BadRequest(f"{key}={values[-1]!r} is not a {lookup} this list can show.")
            if lookup in FILTER_LOOKUPS and any(key.startswith(f"{name}{LOOKUP_SEP}") for name in filters["fields"]):
                continue
            raise BadRequest(f"This list can't be filtered by {key!r}.")

    def filter_parameter_names(self, request) -> dict[str, set[str]]:
        """The list filters' own query parameters: custom filters' names, and field paths."""
        exact, fields = set(), set()
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                exact.add(item.parameter_name)
            else:
                fields.add(item[0] if isinstance(item, list | tuple) else item)
        return {"exact": exact, "fields": fields}
