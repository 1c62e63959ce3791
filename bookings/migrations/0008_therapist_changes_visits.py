"""The Therapist group may change visits (move or cancel them) and add phone-in enquiries."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["change_appointment", "add_enquiry"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("bookings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Therapist").first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="bookings", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Therapist").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="bookings", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("bookings", "0007_visits_sources_reminders_and_calendar_feed"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
