"""Forms for the therapist's desk: the enquiry's editable part, a phone-in enquiry, booking,
changing and cancelling a visit."""

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from phonenumber_field.formfields import PhoneNumberField

from bookings.models import Appointment, ContactMethod, Enquiry, Source, TreatmentOption
from bookings.postcodes import PostcodeField, district_of, is_served

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EnquiryAdminForm(forms.ModelForm):
    """The therapist's own part of an enquiry. Its status moves only by the steps (workflow)."""

    class Meta:
        model = Enquiry
        fields = ["follow_up_on", "notes"]
        widgets = {"follow_up_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 4})}


class PhoneInEnquiryForm(forms.ModelForm):
    """What a phone call (or a text, or an email) gives: entered by the therapist. No emails go out."""

    phone = PhoneNumberField(
        region="GB", required=False, label="Phone number", widget=forms.TextInput(attrs={"type": "tel"})
    )
    postcode = PostcodeField(label="Postcode", help_text="Where the visit would be, like YO24 1AB.")

    class Meta:
        model = Enquiry
        fields = ["name", "source", "phone", "email", "contact_method", "postcode", "treatment", "notes"]
        labels = {"contact_method": "Reply by", "treatment": "Treatment", "notes": "Notes"}
        help_texts = {"treatment": "Leave blank if they're not sure.", "notes": "What they said. Only you see these."}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [c for c in Source.choices if c[0] != Source.WEBSITE]
        self.fields["source"].initial = Source.PHONE
        self.fields["contact_method"].initial = ContactMethod.PHONE
        self.fields["email"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not cleaned.get("phone"):
            self.add_error("phone", "Enter their phone number, to call or text them back.")
        if method == ContactMethod.EMAIL and not cleaned.get("email"):
            self.add_error("email", "Enter their email address, to email them back.")
        return cleaned

    def save(self, commit=True) -> Enquiry:
        enquiry = super().save(commit=False)
        enquiry.postcode_district = district_of(enquiry.postcode)
        enquiry.outside_area = not is_served(enquiry.postcode_district)
        if commit:
            enquiry.save()
        return enquiry


def london_datetime(date, time) -> datetime.datetime:
    """The aware datetime for a UK wall-clock date and time, or a ValidationError when the
    clocks skip that time (the hour the clocks go forward in March)."""
    london = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    starts_at = datetime.datetime.combine(date, time, tzinfo=london)
    if starts_at.astimezone(datetime.UTC).astimezone(london).replace(tzinfo=None) != starts_at.replace(tzinfo=None):
        raise forms.ValidationError(
            "That time doesn't exist in the UK: the clocks go forward that night. Choose another time."
        )
    return starts_at


class TreatmentOptionField(forms.ModelChoiceField):
    def label_from_instance(self, option) -> str:
        return f"{option.treatment.name}, {option.duration_minutes} min, £{option.price}"


class VisitFieldsMixin:
    """Date and time, duration, address, treatment option and price, with their rules."""

    def add_visit_fields(self) -> None:
        self.fields["treatment_option"] = TreatmentOptionField(
            queryset=TreatmentOption.objects.select_related("treatment").order_by(
                "treatment__position", "treatment__name", "duration_minutes"
            ),
            required=False,
            empty_label="Not set",
            label="Treatment",
            help_text="Sets the length and the price, unless you enter your own below.",
        )
        self.fields["duration_minutes"] = forms.IntegerField(
            label="Length (minutes)",
            min_value=15,
            max_value=240,
            required=False,
            help_text="Blank: the treatment's length (60 if none).",
        )
        self.fields["price"] = forms.DecimalField(
            label="Price (£)",
            max_digits=6,
            decimal_places=2,
            min_value=0,
            required=False,
            help_text="Blank: the treatment's price.",
        )

    def clean_visit(self, cleaned, *, allow_past=False) -> dict[str, Any]:
        date, time = cleaned.get("date"), cleaned.get("time")
        if date and time:
            try:
                starts_at = london_datetime(date, time)
            except forms.ValidationError as error:
                self.add_error("time", error)
                return cleaned
            if starts_at < timezone.now() and not allow_past:
                self.add_error("date", "That time has passed. Check the date and the start time.")
            cleaned["starts_at"] = starts_at
        option = cleaned.get("treatment_option")
        if cleaned.get("duration_minutes") is None:
            cleaned["duration_minutes"] = option.duration_minutes if option else 60
        if cleaned.get("price") is None and option:
            cleaned["price"] = option.price
        return cleaned


class BookVisitForm(VisitFieldsMixin, forms.Form):
    date = forms.DateField(widget=DATE_WIDGET)
    time = forms.TimeField(label="Start time", help_text="UK time.", widget=TIME_WIDGET)
    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Where the visit takes place. The client sees it in the confirmation.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_visit_fields()
        self.order_fields(["date", "time", "treatment_option", "duration_minutes", "price", "address"])

    def clean(self) -> dict[str, Any]:
        return self.clean_visit(super().clean())


class VisitChangeForm(VisitFieldsMixin, forms.ModelForm):
    """Changing a booked visit: the client with an email gets the updated invitation."""

    date = forms.DateField(widget=DATE_WIDGET)
    time = forms.TimeField(label="Start time", help_text="UK time.", widget=TIME_WIDGET)

    class Meta:
        model = Appointment
        fields = ["address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_visit_fields()
        instance = self.instance
        if instance.pk:
            local = timezone.localtime(instance.starts_at)
            self.initial.update(
                date=local.date(),
                time=local.time().replace(second=0, microsecond=0),
                treatment_option=instance.treatment_option_id,
                duration_minutes=instance.duration_minutes,
                price=instance.price,
            )
        self.order_fields(["date", "time", "treatment_option", "duration_minutes", "price", "address"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # A visit may keep a time that has passed (correcting the price afterwards), not move to one.
        keeps_time = self.instance.pk and cleaned.get("date") and cleaned.get("time")
        if keeps_time:
            try:
                keeps_time = london_datetime(cleaned["date"], cleaned["time"]) == self.instance.starts_at
            except forms.ValidationError:
                keeps_time = False
        return self.clean_visit(cleaned, allow_past=bool(keeps_time))

    def visit_changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ["starts_at", "duration_minutes", "address", "treatment_option", "price"]}


class CancelVisitForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        label="Reason",
        help_text="The client sees this in the cancellation email.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
