"""Enquiries: the list (cards on a phone), the page (client first), phone-in enquiries."""

import re
from urllib.parse import quote, urlencode

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpResponse, HttpResponseBase, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from bookings import exports, retention, workflow
from bookings.admin.filters import AreaFilter, DeliveryFilter, FollowUpFilter, SuspectedSpamFilter, TreatmentFilter
from bookings.admin.pagination import LimitedCountPaginator
from bookings.admin.readonly import ReadOnlyInline
from bookings.admin_forms import BookVisitForm, EnquiryAdminForm, PhoneInEnquiryForm
from bookings.availability import when_suits
from bookings.dates import desk_datetime, file_stamp
from bookings.models import (
    REFERENCE_ALPHABET,
    ContactMethod,
    DeliveryStatus,
    EmailDelivery,
    Enquiry,
    EnquiryEvent,
)
from bookings.phones import phone_display, searched_phone
from bookings.postcodes import normalised_postcode

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
WHOLE_REFERENCE = re.compile(f"MY-[{REFERENCE_ALPHABET}]{{4}}")
# What the client sent: shown read-only on the enquiry page.
SUBMISSION = [
    "reference",
    "received",
    "came_in_by",
    "contact_method",
    "phone_link",
    "email_link",
    "treatment_text",
    "postcode",
    "district",
    "when_suits",
    "visit_notes",
    "message",
    "consented_at_text",
    "article",
    "spam_check",
]


def map_url(postcode: str) -> str:
    """The postcode on OpenStreetMap (a plain link: no map or script on our pages)."""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": postcode})


def reply_method_text(enquiry) -> str:
    if enquiry.contact_method in (ContactMethod.PHONE, ContactMethod.TEXT) and enquiry.phone:
        return f"{enquiry.get_contact_method_display()}: {phone_display(enquiry.phone)}"
    if enquiry.contact_method == ContactMethod.EMAIL and enquiry.email:
        return f"Email: {enquiry.email}"
    return enquiry.get_contact_method_display()


def contact_links(enquiry) -> list[dict]:
    """The big tap targets at the top of the enquiry page."""
    links = []
    if enquiry.phone:
        links.append({"label": "Call", "href": f"tel:{enquiry.phone.as_e164}", "kind": "call"})
        links.append({"label": "Text", "href": f"sms:{enquiry.phone.as_e164}", "kind": "text"})
    if enquiry.email:
        subject = quote(f"Your massage enquiry {enquiry.reference}")
        links.append({"label": "Email", "href": f"mailto:{enquiry.email}?subject={subject}", "kind": "email"})
    if enquiry.postcode:
        links.append({"label": "Map", "href": map_url(enquiry.postcode), "kind": "map"})
    return links


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

    def get_queryset(self, request) -> QuerySet[EnquiryEvent]:
        return super().get_queryset(request).select_related("user")


class EnquiryChangeList(ChangeList):
    """The list's "emails" column, read for the page's rows only: two queries on the page's
    ids after it is cut. Subqueries in the list's own query would be planned for every
    matching enquiry (PostgreSQL hashes every email ever sent to answer them for 50 rows).
    "Failed" leaves out an erased client's cancelled emails (EmailDeliveryQuerySet.failed)."""

    def get_results(self, request) -> None:
        super().get_results(request)
        failed = EmailDelivery.objects.failed().only("enquiry_id")
        others = EmailDelivery.objects.exclude(status=DeliveryStatus.FAILED).only("enquiry_id", "status")
        self.result_list = self.result_list.prefetch_related(
            Prefetch("deliveries", queryset=failed, to_attr="failed_emails"),
            Prefetch("deliveries", queryset=others, to_attr="other_emails"),
        )


