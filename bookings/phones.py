"""How a phone number is shown to people: in emails, in the admin and in the CSV export."""

import phonenumbers


def phone_display(number) -> str:
    """UK numbers in national format ("07700 900123": what people dial, and text in Excel,
    keeping its 0); others in international format. Blank for no number."""
    # Not "if not number": that validates the number first, the dearest step in a 100,000-row export.
    if not isinstance(number, phonenumbers.PhoneNumber) or not number.national_number:
        return ""
    return number.as_national if number.country_code == 44 else number.as_international


def can_receive_texts(number) -> bool:
    """False only for a number known to be a landline; mobiles and numbers that may be either
    (most of North America) pass."""
    return phonenumbers.number_type(number) not in {
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
    }


def searched_phone(text: str) -> str | None:
    """A whole phone number typed in any format ("07700 900123", "+44 7700 900123", "7700900123"),
    as the E.164 text the database stores ("+447700900123"); None for anything else, including
    part of a number (fewer than 10 digits), which the admin searches for as text instead."""
    if sum(character.isdigit() for character in text) < 10:
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
