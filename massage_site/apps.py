from django.apps import AppConfig


class MassageSiteConfig(AppConfig):
    name = "massage_site"
    verbose_name = "Site"

    def ready(self) -> None:
        # Cache invalidation is the one side effect wired through signals: an article or
        # treatment changes in admin, in load_articles and in a shell, and every one of
        # those paths must mark the cached public pages out of date (massage_site/cache.py).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from articles.models import Article, Page
        from bookings.models import Treatment, TreatmentOption
        from massage_site import (
            checks,  # noqa: F401 (registers the deploy checks)
            profile_admin,  # noqa: F401 (registers the profile's admin)
        )
        from massage_site.cache import bump_content_version
        from massage_site.models import PracticeProfile, Testimonial

        for model in (Article, Treatment, Page, TreatmentOption, PracticeProfile, Testimonial):
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"page-cache-del-{model.__name__}")
        m2m_changed.connect(bump_content_version, sender=Article.related.through, dispatch_uid="page-cache-related")