def _step_action(step):
    def action(modeladmin, request, queryset) -> None:
        modeladmin.take_step(request, queryset, step.name)

    action.__name__ = step.name
    return admin.action(description=step.label, permissions=["change"], location=BOTH)(action)


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    form = EnquiryAdminForm
    list_display = [
        "name",
        "status_badge",
        "reply_by",
        "treatment_text",
        "place",
        "received",
        "reference",
        "email_state",
        "spam_flag",
    ]
    list_display_links = ["name"]
    list_filter = [
        "status",
        SuspectedSpamFilter,
        FollowUpFilter,
        "contact_method",
        "source",
        AreaFilter,
        DeliveryFilter,
        ("treatment", TreatmentFilter),
    ]
    search_fields = ["name", "email", "phone", "postcode", "reference"]
    search_help_text = "Name, email, phone number (any format), postcode or reference."
    ordering = ["-created_at"]
    list_per_page = 50
    # The list counts at most 1000 rows, once: no second count of the whole table.
    paginator = LimitedCountPaginator
    show_full_result_count = False
    inlines = [EmailDeliveryInline, EnquiryEventInline]
    readonly_fields = [*SUBMISSION, "closed_at", "anonymised_at"]
    actions = [
        *[_step_action(step) for step in workflow.STEPS.values()],
        "resend_notifications",
        "export_csv",
        "export_client_data",
        "erase_client_data",
    ]
    # On the enquiry page these sit in the data-protection section, not with the steps.
    DATA_PROTECTION_ACTIONS = ["export_client_data", "erase_client_data"]

    def get_fieldsets(self, request, obj=None) -> list[tuple[str | None, dict[str, list[str]]]]:
        if obj is None:
            return [(None, {"fields": PhoneInEnquiryForm.Meta.fields})]
        return [
            ("Follow-up and notes", {"fields": ["follow_up_on", "notes"]}),
            ("What the client sent", {"fields": SUBMISSION}),
            ("Record", {"fields": ["closed_at", "anonymised_at"], "classes": ["collapse"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs) -> type[ModelForm]:
        if obj is None:
            kwargs["form"] = PhoneInEnquiryForm
            kwargs["fields"] = PhoneInEnquiryForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj) -> list[type[InlineModelAdmin]]:
        return [] if obj is None else self.inlines

    def changelist_view(self, request, extra_context=None) -> HttpResponseBase:
        return super().changelist_view(request, {"title": "Enquiries", **(extra_context or {})})

    def add_view(self, request, form_url="", extra_context=None) -> HttpResponseBase:
        extra_context = {"title": "Add an enquiry from a call, text or email", **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None) -> HttpResponseBase:
        enquiry = self.get_object(request, unquote(object_id))
        extra = {}
        if enquiry is not None:
            extra = {
                "contact_links": contact_links(enquiry),
                "reply_method": reply_method_text(enquiry),
                "steps": workflow.allowed_steps(enquiry),
                "can_book": workflow.can_book(enquiry),
                "visits": enquiry.appointments.select_related("treatment_option__treatment").order_by("starts_at"),
                "title": enquiry.name,
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_queryset(self, request) -> QuerySet[Enquiry]:
        return super().get_queryset(request).select_related("treatment")

    def get_changelist(self, request, **kwargs) -> type[ChangeList]:
        return EnquiryChangeList

    def get_search_results(self, request, queryset, search_term) -> tuple[QuerySet[Enquiry], bool]:
        """A whole phone number in any format, a full postcode in any case and spacing, or a
        whole reference is looked up in its index; anything else (a name, an email, part of a
        number) is Django's substring search over every row."""
        term = search_term.strip()
        if phone := searched_phone(term):
            return queryset.filter(phone=phone), False
        if postcode := normalised_postcode(term):
            return queryset.filter(postcode=postcode), False
        if WHOLE_REFERENCE.fullmatch(term.upper()):
            return queryset.filter(reference=term.upper()), False
        return super().get_search_results(request, queryset, search_term)

    # Erasing (anonymising, recorded) replaces deleting; the purge deletes after the retention period.
    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            workflow.add_enquiry_by_hand(obj, request.user)

    def response_add(self, request, obj, post_url_continue=None) -> HttpResponseRedirect:
        self.message_user(
            request, f"Added {obj.name}'s enquiry ({obj.reference}). No email was sent.", messages.SUCCESS
        )
        return redirect(reverse("admin:bookings_enquiry_change", args=[obj.pk]))

    def response_change(self, request, obj) -> HttpResponseRedirect:
        self.message_user(request, "Follow-up and notes saved.", messages.SUCCESS)
        return redirect(reverse("admin:bookings_enquiry_change", args=[obj.pk]))

    # Columns and read-only fields

    def action_checkbox(self, enquiry) -> SafeString:
        # Django's markup, written out: its version renders a form widget through the template
        # engine for every row, half of what a row of this list costs.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            enquiry.pk,
            f"Select this object for an action - {enquiry}",
        )

    @admin.display(description="received", ordering="created_at")
    def received(self, enquiry) -> str:
        return desk_datetime(enquiry.created_at)

    @admin.display(description="reply by")
    def reply_by(self, enquiry) -> str:
        """The reply method the client asked for, with its number or address whole."""
        method = enquiry.get_contact_method_display()
        if enquiry.contact_method in (ContactMethod.PHONE, ContactMethod.TEXT) and enquiry.phone:
            scheme = "sms" if enquiry.contact_method == ContactMethod.TEXT else "tel"
            return format_html(
                '{}: <a href="{}:{}">{}</a>', method, scheme, enquiry.phone.as_e164, phone_display(enquiry.phone)
            )
        if enquiry.email:
            return format_html("{}: {}", method, self.email_link(enquiry))
        return method

    @admin.display(description="phone")
    def phone_link(self, enquiry) -> str:
        if not enquiry.phone:
            return "–"
        return format_html('<a href="tel:{}">{}</a>', enquiry.phone.as_e164, phone_display(enquiry.phone))

    @admin.display(description="email")
    def email_link(self, enquiry) -> str:
        if not enquiry.email:
            return "–"
        local_part, _, domain = enquiry.email.rpartition("@")
        # A line may break after the @ on a narrow screen, nowhere else.
        return format_html('<a href="mailto:{}">{}@<wbr>{}</a>', enquiry.email, local_part, domain)

    @admin.display(description="treatment", ordering="treatment__name")
    def treatment_text(self, enquiry) -> str:
        return enquiry.treatment.name if enquiry.treatment else "Not sure"

    @admin.display(description="where", ordering="postcode_district")
    def place(self, enquiry) -> str:
        where = enquiry.postcode or enquiry.postcode_district
        if enquiry.outside_area:
            return format_html('{} <span class="outside-area">outside area</span>', where)
        return where

    @admin.display(description="district", ordering="postcode_district")
    def district(self, enquiry) -> str:
        if enquiry.outside_area:
            return format_html('{} <span class="outside-area">outside area</span>', enquiry.postcode_district)
        return enquiry.postcode_district

    @admin.display(description="when suits them")
    def when_suits(self, enquiry) -> str:
        return when_suits(enquiry) or "–"

    @admin.display(description="came in by")
    def came_in_by(self, enquiry) -> str:
        return enquiry.get_source_display()

    @admin.display(description="spam check")
    def spam_check(self, enquiry) -> str:
        if enquiry.is_suspected_spam:
            return "Suspected spam: the form looked automated, so no emails were sent."
        return "Passed"

    @admin.display(description="consent given")
    def consented_at_text(self, enquiry) -> str:
        return desk_datetime(enquiry.consented_at) or "–"

    @admin.display(description="status", ordering="status")
    def status_badge(self, enquiry) -> SafeString:
        return format_html('<span class="status status-{}">{}</span>', enquiry.status, enquiry.get_status_display())

    @admin.display(description="emails")
    def email_state(self, enquiry) -> str:
        if enquiry.failed_emails:
            return format_html('<span class="email-failed">{}</span>', "Email failed")
        statuses = {delivery.status for delivery in enquiry.other_emails}
        if statuses & {DeliveryStatus.QUEUED, DeliveryStatus.SENDING}:
            return "Emails waiting"
        if DeliveryStatus.SENT in statuses:
            return "Emails sent"
        return "None"

    @admin.display(description="spam?", ordering="is_suspected_spam")
    def spam_flag(self, enquiry) -> str:
        if enquiry.is_suspected_spam:
            return format_html('<span class="suspected-spam">{}</span>', "Suspected spam")
        return "No"

    # Actions, on the list and on the change page. Which step is allowed from which state is
    # workflow.STEPS's business; an enquiry not in a state for the step is left as it was.

    def take_step(self, request, queryset, step_name) -> None:
        step = workflow.STEPS[step_name]
        moved, skipped = [], 0
        for enquiry in queryset:
            if workflow.take_step(enquiry, step_name, request.user):
                moved.append(enquiry)
            else:
                skipped += 1
        if len(moved) == 1:
            self.message_user(request, f"{moved[0].name}: {step.done}.", messages.SUCCESS)
        elif moved:
            self.message_user(request, f"{len(moved)} enquiries {step.done}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} left as they were (not a step from their status).", messages.WARNING
            )

    @admin.action(
        description="Resend notifications",
        description_plural="Resend notifications for selected",
        permissions=["change"],
        location=BOTH,
    )
    def resend_notifications(self, request, queryset) -> None:
        count = 0
        for enquiry in queryset:
            workflow.resend_notifications(enquiry, request.user)
            count += 1
        self.message_user(request, f"Notifications queued again for {count} enquiries.", messages.SUCCESS)

    @admin.action(
        description="Export as CSV", description_plural="Export selected as CSV", permissions=["view"], location=BOTH
    )
    def export_csv(self, request, queryset) -> StreamingHttpResponse:
        workflow.record_each(queryset, request.user, "Exported to CSV")
        stamp = file_stamp()
        return exports.enquiries_csv(queryset, f"enquiries-{stamp}.csv")

    @admin.action(
        description="Export everything held about this client (subject access)",
        description_plural="Export everything held about the selected clients (subject access)",
        permissions=["view"],
        location=BOTH,
    )
    def export_client_data(self, request, queryset) -> HttpResponse:
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
    def erase_client_data(self, request, queryset) -> TemplateResponse | None:
        found = list(Enquiry.objects.of_same_clients(list(queryset)).filter(anonymised_at__isnull=True))
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

    def get_urls(self) -> list[URLPattern]:
        book = self.admin_site.admin_view(self.book_visit_view)
        return [path("<path:object_id>/book/", book, name="bookings_enquiry_book"), *super().get_urls()]

    def book_visit_view(self, request, object_id) -> HttpResponseRedirect | TemplateResponse:
        # get_object answers None for a malformed id ("abc") as well as a missing one.
        enquiry = self.get_object(request, unquote(object_id))
        if enquiry is None:
            raise Http404("No such enquiry.")
        if not (self.has_change_permission(request, enquiry) and request.user.has_perm("bookings.add_appointment")):
            raise PermissionDenied
        if not workflow.can_book(enquiry):
            self.message_user(
                request, f"A {enquiry.get_status_display().lower()} enquiry can't be booked.", messages.WARNING
            )
            return redirect(reverse("admin:bookings_enquiry_change", args=[enquiry.pk]))
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
                    treatment_option=data["treatment_option"],
                    price=data["price"],
                )
                message = "Visit booked."
                if enquiry.email:
                    message += f" A confirmation with a calendar invitation is on its way to {enquiry.email}."
                else:
                    message += " The client gave no email address: let them know by phone."
                self.message_user(request, message, messages.SUCCESS)
                return redirect(reverse("admin:bookings_enquiry_change", args=[enquiry.pk]))
        else:
            option = enquiry.treatment.options.first() if enquiry.treatment else None
            form = BookVisitForm(initial={"address": enquiry.postcode, "treatment_option": option})
        return TemplateResponse(
            request,
            "admin/bookings/enquiry/book_visit.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Book a visit for {enquiry.name}",
                "subtitle": Truncator(enquiry.reference).chars(20),
                "opts": self.opts,
                "original": enquiry,
                "when_suits": self.when_suits(enquiry),
                "form": form,
            },
        )
