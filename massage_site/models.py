from django.db import models


class PracticeProfile(models.Model):
    """The practice's profile, edited by the therapist in admin. There is one row (pk=1)."""

    therapist_name = models.CharField(
        "your first name",
        max_length=100,
        default="David",
        help_text="Shown on the About page, on articles as their author, and in emails to clients.",
    )

    class Meta:
        verbose_name = "practice profile"

    def __str__(self):
        return "Practice profile"

    @classmethod
    def load(cls) -> "PracticeProfile":
        profile, _ = cls.objects.get_or_create(pk=1)
        return profile
