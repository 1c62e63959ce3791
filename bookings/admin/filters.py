"""Filters for the enquiry and visit lists."""

from django.contrib import admin
from django.db.models import QuerySet
from django.utils import timezone

from bookings.models import Appointment, DeliveryStatus, EmailDelivery, Enquiry, Status


class AreaFilter(admin.SimpleListFilter):
    title = "area"
    parameter_name = "area"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("inside", "Inside the area"), ("outside", "Outside the area")]

    def queryset(self, request, queryset) -> QuerySet[Enquiry]:
        if self.value() in ("inside", "outside"):
            return queryset.filter(outside_area=self.value() == "outside")
        return queryset


class DeliveryFilter(admin.SimpleListFilter):
    title = "email delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("failed", "Failed"), ("pending", "Waiting to send"), ("sent", "All sent")]

    def queryset(self, request, queryset) -> QuerySet[Enquiry]:
        failed = EmailDelivery.objects.failed().values("enquiry_id")
        pending = EmailDelivery.objects.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING])
        if self.value() == "failed":
            return queryset.filter(pk__in=failed)
        if self.value() == "pending":
            return queryset.filter(pk__in=pending.values("enquiry_id"))
        if self.value() == "sent":
            sent = EmailDelivery.objects.filter(status=DeliveryStatus.SENT).values("enquiry_id")
            return queryset.filter(pk__in=sent).exclude(pk__in=failed).exclude(pk__in=pending.values("enquiry_id"))
        return queryset


class FollowUpFilter(admin.SimpleListFilter):
    title = "follow-up"
    parameter_name = "follow_up"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("due", "Due today or overdue"), ("later", "Later")]

    def queryset(self, request, queryset) -> QuerySet[Enquiry]:
        today = timezone.localdate()
        open_ones = queryset.still_open()
        if self.value() == "due":
            return open_ones.filter(follow_up_on__lte=today)
        if self.value() == "later":
            return open_ones.filter(follow_up_on__gt=today)
        return queryset


class SuspectedSpamFilter(admin.SimpleListFilter):
    title = "suspected spam"
    parameter_name = "suspected"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("review", "To review"), ("yes", "All suspected"), ("no", "Not suspected")]

    def queryset(self, request, queryset) -> QuerySet[Enquiry]:
        if self.value() == "review":
            return queryset.filter(is_suspected_spam=True, status=Status.SPAM)
        if self.value() in ("yes", "no"):
            return queryset.filter(is_suspected_spam=self.value() == "yes")
        return queryset


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("upcoming", "Upcoming"), ("past", "Past"), ("cancelled", "Cancelled")]

    def queryset(self, request, queryset) -> QuerySet[Appointment]:
        if self.value() == "upcoming":
            return queryset.filter(starts_at__gte=timezone.now(), cancelled_at__isnull=True)
        if self.value() == "past":
            return queryset.filter(starts_at__lt=timezone.now())
        if self.value() == "cancelled":
            return queryset.filter(cancelled_at__isnull=False)
        return queryset


class TreatmentFilter(admin.RelatedFieldListFilter):
    """By treatment, with "Not sure" for an enquiry that named none."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Not sure"
