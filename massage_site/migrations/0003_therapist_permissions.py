"""The Therapist group may edit the practice profile, testimonials, prices and old-site redirects."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Therapist"
PERMISSIONS = {
    "massage_site": [
        "view_practiceprofile",
        "change_practiceprofile",
        "view_testimonial",
        "add_testimonial",
        "change_testimonial",
        "delete_testimonial",
    ],
    "bookings": ["view_treatmentoption", "add_treatmentoption", "change_treatmentoption", "delete_treatmentoption"],
    "redirects": ["view_redirect", "add_redirect", "change_redirect", "delete_redirect"],
}


def grant(apps, schema_editor):
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for label, codenames in PERMISSIONS.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group:
        for label, codenames in PERMISSIONS.items():
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("massage_site", "0002_profile_details_and_testimonials"),
        ("bookings", "0011_starting_prices"),
        ("bookings", "0003_therapist_group"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
