from django.contrib.admin.apps import AdminConfig


class TherapistAdminConfig(AdminConfig):
    """django.contrib.admin with our site as the default: 2FA, the desk counts on the index."""

    default_site = "massage_site.admin.TherapistAdminSite"
