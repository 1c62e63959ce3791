"""The public booking enquiry form. It owns validation, normalisation and the spam signals;
the view only decides what to do with the result."""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from articles.models import Article
from bookings import spam
from bookings.enquiry_layout import enquiry_form_helper
from bookings.models import ContactMethod, DayPreference, Enquiry, Status, TimeOfDay, Treatment
from bookings.phones import can_receive_texts
from bookings.postcodes import PostcodeField, district_of, is_served
from bookings.price_labels import price_list
from massage_site.cache import content_version
from massage_site.models import PracticeProfile

NOT_SURE = "not-sure"
CONSENT = (
    "I agree that the details I give here, including any about my health, are used to reply to my "
    "enquiry and arrange my visit, as the privacy notice explains."
)
SLUG = re.compile(r"[-a-z0-9_]{1,100}")
# Unicode direction overrides can make a name read differently in an email or the admin.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible in a name (zero-width spaces and joiners, direction marks, word joiner, BOM) or
# breaking it over lines (line and paragraph separators): stripped, not refused, because a
# person can't see them to remove them.
INVISIBLE_IN_NAMES = re.compile("[\u200b-\u200f\u2060\ufeff]")


def therapist_name() -> str:
    """The therapist's first name, read without creating the profile row (PracticeProfile.load
    would, on a fresh database)."""
    profile = PracticeProfile.objects.filter(pk=1).only("therapist_name").first()
    return (profile or PracticeProfile()).therapist_name


def treatment_label(treatment) -> str:
    """The treatment's name with its prices, when the therapist has entered them."""
    prices = price_list(treatment)
    if not prices:
        return treatment.name
    return format_html('{} <span class="choice-price">{}</span>', treatment.name, prices)


@dataclass(frozen=True)
class FormChoices:
    """What the form reads from the database: the therapist's name and the active treatments."""

    therapist_name: str
    treatments: tuple[tuple[str, str], ...]  # (slug, label with prices)

    @property
    def treatment_slugs(self) -> frozenset[str]:
        return frozenset(slug for slug, _ in self.treatments)


_kept_choices: tuple[str | None, FormChoices | None] = (None, None)


def form_choices() -> FormChoices:
    """Read once per content version in each process (massage_site.cache: saving a treatment,
    its prices or the practice profile replaces the version), so a posted form costs no query
    for them; an edit in admin reaches every process within a second."""
    global _kept_choices
    version = content_version()
    kept_version, kept = _kept_choices
    if kept is not None and version is not None and kept_version == version:
        return kept
    treatments = Treatment.objects.filter(is_active=True).prefetch_related("options")
    kept = FormChoices(therapist_name(), tuple((t.slug, treatment_label(t)) for t in treatments))
    _kept_choices = (version, kept)
    return kept


def refuse_control_characters(value, *, multiline=False) -> None:
    if not isinstance(value, str):  # a parsed phone number: only digits left
        return
    allowed = {"\n", "\r", "\t"} if multiline else set()
    for char in value:
        if char in allowed:
            continue
        if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
            raise ValidationError("Remove the hidden control characters (they may have been pasted in)")


