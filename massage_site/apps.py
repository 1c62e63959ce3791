from django.apps import AppConfig


class MassageSiteConfig(AppConfig):
    name = "massage_site"
    verbose_name = "Site"
