import re
from typing import Any

from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponseServerError, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from articles import share_image
from articles.models import Article, Page
from articles.structured_data import as_script_content
from bookings import areas
from bookings.models import Treatment
from massage_site import photos, structured_data
from massage_site.models import PracticeProfile, Testimonial


def active_treatments() -> QuerySet[Treatment]:
    return Treatment.objects.filter(is_active=True).prefetch_related("options")


def shown_testimonials() -> QuerySet[Testimonial]:
    return Testimonial.objects.filter(consent=True, is_shown=True)


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        treatments = list(active_treatments())
        profile = PracticeProfile.load()
        image = structured_data.home_share_image()
        graph = structured_data.local_business(treatments, profile, image)
        return super().get_context_data(
            treatments=treatments,
            articles=Article.objects.published().only("slug", "title"),
            profile=profile,
            testimonials=shown_testimonials()[:3],
            share_image_url=image,
            share_image_size=share_image.SIZE,
            json_ld=as_script_content(graph),
            **kwargs,
        )


class TreatmentsView(TemplateView):
    template_name = "pages/treatments.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(
            treatments=active_treatments(),
            has_travel_charges=any(district.travel_charge for district in areas.served_districts()),
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "pages/about.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(profile=PracticeProfile.load(), testimonials=shown_testimonials(), **kwargs)


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(therapist=PracticeProfile.load(), **kwargs)


class AreasView(TemplateView):
    template_name = "pages/areas.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        return super().get_context_data(groups=areas.grouped(), **kwargs)


class PracticePageView(DetailView):
    """A practice page from articles/content/pages/ (what to expect, cancellations, FAQ…)."""

    template_name = "pages/practice_page.html"
    context_object_name = "page"
    queryset = Page.objects.published()

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object.faq:
            context["json_ld"] = as_script_content(structured_data.faq_page(self.object))
        return context


_PHOTO_NAME = re.compile(rf"{photos.DIRECTORY}/[a-z0-9_-]+\.(webp|jpg)")


@require_safe
def practice_photo(request, name) -> FileResponse:
    """The therapist's processed photo. Its name carries a digest of its pixels, so it never changes."""
    if not _PHOTO_NAME.fullmatch(name) or not default_storage.exists(name):
        raise Http404("No such photo.")
    response = FileResponse(default_storage.open(name), content_type=_content_type(name))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _content_type(name) -> str:
    return "image/webp" if name.endswith(".webp") else "image/jpeg"


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


# Once this process has seen every migration applied, it stays so (migrations only move forward
# while the code is the same), and /healthz goes back to one SELECT 1.
migrations_applied = False


def unapplied_migrations() -> bool:
    global migrations_applied
    if not migrations_applied:
        executor = MigrationExecutor(connection)
        migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return not migrations_applied


@never_cache
def healthz(request) -> JsonResponse:
    """For a load balancer: 200 when the database answers and is migrated, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if unapplied_migrations():
            return JsonResponse({"status": "error", "database": "migrations not applied"}, status=503)
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request) -> HttpResponseServerError:
    """The 500 page, with the practice's phone number. Touches no database."""
    from django.template import loader

    from massage_site.context_processors import practice

    body = loader.get_template("500.html").render(practice(request))
    return HttpResponseServerError(body)
