"""The therapist's desk: enquiries, treatments and email deliveries in Django admin."""

import phonenumbers
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from bookings import exports, retention, workflow
from bookings.admin_forms import BookVisitForm, EnquiryAdminForm
from bookings.availability import when_suits
from bookings.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Appointment,
    DeliveryStatus,
    EmailDelivery,
    Enquiry,
    EnquiryEvent,
    Status,
    Treatment,
)
from bookings.phones import phone_display

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
# What the client sent: shown read-only on the enquiry page.
SUBMISSION = [
    "reference",
    "received",
    "name",
    "contact_method",
    "phone_link",
    "email_link",
    "treatment",
    "postcode",
    "district",
    "when_suits",
    "visit_notes",
    "message",
    "consented_at",
    "article",
    "is_suspected_spam",
]


class AreaFilter(admin.SimpleListFilter):
    title = "area"
    parameter_name = "area"

    def lookups(self, request, model_admin):
        return [("inside", "Inside the area"), ("outside", "Outside the area")]

    def queryset(self, request, queryset):
        if self.value() in ("inside", "outside"):
            return queryset.filter(outside_area=self.value() == "outside")
        return queryset


class DeliveryFilter(admin.SimpleListFilter):
    title = "email delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("failed", "Failed"), ("pending", "Waiting to send"), ("sent", "All sent")]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(has_failed=True)
        if self.value() == "pending":
            return queryset.filter(has_pending=True)
        if self.value() == "sent":
            return queryset.filter(has_sent=True, has_failed=False, has_pending=False)
        return queryset


