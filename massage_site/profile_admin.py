"""The practice's own records in admin: the profile (one row) and testimonials.

Not in massage_site/admin.py: that module defines the admin site itself, and registering there
would build the site twice. MassageSiteConfig.ready() imports this module.
"""

from typing import Any, Literal

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.html import format_html

from massage_site import photos
from massage_site.models import PracticeProfile, Testimonial


class PracticeProfileForm(forms.ModelForm):
    photo_upload = forms.ImageField(
        label="Photo",
        required=False,
        help_text="A clear photo of you, ideally portrait. Location and camera details are removed on upload.",
    )
    remove_photo = forms.BooleanField(label="Remove the current photo", required=False)

    class Meta:
        model = PracticeProfile
        fields = [
            "therapist_name",
            "photo_alt",
            "introduction",
            "qualifications",
            "insurance",
            "memberships",
            "years_in_practice",
        ]

    def clean_photo_upload(self) -> UploadedFile | Literal[False] | None:
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            try:
                self.cleaned_data["processed_photo"] = photos.process(upload)
            except photos.PhotoError as error:
                raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        will_have_photo = bool(cleaned.get("photo_upload")) or (
            bool(self.instance.photo) and not cleaned.get("remove_photo")
        )
        if will_have_photo and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", "Describe the photo for people who can't see it.")
        if self.errors and "processed_photo" in cleaned:
            photos.delete(cleaned.pop("processed_photo"))  # Nothing is saved, so no new files either.
        return cleaned


@admin.register(PracticeProfile)
class PracticeProfileAdmin(admin.ModelAdmin):
    """One row: the list goes straight to it, and it can be neither added nor deleted."""

    form = PracticeProfileForm
    readonly_fields = ["current_photo", "prices_confirmed_at"]
    fieldsets = [
        (None, {"fields": ["therapist_name", "introduction"]}),
        ("Photo", {"fields": ["current_photo", "photo_upload", "photo_alt", "remove_photo"]}),
        (
            "What clients see about your training",
            {
                "description": "Each item appears on the site only once it is filled in.",
                "fields": ["qualifications", "insurance", "memberships", "years_in_practice"],
            },
        ),
        ("Prices", {"fields": ["prices_confirmed_at"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None) -> HttpResponseRedirect:
        profile = PracticeProfile.load()
        return redirect(f"{self.admin_site.name}:massage_site_practiceprofile_change", profile.pk)

    @admin.display(description="current photo")
    def current_photo(self, obj) -> str:
        if not obj.photo:
            return "None yet"
        return format_html('<img src="{}" alt="{}" width="160">', obj.photo_fallback_url, obj.photo_alt)

    def save_model(self, request, obj, form, change) -> None:
        old = dict(obj.photo) if obj.photo else {}
        processed = form.cleaned_data.get("processed_photo")
        if processed:
            obj.photo = processed
        elif form.cleaned_data.get("remove_photo"):
            obj.photo = {}
        super().save_model(request, obj, form, change)
        if old and old != obj.photo:
            photos.delete(old)


@admin.register(Testimonial)
class TestimonialAdmin(admin.ModelAdmin):
    list_display = ["client_name", "given_on", "consent", "is_shown"]
    list_editable = ["is_shown"]
    fields = ["quote", "client_name", "given_on", "consent", "is_shown"]

    def formfield_for_dbfield(self, db_field, request, **kwargs) -> forms.Field | None:
        if db_field.name == "given_on":  # the phone's own date picker, as on the enquiry page
            kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return super().formfield_for_dbfield(db_field, request, **kwargs)
