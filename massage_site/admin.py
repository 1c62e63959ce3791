"""The admin site: the therapist's desk.

With ``ADMIN_REQUIRE_2FA`` (on when DEBUG is off) only staff verified by a one-time code
from their authenticator app (or a backup code) get in. ``manage.py create_therapist``
creates the account, its authenticator and its backup codes.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from massage_site.admin_lookups import StrictLookupsMixin


def device_for_code(user, code) -> TOTPDevice | StaticDevice | None:
    """The device a code belongs to: six digits come from the app, anything else is a backup code.

    Choosing the device for the user keeps the login to one code field, and a code is only
    ever checked against one device, so a typo never throttles the other.
    """
    devices = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    return devices.objects.filter(user=user, confirmed=True).order_by("pk").first()


class TwoFactorLoginForm(OTPAdminAuthenticationForm):
    otp_token = forms.CharField(
        label="Code",
        required=False,
        help_text="The six digits your authenticator app shows, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}
        ),
    )

    def clean_otp_token(self) -> str:
        return "".join(self.cleaned_data.get("otp_token", "").split())

    # One answer for a wrong password and a wrong code: no telling which was right.
    error_messages = {
        **OTPAdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Please enter the correct %(username)s, password and code for a staff account. "
            "Note that the username and password may be case-sensitive."
        ),
    }

    def clean_otp(self, user) -> None:
        if user is not None and not self.cleaned_data.get("otp_device"):
            device = device_for_code(user, self.cleaned_data.get("otp_token", ""))
            if device is not None:
                self.cleaned_data["otp_device"] = device.persistent_id
        try:
            super().clean_otp(user)
        except ValidationError:
            # A wrong or missing code gets a wrong password's answer (no telling that the password
            # was right) and counts towards the lockout like one (axes listens for this signal).
            username = self.cleaned_data.get("username")
            user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)
            raise self.get_invalid_login_error() from None


class TherapistAdminSite(OTPAdminSite):
    site_header = settings.PRACTICE_NAME
    site_title = settings.PRACTICE_NAME
    index_title = "Your desk"
    index_template = "admin/desk_index.html"
    login_template = "admin/login.html"
    # The page's width goes to the enquiry list: a phone has none to spare.
    enable_nav_sidebar = False

    # Not a no-op: OTPAdminSite's default name is "otpadmin", and the app's default site is
    # built without arguments, so this keeps the URL namespace "admin".
    def __init__(self, name="admin") -> None:
        super().__init__(name)

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        """Every list here takes only the filters it offers (massage_site/admin_lookups.py)."""
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, StrictLookupsMixin):
            admin_class = type(
                admin_class.__name__, (StrictLookupsMixin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)

    @property
    def login_form(self) -> type[AdminAuthenticationForm]:
        return TwoFactorLoginForm if settings.ADMIN_REQUIRE_2FA else AdminAuthenticationForm

    def has_permission(self, request) -> bool:
        if settings.ADMIN_REQUIRE_2FA:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

    def index(self, request, extra_context=None) -> TemplateResponse:
        from bookings.admin.views import desk

        extra_context = {**(extra_context or {}), "desk": desk(request, self.name)}
        return super().index(request, extra_context)
