from django.db import migrations

TREATMENTS = [
    {
        "slug": "sports-massage",
        "name": "Sports massage",
        "summary": "Firm, targeted work on tight, overworked muscles, for active people and aching backs.",
        "description": (
            "Sports massage works deeply on the muscles that are tight, overused or recovering, "
            "with stretching where it helps. It is not only for athletes: it suits anyone with "
            "lower back pain, stiff hips or sore legs from work, training or long hours sitting.\n\n"
            "The therapist asks about your pain and activity first, then focuses the treatment "
            "where it is needed."
        ),
        "position": 1,
    },
    {
        "slug": "deep-tissue-massage",
        "name": "Deep tissue massage",
        "summary": "Slow, firm pressure that reaches the deeper layers of muscle to ease long-standing tension.",
        "description": (
            "Deep tissue massage uses slow strokes and sustained pressure to reach the deeper "
            "layers of muscle and the tissue around them. It suits long-standing tightness and "
            "knots, for example in the lower back, shoulders and hips.\n\n"
            "Pressure is always agreed with you and adjusted during the treatment."
        ),
        "position": 2,
    },
    {
        "slug": "swedish-massage",
        "name": "Swedish massage",
        "summary": "A relaxing full-body massage with long, flowing strokes and lighter pressure.",
        "description": (
            "Swedish massage is the classic relaxing massage: long, flowing strokes with light "
            "to medium pressure to ease general muscle tension and help you unwind.\n\n"
            "A good choice for a first massage, or when you want to relax rather than work on "
            "a particular problem."
        ),
        "position": 3,
    },
]


def create_treatments(apps, schema_editor):
    Treatment = apps.get_model("bookings", "Treatment")
    for treatment in TREATMENTS:
        Treatment.objects.update_or_create(slug=treatment["slug"], defaults=treatment)


def remove_treatments(apps, schema_editor):
    Treatment = apps.get_model("bookings", "Treatment")
    Treatment.objects.filter(slug__in=[t["slug"] for t in TREATMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [migrations.RunPython(create_treatments, remove_treatments)]
