"""Forms for the therapist's desk: the enquiry's editable part, and booking a visit."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone

from bookings.models import Enquiry, Status


class EnquiryAdminForm(forms.ModelForm):
    class Meta:
        model = Enquiry
        fields = ["status", "follow_up_on", "notes"]
        widgets = {"follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "status": (
                "New → contacted → booked → completed, or declined or spam. Every change is kept in the "
                "history below. A closed enquiry (completed, declined, spam) is deleted "
                f"{settings.RETENTION_MONTHS} months after it closes."
            )
        }

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Status.BOOKED and status != self.instance.status and not self.instance.appointments.exists():
            raise forms.ValidationError(
                "Use “Book a visit” at the top of the page: it sets the visit, marks the enquiry "
                "booked and sends the client a confirmation."
            )
        return status


class BookVisitForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(
        label="Start time", help_text="UK time.", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(label="Length (minutes)", min_value=15, max_value=240, initial=60)
    address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Where the visit takes place. The client sees it in the confirmation.",
    )

    def clean(self):
        cleaned = super().clean()
        date, time = cleaned.get("date"), cleaned.get("time")
        if date and time:
            london = zoneinfo.ZoneInfo(settings.TIME_ZONE)
            starts_at = datetime.datetime.combine(date, time, tzinfo=london)
            # A time in the hour the clocks skip in March doesn't exist; it would come back shifted.
            if starts_at.astimezone(datetime.UTC).astimezone(london).replace(tzinfo=None) != starts_at.replace(
                tzinfo=None
            ):
                raise forms.ValidationError(
                    "That time doesn't exist in the UK: the clocks go forward that night. Choose another time."
                )
            if starts_at < timezone.now():
                raise forms.ValidationError("That time has passed. Check the date and the start time.")
            cleaned["starts_at"] = starts_at
        return cleaned
