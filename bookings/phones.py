"""How a phone number is shown to people: in emails, in the admin and in the CSV export."""


def phone_display(number):
    """UK numbers in national format ("07700 900123": what people dial, and text in Excel,
    keeping its 0); others in international format. Blank for no number."""
    if not number:
        return ""
    return number.as_national if number.country_code == 44 else number.as_international
