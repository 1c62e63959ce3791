"""A paginator for long lists: it counts at most COUNT_LIMIT rows, so a page costs the same
with 100 enquiries or 100,000 (Django's counts every row matching the filters, on every page)."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_LIMIT = 1000


class LimitedCountPaginator(Paginator):
    """Pages through the first COUNT_LIMIT + 1 rows; past that the list says "more than 1000"
    and the therapist narrows it with a filter or a search."""

    @cached_property
    def count(self) -> int:
        # A LIMITed subquery of ids alone (no ordering, none of the list's annotations): the
        # database stops counting at COUNT_LIMIT + 1.
        return self.object_list.order_by().values("pk")[: COUNT_LIMIT + 1].count()

    @property
    def count_is_limited(self) -> bool:
        return self.count > COUNT_LIMIT

    @property
    def count_limit(self) -> int:
        return COUNT_LIMIT
