from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models


class PracticeProfile(models.Model):
    """The practice's profile, edited by the therapist in admin. There is one row (pk=1)."""

    therapist_name = models.CharField(
        "your first name",
        max_length=100,
        default="David",
        help_text="Shown on the About page, on articles as their author, and in emails to clients.",
    )
    photo = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The processed photo's files and sizes (photos.process)."
    )
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text='What the photo shows, for people who can\'t see it, e.g. "David standing by his massage table".',
    )
    introduction = models.TextField(
        "short introduction",
        blank=True,
        help_text="A few sentences about you, in your own words. Blank lines separate paragraphs.",
    )
    qualifications = models.TextField(blank=True, help_text="One per line, as written on the certificate.")
    insurance = models.CharField(
        max_length=200, blank=True, help_text='Your insurer and cover, e.g. "Insured with … for £6 million".'
    )
    memberships = models.TextField("professional memberships", blank=True, help_text="One per line.")
    years_in_practice = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many years you have been practising. Leave blank to not show it."
    )
    prices_confirmed_at = models.DateTimeField(
        "prices confirmed",
        null=True,
        blank=True,
        editable=False,
        help_text="When you last saved a treatment's prices.",
    )

    class Meta:
        verbose_name = "practice profile"
        verbose_name_plural = "practice profile"

    def __str__(self) -> str:
        return "Practice profile"

    @property
    def photo_srcset(self) -> str:
        return ", ".join(f"{default_storage.url(source['name'])} {source['width']}w" for source in self.photo["webp"])

    @property
    def photo_fallback_url(self) -> str:
        return default_storage.url(self.photo["jpeg"])

    @property
    def qualification_list(self) -> list[str]:
        return [line.strip() for line in self.qualifications.splitlines() if line.strip()]

    @property
    def membership_list(self) -> list[str]:
        return [line.strip() for line in self.memberships.splitlines() if line.strip()]

    @property
    def has_credentials(self) -> bool:
        return bool(
            self.qualifications.strip() or self.insurance or self.memberships.strip() or self.years_in_practice
        )

    @classmethod
    def load(cls) -> "PracticeProfile":
        profile, _ = cls.objects.get_or_create(pk=1)
        return profile


class Testimonial(models.Model):
    """A client's words about the practice, shown on the site only with their consent."""

    quote = models.TextField(help_text="The client's words, as they gave them.")
    client_name = models.CharField(
        "client's name as shown",
        max_length=100,
        help_text='As the client agreed to be named, e.g. "Sarah, Acomb" or "A runner from Haxby".',
    )
    given_on = models.DateField("date given")
    consent = models.BooleanField(
        "the client agreed to this being on the website",
        default=False,
        help_text="Needed: a testimonial is shown only with the client's consent.",
    )
    is_shown = models.BooleanField("show on the site", default=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.client_name}, {self.given_on:%d %b %Y}"

    def clean(self) -> None:
        if not self.consent:
            raise ValidationError({"consent": "Only add a testimonial the client agreed to have on the website."})