class QuietHiddenField(forms.CharField):
    """A hidden value the site wrote itself. Hostile input makes it empty, not an error a
    person could not fix."""

    widget = forms.HiddenInput

    def __init__(self, *, parse, **kwargs) -> None:
        self.parse = parse
        super().__init__(required=False, **kwargs)

    def clean(self, value) -> Any:
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
        label="How should the therapist reply?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a phone call, a text message or an email"},
    )
    phone = PhoneNumberField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="For a call or a text. For example 07912 345 678.",
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
        help_text="For an email reply. You also get a copy of your enquiry.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    treatment = forms.ChoiceField(
        label="Which treatment would you like?",
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
    preferred_days = forms.MultipleChoiceField(
        label="Which days suit you?",
        choices=DayPreference.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_times = forms.MultipleChoiceField(
        label="What time of day?",
        choices=TimeOfDay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_note = forms.CharField(
        label="Anything else about when?",
        required=False,
        max_length=200,
        help_text="For example “not Tuesdays” or “after 5pm”.",
        error_messages={"max_length": "Keep this to 200 characters or fewer"},
    )
    visit_notes = forms.CharField(
        label="Anything the therapist should know about the visit?",
        required=False,
        max_length=1000,
        help_text="For example parking, stairs, pets, or whether there is room for a massage table.",
        error_messages={"max_length": "Visit notes must be 1,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label="What would you like help with?",
        required=False,
        max_length=2000,
        help_text="For example where it hurts and for how long. Please don't include anything you would not email.",
        error_messages={"max_length": "Your message must be 2,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=CONSENT,
        error_messages={"required": "Agree to the privacy notice to send your enquiry"},
    )
    # Spam signals. "website" is a honeypot: hidden from people, tempting to bots.
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")
    form_token = QuietHiddenField(parse=spam.read_form_stamp)

    # The order of the page, which the error summary follows.
    field_order = [
        *["name", "contact_method", "phone", "email", "treatment", "postcode"],
        *["preferred_days", "preferred_times", "availability_note", "message", "visit_notes", "consent"],
    ]

    class Meta:
        model = Enquiry
        fields = [
            *["name", "contact_method", "phone", "email", "postcode"],
            *["preferred_days", "preferred_times", "availability_note", "visit_notes", "message"],
        ]

    def __init__(self, *args, article_slug="", treatment_slug="", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = form_choices()
        self.therapist_name = choices.therapist_name
        self.fields["contact_method"].label = f"How should {self.therapist_name} reply?"
        self.fields["treatment"].choices = [*choices.treatments, (NOT_SURE, "Not sure — please advise")]
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
            active_slugs = choices.treatment_slugs
            article = self.fields["article"].clean(article_slug)
            if article:
                self.initial["article"] = article.slug
                if article.treatment_slug in active_slugs:
                    self.initial["treatment"] = article.treatment_slug
            if treatment_slug in active_slugs:
                self.initial["treatment"] = treatment_slug
        self.spam_signals = []

    @cached_property
    def helper(self) -> FormHelper:
        """The crispy-forms layout, built only when the form is rendered."""
        return enquiry_form_helper()

    # Field by field.
    def clean_name(self) -> str:
        name = " ".join(INVISIBLE_IN_NAMES.sub("", self.cleaned_data["name"]).split())  # split() takes U+2028/9
        if not name:
            raise ValidationError("Enter your name")
        return unicodedata.normalize("NFC", name)

    def clean_email(self) -> str:
        """The domain part is case-insensitive: "Example.COM" → "example.com"."""
        local, _, domain = self.cleaned_data["email"].rpartition("@")
        return f"{local}@{domain.lower()}" if local else self.cleaned_data["email"]

    def clean_treatment(self) -> Treatment | None:
        slug = self.cleaned_data["treatment"]
        if slug == NOT_SURE:
            return None
        # The choices are kept per content version: one withdrawn a moment ago may still be offered.
        treatment = Treatment.objects.filter(slug=slug, is_active=True).first()
        if treatment is None:
            raise ValidationError("That treatment is no longer offered: choose another, or “Not sure”")
        return treatment

    # Across fields.
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._clean_reply_detail(cleaned)
        self._note_spam_signals(cleaned)
        return cleaned

    def _clean_reply_detail(self, cleaned) -> None:
        """The detail the chosen reply method needs. The other one stays optional."""
        method, phone, email = cleaned.get("contact_method"), cleaned.get("phone"), cleaned.get("email")
        if "phone" not in self.errors:
            if method == ContactMethod.PHONE and not phone:
                self.add_error("phone", "Enter a phone number for the therapist to call")
            elif method == ContactMethod.TEXT and not phone:
                self.add_error("phone", "Enter a mobile number for the therapist to text")
            elif method == ContactMethod.TEXT and not can_receive_texts(phone):
                self.add_error("phone", "This looks like a landline: enter a mobile number, or choose a phone call")
        if method == ContactMethod.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", "Enter an email address for the therapist to reply to")

    def _note_spam_signals(self, cleaned) -> None:
        """Not errors: a bot learns nothing. Suspected spam is saved and the therapist told;
        a form stamp of any age is fine (a tab left open for days)."""
        stamp = cleaned.get("form_token")
        if self.data.get("website"):
            self.spam_signals.append("honeypot filled in")
        if stamp is None:
            self.spam_signals.append("form stamp missing or forged")
        elif spam.seconds_since(stamp[1]) < settings.BOOKING_MIN_FILL_SECONDS:
            self.spam_signals.append("filled in faster than a person can")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "form-control" in widget.attrs.get("class", "") or "form-select" in widget.attrs.get("class", ""):
                    widget.attrs["class"] += " is-invalid"

    # What the view asks.
    @property
    def posted_token(self) -> str | None:
        """The one-time token of a posted form, valid or not yet validated."""
        stamp = spam.read_form_stamp(self.data.get("form_token"))
        return stamp[0] if stamp else None

    @property
    def is_suspected_spam(self) -> bool:
        return bool(self.spam_signals)

    @property
    def is_certain_spam(self) -> bool:
        """The honeypot and another signal together: nobody is that unlucky."""
        return "honeypot filled in" in self.spam_signals and len(self.spam_signals) > 1

    def error_summary(self) -> list[tuple[str, str]]:
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

    def save(self, commit=True) -> Enquiry:
        cleaned = self.cleaned_data
        enquiry = super().save(commit=False)
        stamp = cleaned.get("form_token")
        enquiry.form_token = stamp[0] if stamp else None
        enquiry.treatment = cleaned["treatment"]
        enquiry.article = cleaned["article"]
        enquiry.postcode_district = district_of(enquiry.postcode)
        enquiry.outside_area = not is_served(enquiry.postcode_district)
        enquiry.consented_at = timezone.now()
        enquiry.is_suspected_spam = self.is_suspected_spam
        if enquiry.is_suspected_spam:  # listed with the spam, not as an ordinary new enquiry
            enquiry.status, enquiry.closed_at = Status.SPAM, enquiry.consented_at
        if commit:
            enquiry.save_new()
        return enquiry
