"""The public booking enquiry form. It owns validation, normalisation and the spam signals;
the view only decides what to do with the result."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from articles.models import Article
from bookings import spam
from bookings.models import ContactMethod, Enquiry, Status, TimeOfDay, Treatment, VisitWindow, new_reference
from bookings.months import add_months
from bookings.postcodes import PostcodeField, district_of, is_served

NOT_SURE = "not-sure"
WINDOWS = (1, 2, 3)
WINDOW_LABELS = {1: "First choice", 2: "Second choice", 3: "Third choice"}
MONTHS_AHEAD = 3
SLUG = re.compile(r"[-a-z0-9_]{1,100}")
# Unicode direction overrides can make a name read differently in an email or the admin.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible in a name (zero-width spaces and joiners, direction marks, word joiner, BOM) or
# breaking it over lines (line and paragraph separators): stripped, not refused, because a
# person can't see them to remove them.
INVISIBLE_IN_NAMES = re.compile("[\u200b-\u200f\u2060\ufeff]")


def refuse_control_characters(value, *, multiline=False):
    if not isinstance(value, str):  # a parsed phone number: only digits left
        return
    allowed = {"\n", "\r", "\t"} if multiline else set()
    for char in value:
        if char in allowed:
            continue
        if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
            raise ValidationError("Remove the hidden control characters (they may have been pasted in)")


class DateInput(forms.DateInput):
    input_type = "date"


class QuietHiddenField(forms.CharField):
    """A hidden value the site wrote itself. Hostile input makes it empty, not an error a
    person could not fix."""

    widget = forms.HiddenInput

    def __init__(self, *, parse, **kwargs):
        self.parse = parse
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = value if isinstance(value, str) else ""
        return self.parse(value)


class EnquiryForm(forms.ModelForm):
    name = forms.CharField(
        label="Your name",
        max_length=100,
        error_messages={"required": "Enter your name", "max_length": "Name must be 100 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    contact_method = forms.ChoiceField(
        label="How would you like the therapist to contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose phone call or email"},
    )
    phone = PhoneNumberField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="For example 07912 345 678. Include the country code for a number outside the UK.",
        error_messages={
            "invalid": "Enter a phone number, like 07912 345 678 or +44 7912 345 678",
            "max_length": "Phone number must be 30 characters or fewer",
        },
        widget=RegionalPhoneNumberWidget(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="Optional if you chose a phone call: with it you get a confirmation email.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    call_times = forms.MultipleChoiceField(
        label="Best times to call (optional)",
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    treatment = forms.ChoiceField(
        label="Which treatment are you interested in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a treatment, or “Not sure”"},
    )
    article = QuietHiddenField(
        parse=lambda slug: Article.objects.published().filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    )
    postcode = PostcodeField(
        label="Postcode of the address for the visit",
        max_length=10,
        help_text="For example YO24 1AB.",
        error_messages={"required": "Enter the postcode for the visit", "max_length": "Enter a UK postcode"},
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    visit_notes = forms.CharField(
        label="Anything the therapist should know about the visit (optional)",
        required=False,
        max_length=1000,
        help_text="For example parking, stairs, pets, or whether there is room for a massage table.",
        error_messages={"max_length": "Visit notes must be 1,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label="What would you like help with? (optional)",
        required=False,
        max_length=2000,
        help_text="For example where it hurts and for how long. Please don't include anything you would not email.",
        error_messages={"max_length": "Your message must be 2,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    no_red_flags = forms.BooleanField(
        label="None of these applies to me",
        error_messages={"required": "Confirm that none of the urgent signs applies to you, or get medical help first"},
    )
    consent = forms.BooleanField(
        label="I agree that my details are used to reply to this enquiry, as the privacy notice explains",
        error_messages={"required": "Agree to the privacy notice to send your enquiry"},
    )
    # Spam signals. "website" is a honeypot: hidden from people, tempting to bots.
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")
    form_token = QuietHiddenField(parse=spam.read_form_stamp)

    # The order of the page, which the error summary follows (window fields are added in __init__).
    field_order = [
        *["name", "contact_method", "phone", "call_times", "email", "treatment", "postcode"],
        *[f"window_{number}_{part}" for number in WINDOWS for part in ("date", "time")],
        *["visit_notes", "message", "no_red_flags", "consent"],
    ]

    class Meta:
        model = Enquiry
        fields = ["name", "contact_method", "phone", "email", "postcode", "visit_notes", "message", "no_red_flags"]

    def __init__(self, *args, article_slug="", treatment_slug="", **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.last_day = add_months(self.today, MONTHS_AHEAD)
        treatments = list(Treatment.objects.filter(is_active=True))
        self.fields["treatment"].choices = [(t.slug, t.name) for t in treatments] + [
            (NOT_SURE, "Not sure — please advise")
        ]
        for number in WINDOWS:
            self.fields[f"window_{number}_date"] = forms.DateField(
                label="Date",
                required=False,
                input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                error_messages={"invalid": f"{WINDOW_LABELS[number]}: enter a real date, like 14/06/2027"},
                widget=DateInput(
                    format="%Y-%m-%d", attrs={"min": self.today.isoformat(), "max": self.last_day.isoformat()}
                ),
            )
            self.fields[f"window_{number}_time"] = forms.ChoiceField(
                label="Time of day",
                required=False,
                choices=[("", "Choose a time"), *TimeOfDay.choices],
                error_messages={"invalid_choice": f"{WINDOW_LABELS[number]}: choose a time of day"},
            )
        self.order_fields(self.field_order)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, QuietHiddenField):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(
                    lambda value, multiline=multiline: refuse_control_characters(value, multiline=multiline)
                )
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif not isinstance(widget, forms.HiddenInput) and name != "website":
                widget.attrs["class"] = "form-control"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["form_token"] = spam.new_form_stamp()
            # Pre-selected from the link the client followed: ?treatment= if it names an active
            # treatment, else the treatment of the ?article= they came from. Anything else is ignored.
            active_slugs = {t.slug for t in treatments}
            article = self.fields["article"].clean(article_slug)
            if article:
                self.initial["article"] = article.slug
                if article.treatment_slug in active_slugs:
                    self.initial["treatment"] = article.treatment_slug
            if treatment_slug in active_slugs:
                self.initial["treatment"] = treatment_slug
        self.spam_signals = []

    # Field by field.
    def clean_name(self):
        name = " ".join(INVISIBLE_IN_NAMES.sub("", self.cleaned_data["name"]).split())  # split() takes U+2028/9
        if not name:
            raise ValidationError("Enter your name")
        return unicodedata.normalize("NFC", name)

    def clean_email(self):
        """The domain part is case-insensitive: "Example.COM" → "example.com"."""
        local, _, domain = self.cleaned_data["email"].rpartition("@")
        return f"{local}@{domain.lower()}" if local else self.cleaned_data["email"]

    def clean_treatment(self):
        slug = self.cleaned_data["treatment"]
        return None if slug == NOT_SURE else Treatment.objects.get(slug=slug, is_active=True)

    # Across fields.
    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if method == ContactMethod.PHONE and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number, or choose email as the way to contact you")
        if method == ContactMethod.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter an email address, or choose a phone call as the way to contact you")
        if method != ContactMethod.PHONE:
            cleaned["call_times"] = []
        self._clean_windows(cleaned)
        self._note_spam_signals(cleaned)
        return cleaned

    def _clean_windows(self, cleaned):
        for number in WINDOWS:
            label = WINDOW_LABELS[number]
            date_key, time_key = f"window_{number}_date", f"window_{number}_time"
            day, time_of_day = cleaned.get(date_key), cleaned.get(time_key)
            if date_key in self.errors or time_key in self.errors:
                continue
            if day and day < self.today:
                self.add_error(date_key, f"{label}: the date must be today or in the future")
            elif day and day > self.last_day:
                self.add_error(date_key, f"{label}: the date must be within the next {MONTHS_AHEAD} months")
            elif day and not time_of_day:
                self.add_error(time_key, f"{label}: choose a time of day")
            elif time_of_day and not day:
                self.add_error(date_key, f"{label}: enter a date, or leave the time empty")

    def _note_spam_signals(self, cleaned):
        """Not errors: a bot learns nothing. Suspected spam is saved and the therapist told;
        a form stamp of any age is fine (a tab left open for days)."""
        stamp = cleaned.get("form_token")
        if self.data.get("website"):
            self.spam_signals.append("honeypot filled in")
        if stamp is None:
            self.spam_signals.append("form stamp missing or forged")
        elif spam.seconds_since(stamp[1]) < settings.BOOKING_MIN_FILL_SECONDS:
            self.spam_signals.append("filled in faster than a person can")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "form-control" in widget.attrs.get("class", "") or "form-select" in widget.attrs.get("class", ""):
                    widget.attrs["class"] += " is-invalid"

    # What the view asks.
    @property
    def posted_token(self):
        """The one-time token of a posted form, valid or not yet validated."""
        stamp = spam.read_form_stamp(self.data.get("form_token"))
        return stamp[0] if stamp else None

    @property
    def is_suspected_spam(self):
        return bool(self.spam_signals)

    @property
    def is_certain_spam(self):
        """The honeypot and another signal together: nobody is that unlucky."""
        return "honeypot filled in" in self.spam_signals and len(self.spam_signals) > 1

    def error_summary(self):
        """(anchor, message) for each error, in the order of the page."""
        items = []
        for message in self.non_field_errors():
            items.append(("enquiry-form", message))
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                bound = self[name]
                grouped = isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
                items.append((f"{bound.auto_id}_0" if grouped else bound.auto_id, message))
        return items

    def window_fields(self):
        return [(WINDOW_LABELS[n], self[f"window_{n}_date"], self[f"window_{n}_time"]) for n in WINDOWS]

    def save(self, commit=True):
        cleaned = self.cleaned_data
        enquiry = super().save(commit=False)
        stamp = cleaned.get("form_token")
        enquiry.form_token = stamp[0] if stamp else None
        enquiry.treatment = cleaned["treatment"]
        enquiry.article = cleaned["article"]
        enquiry.call_times = list(cleaned["call_times"])
        enquiry.postcode_district = district_of(enquiry.postcode)
        enquiry.outside_area = not is_served(enquiry.postcode_district)
        enquiry.consented_at = timezone.now()
        enquiry.is_suspected_spam = self.is_suspected_spam
        if enquiry.is_suspected_spam:  # listed with the spam, not as an ordinary new enquiry
            enquiry.status, enquiry.closed_at = Status.SPAM, enquiry.consented_at
        self._save_with_unique_reference(enquiry)
        VisitWindow.objects.bulk_create(
            VisitWindow(enquiry=enquiry, position=position, date=day, time_of_day=time_of_day)
            for position, (day, time_of_day) in enumerate(self._windows(), start=1)
        )
        return enquiry

    def _windows(self):
        cleaned = self.cleaned_data
        for number in WINDOWS:
            day, time_of_day = cleaned.get(f"window_{number}_date"), cleaned.get(f"window_{number}_time")
            if day and time_of_day:
                yield day, time_of_day

    @staticmethod
    def _save_with_unique_reference(enquiry, tries=5):
        """References are short and random: on the rare clash, draw another. A clash on the
        form token is a double submit, which the view handles, so that one is re-raised."""
        for attempt in range(tries):
            try:
                with transaction.atomic():
                    enquiry.save()
                return
            except IntegrityError:
                token_taken = enquiry.form_token and Enquiry.objects.filter(form_token=enquiry.form_token).exists()
                if token_taken or attempt == tries - 1:
                    raise
                enquiry.pk = None
                enquiry.reference = new_reference()
