"""UK postcodes: validation and normalisation come from django-localflavor; the practice's
area is the list of postcode districts in settings.SERVICE_DISTRICTS."""

from django.conf import settings
from django.core.exceptions import ValidationError
from localflavor.gb.forms import GBPostcodeField


class PostcodeField(GBPostcodeField):
    """Accepts "yo24 1ab", "YO241AB" or " YO24  1AB " and returns "YO24 1AB"."""

    default_error_messages = {
        "invalid": "Enter a full UK postcode, like YO24 1AB",
    }


def district_of(postcode) -> str:
    """The outward code: "YO24 1AB" → "YO24"."""
    return postcode.split(" ", 1)[0]


def is_served(district) -> bool:
    return district.upper() in {d.strip().upper() for d in settings.SERVICE_DISTRICTS}


def normalised_postcode(text: str) -> str | None:
    """A full UK postcode typed in any form, as stored ("yo241ab" → "YO24 1AB"); None otherwise."""
    try:
        return PostcodeField().clean(text)
    except ValidationError:
        return None
