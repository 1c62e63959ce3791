"""Visits: the list of what's booked, changing or cancelling one, and the private calendar feed."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from bookings import feeds, workflow
from bookings.admin.filters import WhenFilter
from bookings.admin.pagination import LimitedCountPaginator
from bookings.admin_forms import CancelVisitForm, VisitChangeForm
from bookings.dates import desk_datetime
from bookings.models import Appointment


class VisitChangeList(ChangeList):
    """The list reads only the columns it shows: a whole enquiry per row, its phone number
    parsed, would be built for nothing on every page."""

    COLUMNS = [
        "starts_at",
        "duration_minutes",
        "price",
        "cancelled_at",
        "cancel_reason",
        "treatment_option__treatment__name",
        "enquiry__name",
        "enquiry__reference",  # the visit's str(), which an action's checkbox would label itself with
        "enquiry__postcode",
        "enquiry__postcode_district",
    ]

    def get_queryset(self, request, exclude_parameters=None) -> QuerySet[Appointment]:
        return super().get_queryset(request, exclude_parameters).only(*self.COLUMNS)


@admin.register(Appointment)
class VisitAdmin(admin.ModelAdmin):
    """The visits booked. Booking happens from the enquiry; a change or a cancellation is sent
    to the client (when they gave an email) as an updated calendar invitation."""

    form = VisitChangeForm
    list_display = ["visit_time", "client", "place", "details", "state"]
    list_display_links = ["visit_time"]
    list_filter = [WhenFilter]
    search_fields = ["enquiry__reference", "enquiry__name", "address"]
    list_select_related = ["enquiry", "treatment_option__treatment"]
    paginator = LimitedCountPaginator
    show_full_result_count = False
    fields = ["date", "time", "treatment_option", "duration_minutes", "price", "address"]

    def get_changelist(self, request, **kwargs) -> type[ChangeList]:
        return VisitChangeList

    def get_ordering(self, request) -> list[str]:
        # Upcoming visits soonest first; otherwise the latest first.
        return ["starts_at"] if request.GET.get("when") == "upcoming" else ["-starts_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.cancelled_at:
            return False
        return super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.cancelled_at:
            return ["enquiry", "visit_time", "details", "address", "state"]
        return self.fields

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.cancelled_at:
            return self.get_fields(request, obj)
        return []

    def change_view(self, request, object_id, form_url="", extra_context=None) -> HttpResponseBase:
        visit = self.get_object(request, unquote(object_id))
        title = f"Visit: {visit.enquiry.name}, {desk_datetime(visit.starts_at)}" if visit else "Visit"
        return super().change_view(
            request, object_id, form_url, {"title": title, "visit": visit, **(extra_context or {})}
        )

    def save_model(self, request, obj, form, change) -> None:
        original = Appointment.objects.select_related("enquiry").get(pk=obj.pk)
        request.visit_changed = workflow.change_visit(original, request.user, **form.visit_changes())

    def save_related(self, request, form, formsets, change) -> None:
        pass

    def log_change(self, request, obj, message) -> None:
        pass  # the enquiry's history records it (workflow.change_visit)

    def response_change(self, request, obj) -> HttpResponseRedirect:
        if not getattr(request, "visit_changed", False):
            self.message_user(request, "Nothing changed.", messages.INFO)
        elif obj.enquiry.email:
            self.message_user(
                request,
                f"Visit changed. The updated invitation is on its way to {obj.enquiry.email}.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "Visit changed. The client gave no email: tell them by phone.", messages.SUCCESS
            )
        return redirect(obj.enquiry.get_admin_url())

    @admin.display(description="when", ordering="starts_at")
    def visit_time(self, visit) -> str:
        return desk_datetime(visit.starts_at)

    @admin.display(description="client", ordering="enquiry__name")
    def client(self, visit) -> SafeString:
        return format_html('<a href="{}">{}</a>', visit.enquiry.get_admin_url(), visit.enquiry.name)

    @admin.display(description="where")
    def place(self, visit) -> str:
        return visit.enquiry.postcode or visit.enquiry.postcode_district

    @admin.display(description="visit")
    def details(self, visit) -> str:
        parts = [f"{visit.duration_minutes} min"]
        if visit.treatment_option:
            parts.append(visit.treatment_option.treatment.name)
        if visit.price is not None:
            parts.append(f"£{visit.price}")
        return ", ".join(parts)

    def changelist_view(self, request, extra_context=None) -> HttpResponseBase:
        return super().changelist_view(request, {"title": "Visits", **(extra_context or {})})

    @admin.display(description="state")
    def state(self, visit) -> str:
        if visit.cancelled_at:
            return format_html(
                '<span class="visit-state">Cancelled: {}</span>', visit.cancel_reason or "no reason given"
            )
        return "Booked"

    # Cancelling, and the calendar feed

    def get_urls(self) -> list[URLPattern]:
        return [
            path("calendar/", self.admin_site.admin_view(self.calendar_view), name="bookings_appointment_calendar"),
            path(
                "<path:object_id>/cancel/",
                self.admin_site.admin_view(self.cancel_view),
                name="bookings_appointment_cancel",
            ),
            *super().get_urls(),
        ]

    def cancel_view(self, request, object_id) -> HttpResponseRedirect | TemplateResponse:
        visit = self.get_object(request, unquote(object_id))
        if visit is None:
            raise Http404("No such visit.")
        if not self.has_change_permission(request, visit):
            if visit.cancelled_at:
                self.message_user(request, "That visit is already cancelled.", messages.WARNING)
                return redirect(visit.enquiry.get_admin_url())
            raise PermissionDenied
        form = CancelVisitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            workflow.cancel_visit(visit, request.user, form.cleaned_data["reason"])
            told = (
                f" The cancellation is on its way to {visit.enquiry.email}."
                if visit.enquiry.email
                else " The client gave no email: tell them by phone."
            )
            self.message_user(request, "Visit cancelled." + told, messages.SUCCESS)
            return redirect(visit.enquiry.get_admin_url())
        return TemplateResponse(
            request,
            "admin/bookings/appointment/cancel.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Cancel the visit on {desk_datetime(visit.starts_at)}?",
                "opts": self.opts,
                "visit": visit,
                "form": form,
            },
        )

    def calendar_view(self, request) -> HttpResponseRedirect | TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            feeds.replace_token(request.user)
            self.message_user(
                request,
                "New calendar link made. The old one stopped working: add the new one to your phone.",
                messages.SUCCESS,
            )
            return redirect(reverse("admin:bookings_appointment_calendar"))
        feed = feeds.feed_for(request.user)
        https_url = feeds.feed_url(feed)
        return TemplateResponse(
            request,
            "admin/bookings/appointment/calendar.html",
            {
                **self.admin_site.each_context(request),
                "title": "Your visits in your phone's calendar",
                "opts": self.opts,
                "https_url": https_url,
                "webcal_url": "webcal://" + https_url.split("://", 1)[1],
            },
        )
