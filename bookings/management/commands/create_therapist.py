import getpass
import io
import os

import qrcode
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

GROUP = "Therapist"
BACKUP_CODES = 10


class Command(BaseCommand):
    help = (
        "Creates the therapist's admin account (staff, in the Therapist group, no other rights), "
        "an authenticator (TOTP) for two-factor sign-in, shown as a QR code and an otpauth:// link, "
        f"and {BACKUP_CODES} single-use backup codes. With --reset-2fa, replaces an existing account's "
        "authenticator and backup codes (a lost phone) and leaves its password alone. The password is "
        "asked for twice, or read from THERAPIST_PASSWORD with --noinput."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?", help="Sign-in name (asked for if left out).")
        parser.add_argument("--email", default="", help="The account's email address.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument(
            "--reset-2fa", action="store_true", help="Replace an existing account's authenticator and backup codes."
        )
        parser.add_argument(
            "--superuser", action="store_true", help="Make a superuser (for whoever runs the site), not a therapist."
        )

    def handle(
        self, *args, username=None, email="", interactive=True, reset_2fa=False, superuser=False, **options
    ) -> None:
        User = get_user_model()
        if not username:
            if not interactive:
                raise CommandError("Give a username: manage.py create_therapist USERNAME --noinput")
            username = input("Username [therapist]: ").strip() or "therapist"
        user = User.objects.filter(username=username).first()
        if reset_2fa:
            if user is None:
                raise CommandError(f"There is no account called {username!r}.")
        elif user is not None:
            raise CommandError(
                f"An account called {username!r} exists. For a new authenticator and backup codes (lost phone): "
                f"manage.py create_therapist {username} --reset-2fa. For a new password: "
                f"manage.py changepassword {username}."
            )
        else:
            user = User(username=username, email=email, is_staff=True, is_superuser=superuser)
            user.set_password(self.password(user, interactive))

        with transaction.atomic():
            if not reset_2fa:
                user.save()
                if not superuser:
                    group = Group.objects.filter(name=GROUP).first()
                    if group is None:
                        raise CommandError(f"The {GROUP} group is missing: run manage.py migrate first.")
                    user.groups.add(group)
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            totp = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
            backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
            codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
            StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)

        self.report(user, totp, codes, created=not reset_2fa)

    def password(self, user, interactive) -> str:
        if not interactive:
            password = os.environ.get("THERAPIST_PASSWORD", "")
            if not password:
                raise CommandError("Set THERAPIST_PASSWORD to the password when using --noinput.")
            self.validate(password, user)
            return password
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords didn't match. Try again.")
                continue
            try:
                self.validate(password, user)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password

    def validate(self, password, user) -> None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def report(self, user, totp, codes, created) -> None:
        url = totp.config_url
        qr = qrcode.QRCode(border=2)
        qr.add_data(url)
        picture = io.StringIO()
        qr.print_ascii(out=picture, invert=True)
        what = "Created the account" if created else "Replaced the authenticator and backup codes of"
        self.stdout.write(self.style.SUCCESS(f"{what} {user.get_username()!r}."))
        self.stdout.write(
            "\n1. On the therapist's phone, open an authenticator app (for example Google Authenticator, "
            "Microsoft Authenticator or 2FAS), add an account and scan this QR code:\n"
        )
        self.stdout.write(picture.getvalue())
        self.stdout.write(f"   If scanning doesn't work, open or paste this link into the app:\n   {url}\n")
        self.stdout.write(
            "2. Sign in to the admin with the username, the password and the six-digit code the app shows.\n"
            "3. Keep these backup codes somewhere safe, away from the phone. Each works once, in place of "
            "the six-digit code, if the phone is lost:\n"
        )
        for code in codes:
            self.stdout.write(f"   {code}")
        self.stdout.write(
            f"\nLost phone and codes: run manage.py create_therapist {user.get_username()} --reset-2fa on the server."
        )
