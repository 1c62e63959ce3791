"""The one profile row exists from the start, so a page reads it with one query and never writes."""

from django.db import migrations


def create_profile(apps, schema_editor):
    apps.get_model("massage_site", "PracticeProfile").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("massage_site", "0003_therapist_permissions")]

    operations = [migrations.RunPython(create_profile, migrations.RunPython.noop)]
