"""Starting prices: typical for a mobile massage in York, until the therapist confirms their own.

The admin says they are starting figures (TreatmentAdmin) and the desk's setup checklist lists
"confirm your prices" until a treatment has been saved there (PracticeProfile.prices_confirmed_at).
"""

from decimal import Decimal

from django.db import migrations

STARTING_PRICES = {
    "sports-massage": {60: Decimal("55"), 90: Decimal("75")},
    "deep-tissue-massage": {60: Decimal("55"), 90: Decimal("75")},
    "swedish-massage": {60: Decimal("50"), 90: Decimal("70")},
}


def add_starting_prices(apps, schema_editor):
    Treatment = apps.get_model("bookings", "Treatment")
    TreatmentOption = apps.get_model("bookings", "TreatmentOption")
    for treatment in Treatment.objects.filter(slug__in=STARTING_PRICES):
        if treatment.options.exists():  # The therapist's own prices are never replaced.
            continue
        for minutes, price in STARTING_PRICES[treatment.slug].items():
            TreatmentOption.objects.create(treatment=treatment, duration_minutes=minutes, price=price)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0010_retire_free_text_prices")]

    operations = [migrations.RunPython(add_starting_prices, migrations.RunPython.noop)]
