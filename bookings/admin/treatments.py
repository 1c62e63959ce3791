from django.contrib import admin

from bookings.models import Treatment


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["name", "summary", "durations", "prices", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "summary", "description", "durations", "prices", "position", "is_active"]

    # Untick "active" to hide a treatment: enquiries keep pointing at it.
    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
