"""The booking form page (GET /book/): rendered once per process, filled in per request.

Why: rendering the form (crispy forms and Django's widget templates) takes about 20 ms, which
held the page to a few hundred requests/s (bench/RESULTS.md), yet every visitor is sent the
same HTML but for two values: the CSRF token (Django's, masked afresh for each request) and
the one-time form stamp (``bookings.spam.new_form_stamp``). So each process renders the
unbound page once per content version and pre-selection, with a marker where each of those
values goes, and each GET puts fresh ones in by plain string replacement: no template and no
query.

- Content version: massage_site.cache's shared one, which saving a treatment, its prices, an
  article or the practice profile replaces. Each process re-reads it about every second, so
  such a change shows on the form within a second everywhere.
- Pre-selection: ``?article=`` counts only when it names a published article and
  ``?treatment=`` only when it names an active treatment; anything else is the plain page. So
  a process keeps at most (articles + 1) × (treatments + 1) pages.
- The response is still the view's: every middleware runs, the CSRF cookie is set
  (``get_token``) and Cache-Control stays private and no-store (``never_cache``), so neither
  a shared cache nor the page cache keeps it.
- A bound form (errors, the 429 page that keeps what was typed) is rendered by the view as
  before, and so is every GET when ``settings.BOOKING_FORM_PAGE_KEPT`` is False.
"""

import secrets
from dataclasses import dataclass, field

from django.http import HttpRequest, QueryDict
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape

from articles.models import Article
from bookings import spam
from bookings.forms import EnquiryForm, form_choices
from massage_site.cache import content_version

# Random per process, so no text on the page can contain them by chance.
CSRF_MARKER = f"csrf-token-{secrets.token_hex(16)}"
STAMP_MARKER = f"form-stamp-{secrets.token_hex(16)}"

Preselection = tuple[str, str]  # (published article slug or "", active treatment slug or "")


@dataclass
class _Kept:
    """This process's rendered pages of one content version, by pre-selection."""

    version: str | None
    pages: dict[Preselection, str] = field(default_factory=dict)
    # The articles a link may pre-select, read once per version, when a link first names one.
    articles: frozenset[str] | None = None


_kept = _Kept(version=None)


def form_page_html(request: HttpRequest) -> str:
    """The unbound booking form page, with this visitor's CSRF token and a new form stamp."""
    kept = _kept_for(content_version())
    preselection = _preselection(kept, request.GET)
    page = kept.pages.get(preselection)
    if page is None:
        page = _render(request, preselection)
        if kept.version is not None:  # the shared cache can't be read: nothing to keep it by
            kept.pages[preselection] = page
    return page.replace(CSRF_MARKER, get_token(request)).replace(STAMP_MARKER, escape(spam.new_form_stamp()))


def _kept_for(version: str | None) -> _Kept:
    global _kept
    if _kept.version != version or version is None:
        _kept = _Kept(version)
    return _kept


def _preselection(kept: _Kept, query: QueryDict) -> Preselection:
    article, treatment = query.get("article", ""), query.get("treatment", "")
    if not (article or treatment):
        return "", ""
    if kept.articles is None:
        kept.articles = frozenset(Article.objects.published().values_list("slug", flat=True))
    treatments = form_choices().treatment_slugs  # kept per version by the form itself
    return (article if article in kept.articles else "", treatment if treatment in treatments else "")


def _render(request: HttpRequest, preselection: Preselection) -> str:
    article, treatment = preselection
    form = EnquiryForm(article_slug=article, treatment_slug=treatment)
    form.initial["form_token"] = STAMP_MARKER
    # The context's csrf_token wins over the one Django's context processor would add.
    return render_to_string("bookings/form.html", {"form": form, "csrf_token": CSRF_MARKER}, request)
