"""Prices as the booking form shows them beside each treatment, from its TreatmentOptions."""

from decimal import Decimal


def pounds(price: Decimal) -> str:
    """£45 for a whole number of pounds, £45.50 otherwise."""
    return f"£{price:,.0f}" if price == price.to_integral_value() else f"£{price:,.2f}"


def price_list(treatment) -> str:
    """For example "60 min £45 · 90 min £60". Empty when no prices are entered yet."""
    return " · ".join(f"{option.duration_minutes} min {pounds(option.price)}" for option in treatment.options.all())
