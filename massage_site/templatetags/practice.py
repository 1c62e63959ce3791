from django import template

from massage_site.models import PracticeProfile

register = template.Library()


@register.simple_tag
def therapist() -> PracticeProfile:
    """The practice profile: the therapist's name, photo and credentials."""
    return PracticeProfile.load()