class FollowUpFilter(admin.SimpleListFilter):
    title = "follow-up"
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [("due", "Due today or overdue"), ("later", "Later")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_ones = queryset.exclude(status__in=CLOSED_STATUSES)
        if self.value() == "due":
            return open_ones.filter(follow_up_on__lte=today)
        if self.value() == "later":
            return open_ones.filter(follow_up_on__gt=today)
        return queryset


class ReadOnlyMixin:
    """For records the site writes (emails, visits, history): viewed here, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    template = "admin/edit_inline/readonly_tabular.html"
    extra = 0
    can_delete = False
    show_change_link = False


class AppointmentInline(ReadOnlyInline):
    model = Appointment
    fields = ["starts_at", "duration_minutes", "address", "created_by"]
    readonly_fields = fields
    verbose_name_plural = "visits (book one with “Book a visit” at the top)"


class EmailDeliveryInline(ReadOnlyInline):
    model = EmailDelivery
    fields = ["kind", "to", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    verbose_name_plural = "emails"


class EnquiryEventInline(ReadOnlyInline):
    model = EnquiryEvent
    fields = ["at", "user", "action", "from_status", "to_status"]
    readonly_fields = fields
    verbose_name_plural = "history"


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    form = EnquiryAdminForm
    list_display = [
        "received",
        "reference",
        "name",
        "status_badge",
        "contact",
        "district",
        "treatment",
        "when_suits",
        "email_state",
    ]
    list_display_links = ["reference", "name"]
    list_filter = [
        "status",
        "treatment",
        "contact_method",
        AreaFilter,
        ("created_at", admin.DateFieldListFilter),
        DeliveryFilter,
        FollowUpFilter,
    ]
    search_fields = ["name", "email", "phone", "postcode", "reference"]
    search_help_text = "Name, email, phone number (any format), postcode or reference."
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    list_per_page = 50
    inlines = [AppointmentInline, EmailDeliveryInline, EnquiryEventInline]
    fieldsets = [
        ("Your next step", {"fields": ["status", "follow_up_on", "notes"]}),
        (
            "What the client sent",
            {"fields": SUBMISSION},
        ),
        ("Record", {"fields": ["closed_at", "anonymised_at"], "classes": ["collapse"]}),
    ]
    readonly_fields = [*SUBMISSION, "closed_at", "anonymised_at"]
    actions = [
        "mark_contacted",
        "mark_declined",
        "mark_spam",
        "resend_notifications",
        "export_csv",
        "export_client_data",
        "erase_client_data",
    ]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Enquiries", **(extra_context or {})})

    def get_queryset(self, request):
        deliveries = EmailDelivery.objects.filter(enquiry=OuterRef("pk"))
        # "Failed" leaves out an erased client's cancelled emails (EmailDeliveryQuerySet.failed).
        return (
            super()
            .get_queryset(request)
            .select_related("treatment")
            .annotate(
                has_failed=Exists(EmailDelivery.objects.failed().filter(enquiry=OuterRef("pk"))),
                has_pending=Exists(deliveries.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING])),
                has_sent=Exists(deliveries.filter(status=DeliveryStatus.SENT)),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        extra = Q()
        # Phones are stored as +447700900123: "07700 900123" finds them too.
        try:
            number = phonenumbers.parse(search_term, "GB")
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_possible_number(number):
            extra |= Q(phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
        # Postcodes are stored as "YO24 1AB": "yo241ab" finds them too.
        compact = "".join(search_term.split()).upper()
        if 5 <= len(compact) <= 7:
            extra |= Q(postcode=f"{compact[:-3]} {compact[-3:]}")
        if extra:
            results = queryset.filter(Q(pk__in=results.values("pk")) | extra)
        return results, may_have_duplicates

    # The client's submission is read-only; enquiries arrive through the site's form.
    def has_add_permission(self, request):
        return False

    # Erasing (anonymising, recorded) replaces deleting; the purge deletes after the retention period.
    def has_delete_permission(self, request, obj=None):
        return False

    # Columns and read-only fields

    @admin.display(description="received", ordering="created_at")
    def received(self, enquiry):
        return timezone.localtime(enquiry.created_at).strftime("%a %-d %b %Y %H:%M")

    @admin.display(description="contact")
    def contact(self, enquiry):
        if enquiry.contact_method == "phone" and enquiry.phone:
            return self.phone_link(enquiry)
        return self.email_link(enquiry)

    @admin.display(description="phone")
    def phone_link(self, enquiry):
        if not enquiry.phone:
            return "–"
        return format_html('<a href="tel:{}">{}</a>', enquiry.phone.as_e164, phone_display(enquiry.phone))

    @admin.display(description="email")
    def email_link(self, enquiry):
        if not enquiry.email:
            return "–"
        local_part, _, domain = enquiry.email.rpartition("@")
        # A line may break after the @ on a narrow screen, nowhere else.
        return format_html('<a href="mailto:{}">{}@<wbr>{}</a>', enquiry.email, local_part, domain)

    @admin.display(description="district", ordering="postcode_district")
    def district(self, enquiry):
        if enquiry.outside_area:
            return format_html('{} <span class="outside-area">outside area</span>', enquiry.postcode_district)
        return enquiry.postcode_district

    @admin.display(description="when suits")
    def when_suits(self, enquiry):
        return when_suits(enquiry) or "–"

    @admin.display(description="status", ordering="status")
    def status_badge(self, enquiry):
        return format_html('<span class="status status-{}">{}</span>', enquiry.status, enquiry.get_status_display())

    @admin.display(description="emails")
    def email_state(self, enquiry):
        if getattr(enquiry, "has_failed", False):
            return format_html('<span class="email-failed">{}</span>', "Failed")
        if getattr(enquiry, "has_pending", False):
            return "Waiting"
        if getattr(enquiry, "has_sent", False):
            return "Sent"
        return "–"

    # Saving the change page: a status change goes through the workflow, so it is recorded.

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            workflow.change_status(obj, new_status, request.user)
        else:
            super().save_model(request, obj, form, change)

    # Actions, on the list and on the change page

    def _move(self, request, queryset, to_status, allowed_from):
        moved = skipped = 0
        for enquiry in queryset:
            if enquiry.status in allowed_from and workflow.change_status(enquiry, to_status, request.user):
                moved += 1
            else:
                skipped += 1
        label = Status(to_status).label.lower()
        self.message_user(request, f"Marked {moved} as {label}.", messages.SUCCESS if moved else messages.WARNING)
        if skipped:
            self.message_user(
                request, f"{skipped} left as they were (already {label}, or past that step).", messages.WARNING
            )

    @admin.action(
        description="Mark contacted",
        description_plural="Mark selected as contacted",
        permissions=["change"],
        location=BOTH,
    )
    def mark_contacted(self, request, queryset):
        self._move(request, queryset, Status.CONTACTED, [Status.NEW])

    @admin.action(
        description="Mark declined",
        description_plural="Mark selected as declined",
        permissions=["change"],
        location=BOTH,
    )
    def mark_declined(self, request, queryset):
        self._move(request, queryset, Status.DECLINED, OPEN_STATUSES)

    @admin.action(
        description="Mark spam", description_plural="Mark selected as spam", permissions=["change"], location=BOTH
    )
    def mark_spam(self, request, queryset):
        self._move(request, queryset, Status.SPAM, OPEN_STATUSES)

    @admin.action(
        description="Resend notifications",
        description_plural="Resend notifications for selected",
        permissions=["change"],
        location=BOTH,
    )
    def resend_notifications(self, request, queryset):
        count = 0
        for enquiry in queryset:
            workflow.resend_notifications(enquiry, request.user)
            count += 1
        self.message_user(request, f"Notifications queued again for {count} enquiries.", messages.SUCCESS)

    @admin.action(
        description="Export as CSV", description_plural="Export selected as CSV", permissions=["view"], location=BOTH
    )
    def export_csv(self, request, queryset):
        enquiries = list(queryset)
        for enquiry in enquiries:
            workflow.record(enquiry, request.user, "Exported to CSV")
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        return exports.enquiries_csv(
            Enquiry.objects.filter(pk__in=[e.pk for e in enquiries]), f"enquiries-{stamp}.csv"
        )

    @admin.action(
        description="Export everything held about this client (subject access)",
        description_plural="Export everything held about the selected clients (subject access)",
        permissions=["view"],
        location=BOTH,
    )
    def export_client_data(self, request, queryset):
        first = queryset.first()
        response, found = exports.subject_access_json(list(queryset), f"client-data-{first.reference}.json")
        for enquiry in found:
            workflow.record(enquiry, request.user, "Subject access export")
        return response

    @admin.action(
        description="Erase this client’s data",
        description_plural="Erase the selected clients’ data",
        permissions=["change"],
        location=BOTH,
    )
    def erase_client_data(self, request, queryset):
        found = list(exports.same_client(list(queryset)).filter(anonymised_at__isnull=True))
        if request.POST.get("confirm_erase") == "yes":
            erased = retention.erase_client(found, request.user)
            self.message_user(request, f"Erased the client’s data from {erased} enquiries.", messages.SUCCESS)
            return None
        action_field = "CHANGE_FORM-action" if "CHANGE_FORM-action" in request.POST else "action"
        return TemplateResponse(
            request,
            "admin/bookings/enquiry/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Erase the client’s data?",
                "opts": self.opts,
                "enquiries": found,
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "action_field": action_field,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    # Booking a visit

    def get_urls(self):
        book = self.admin_site.admin_view(self.book_visit_view)
        return [path("<path:object_id>/book/", book, name="bookings_enquiry_book"), *super().get_urls()]

    def book_visit_view(self, request, object_id):
        # get_object answers None for a malformed id ("abc") as well as a missing one.
        enquiry = self.get_object(request, unquote(object_id))
        if enquiry is None:
            raise Http404("No such enquiry.")
        if not (self.has_change_permission(request, enquiry) and request.user.has_perm("bookings.add_appointment")):
            raise PermissionDenied
        if request.method == "POST":
            form = BookVisitForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                workflow.book_visit(
                    enquiry,
                    request.user,
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    address=data["address"],
                )
                message = "Visit booked."
                if enquiry.email:
                    message += f" A confirmation with a calendar invitation is on its way to {enquiry.email}."
                else:
                    message += " The client gave no email address: let them know by phone."
                self.message_user(request, message, messages.SUCCESS)
                return redirect(reverse("admin:bookings_enquiry_change", args=[enquiry.pk]))
        else:
            form = BookVisitForm(initial={"address": enquiry.postcode})
        return TemplateResponse(
            request,
            "admin/bookings/enquiry/book_visit.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Book a visit for {enquiry.name}",
                "subtitle": Truncator(enquiry.reference).chars(20),
                "opts": self.opts,
                "original": enquiry,
                "when_suits": when_suits(enquiry),
                "form": form,
            },
        )


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


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "enquiry", "kind", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["enquiry__reference", "to"]
    date_hierarchy = "created_at"
    list_select_related = ["enquiry"]
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
    ]


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(starts_at__gte=timezone.now())
        if self.value() == "past":
            return queryset.filter(starts_at__lt=timezone.now())
        return queryset


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The visits booked, to see what's next. Booking happens from the enquiry."""

    list_display = ["visit_time", "enquiry", "duration_minutes", "address"]
    list_filter = [WhenFilter]
    search_fields = ["enquiry__reference", "enquiry__name", "address"]
    date_hierarchy = "starts_at"
    list_select_related = ["enquiry"]
    readonly_fields = ["enquiry", "starts_at", "duration_minutes", "address", "created_at", "created_by"]

    def get_ordering(self, request):
        # Upcoming visits soonest first; otherwise the latest first.
        return ["starts_at"] if request.GET.get("when") == "upcoming" else ["-starts_at"]

    @admin.display(description="visit", ordering="starts_at")
    def visit_time(self, appointment):
        return timezone.localtime(appointment.starts_at).strftime("%a %-d %b %Y %H:%M")
