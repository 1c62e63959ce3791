from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.utils import timezone

from bookings.models import Treatment, TreatmentOption
from massage_site.models import PracticeProfile


class WithoutHelpText(forms.ModelForm):
    """For table rows (an inline, an editable list): Django shows help text there only in the column
    header, yet still points each input's aria-describedby at a help element that isn't on the page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""


class TreatmentOptionInline(admin.TabularInline):
    model = TreatmentOption
    form = WithoutHelpText
    extra = 0
    min_num = 1
    verbose_name = "length and price"
    verbose_name_plural = "lengths and prices"


STARTING_PRICES_NOTE = (
    "The prices are starting figures, typical for a mobile massage in York, not yet yours: check each "
    "treatment's lengths and prices and save it. This note goes once you have saved a treatment."
)


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["name", "summary", "prices", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "summary", "description", "position", "is_active"]
    inlines = [TreatmentOptionInline]

    def get_changelist_form(self, request, **kwargs) -> type[forms.ModelForm]:
        return super().get_changelist_form(request, form=WithoutHelpText, **kwargs)

    def get_queryset(self, request) -> QuerySet[Treatment]:
        return super().get_queryset(request).prefetch_related("options")

    @admin.display(description="lengths and prices")
    def prices(self, obj) -> str:
        return (
            ", ".join(f"{option.duration_minutes} min {option.price_display}" for option in obj.options.all())
            or "None"
        )

    def _note_starting_prices(self, request) -> None:
        if request.method == "GET" and PracticeProfile.load().prices_confirmed_at is None:
            messages.warning(request, STARTING_PRICES_NOTE)

    def changelist_view(self, request, extra_context=None) -> HttpResponseBase:
        self._note_starting_prices(request)
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None) -> HttpResponseBase:
        self._note_starting_prices(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Saving a treatment's page is the therapist looking at its prices and keeping them.
        PracticeProfile.objects.filter(pk=PracticeProfile.load().pk).update(prices_confirmed_at=timezone.now())

    # Untick "active" to hide a treatment: enquiries keep pointing at it.
    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
