"""How a phone number is shown to people: in emails, in the admin and in the CSV export."""

import phonenumbers


def phone_display(number):
    """UK numbers in national format ("07700 900123": what people dial, and text in Excel,
    keeping its 0); others in international format. Blank for no number."""
    if not number:
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
