from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponseServerError, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from articles.models import Article
from bookings.models import Treatment


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            treatments=Treatment.objects.filter(is_active=True),
            articles=Article.objects.published(),
            **kwargs,
        )


class TreatmentsView(TemplateView):
    template_name = "pages/treatments.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(treatments=Treatment.objects.filter(is_active=True), **kwargs)


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
def healthz(request):
    """For a load balancer: 200 when the database answers and is migrated, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if unapplied_migrations():
            return JsonResponse({"status": "error", "database": "migrations not applied"}, status=503)
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request):
    """The 500 page, with the practice's phone number. Touches no database."""
    from django.template import loader

    from massage_site.context_processors import practice

    body = loader.get_template("500.html").render(practice(request))
    return HttpResponseServerError(body)
