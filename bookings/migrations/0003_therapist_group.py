"""The Therapist group: only the permissions the practice's work needs, none over accounts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Therapist"
PERMISSIONS = {
    "bookings": [
        "view_enquiry",
        "change_enquiry",
        "view_visitwindow",
        "view_appointment",
        "add_appointment",
        "view_emaildelivery",
        "view_enquiryevent",
        "view_treatment",
        "add_treatment",
        "change_treatment",
    ],
    "articles": ["view_article", "change_article"],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for label, codenames in PERMISSIONS.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("bookings", "0002_create_treatments"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
