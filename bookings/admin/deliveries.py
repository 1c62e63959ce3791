from django.contrib import admin

from bookings.admin.readonly import ReadOnlyMixin
from bookings.dates import desk_datetime
from bookings.models import EmailDelivery


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created", "enquiry", "kind", "to", "status", "attempts", "sent"]
    list_filter = ["status", "kind"]
    search_fields = ["enquiry__reference", "to"]
    list_select_related = ["enquiry"]
    show_full_result_count = False
    readonly_fields = [
        "enquiry",
        "appointment",
        "kind",
        "to",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "created_at",
        "visit_starts_at",
    ]

    @admin.display(description="created", ordering="created_at")
    def created(self, delivery) -> str:
        return desk_datetime(delivery.created_at)

    @admin.display(description="sent", ordering="sent_at")
    def sent(self, delivery) -> str:
        return desk_datetime(delivery.sent_at) or "–"
