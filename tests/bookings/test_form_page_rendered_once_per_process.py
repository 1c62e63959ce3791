"""The booking form page is rendered once per process and content version, and each visit gets
its own CSRF token and form stamp put in (bookings/form_page.py): the page is the one Django
renders in full, the tokens work, a price change shows on the next visit, and a visit served
from the kept page costs no query."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from bookings.models import Enquiry, Treatment, TreatmentOption
from massage_site import cache
from massage_site import settings as production_settings
from tests.bookings.booking_form import BOOK_URL, valid_data
from tests.browser_client import BrowserClient

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]*)">')
STAMP_INPUT = re.compile(r'<input type="hidden" name="form_token" value="([^"]*)"')
ARTICLE = "sciatica-and-lower-back-pain"  # its treatment is sports massage


@pytest.fixture
def articles(settings, tmp_path):
    settings.ARTICLES_SHARE_IMAGE_ROOT = tmp_path / "build"
    call_command("load_articles", stdout=StringIO())


def tokens(response) -> tuple[str, str]:
    """The page's CSRF token and form stamp, each there exactly once."""
    assert response.status_code == 200
    html = response.content.decode()
    csrf, stamps = CSRF_INPUT.findall(html), STAMP_INPUT.findall(html)
    assert len(csrf) == len(stamps) == 1
    return csrf[0], stamps[0]


def without_tokens(response) -> str:
    tokens(response)
    html = CSRF_INPUT.sub("<csrf>", response.content.decode())
    return STAMP_INPUT.sub("<stamp>", html)


def headers_and_cookies(response) -> tuple[dict, dict]:
    """Every header and cookie attribute but the clock's (Date, Expires) and the token's value."""
    headers = {name: value for name, value in response.headers.items() if name not in ("Date", "Expires")}
    cookies = {
        name: ({key: value for key, value in morsel.items() if key != "expires"}, len(morsel.value))
        for name, morsel in response.cookies.items()
    }
    return headers, cookies


def chosen_treatment(response) -> list[str]:
    checked = BeautifulSoup(response.content, "html.parser").select("input[name=treatment][checked]")
    return [radio["value"] for radio in checked]


def sports_massage_label(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return page.find("input", attrs={"name": "treatment", "value": "sports-massage"}).parent.get_text(" ", strip=True)


def test_each_visit_gets_its_own_csrf_token_and_stamp_and_each_token_works(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    visitor = BrowserClient(enforce_csrf_checks=True)
    other_visitor = BrowserClient(enforce_csrf_checks=True)
    first, second = visitor.get(BOOK_URL), visitor.get(BOOK_URL)  # the second from the kept page
    other = other_visitor.get(BOOK_URL)
    pages = [tokens(response) for response in (first, second, other)]
    assert len({csrf for csrf, _ in pages}) == 3
    assert len({stamp for _, stamp in pages}) == 3
    assert all("csrftoken" in response.cookies for response in (first, second, other))
    assert visitor.cookies["csrftoken"].value != other_visitor.cookies["csrftoken"].value

    # A token belongs to its visitor's cookie: another visitor's is refused.
    stolen = other_visitor.post(BOOK_URL, valid_data(pages[0][1], csrfmiddlewaretoken=pages[0][0]))
    assert stolen.status_code == 403
    assert not Enquiry.objects.exists()

    for client, (csrf, stamp) in zip((visitor, visitor, other_visitor), pages, strict=True):
        response = client.post(BOOK_URL, valid_data(stamp, csrfmiddlewaretoken=csrf))
        assert response.status_code == 303, response.content.decode()[:2000]
    assert Enquiry.objects.count() == 3
    assert len(set(Enquiry.objects.values_list("form_token", flat=True))) == 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?treatment=sports-massage",
        f"?article={ARTICLE}",
        f"?article={ARTICLE}&treatment=swedish-massage",
        "?article=no-such-article&treatment=hot-stones",
    ],
)
def test_the_page_is_the_one_django_renders_in_full(client, settings, articles, query):
    kept = [client.get(BOOK_URL + query) for _ in range(2)]  # rendered and kept, then from the kept page
    settings.BOOKING_FORM_PAGE_KEPT = False
    full = client.get(BOOK_URL + query)
    for response in kept:
        assert without_tokens(response) == without_tokens(full)
        assert headers_and_cookies(response) == headers_and_cookies(full)
    assert "no-store" in full["Cache-Control"] and "private" in full["Cache-Control"]


def test_a_link_preselects_its_treatment_and_anything_else_gets_the_plain_page(client, articles):
    Article.objects.filter(slug="it-band-and-lower-back-pain").update(is_published=False)
    plain = without_tokens(client.get(BOOK_URL))
    for _ in range(2):
        assert chosen_treatment(client.get(f"{BOOK_URL}?treatment=sports-massage")) == ["sports-massage"]
        assert chosen_treatment(client.get(f"{BOOK_URL}?treatment=swedish-massage")) == ["swedish-massage"]
        assert chosen_treatment(client.get(f"{BOOK_URL}?article={ARTICLE}")) == ["sports-massage"]
    for query in [
        "?treatment=hot-stones",
        "?treatment=SPORTS-MASSAGE",
        "?treatment=not-sure",
        "?treatment=",
        "?article=no-such-article",
        "?article=it-band-and-lower-back-pain",  # not published
        "?utm_source=newsletter",
    ]:
        assert without_tokens(client.get(BOOK_URL + query)) == plain, query


def test_a_price_changed_in_admin_shows_on_the_next_visit(client, therapist):
    treatment = Treatment.objects.get(slug="sports-massage")
    sixty = treatment.options.get(duration_minutes=60)
    client.get(BOOK_URL)
    assert "£51.50" not in sports_massage_label(client.get(BOOK_URL))

    response = client.post(
        reverse("admin:bookings_treatment_change", args=[treatment.pk]),
        {
            "name": treatment.name,
            "slug": treatment.slug,
            "summary": treatment.summary,
            "description": treatment.description,
            "position": treatment.position,
            "is_active": "on",
            "options-TOTAL_FORMS": "1",
            "options-INITIAL_FORMS": "1",
            "options-MIN_NUM_FORMS": "1",
            "options-MAX_NUM_FORMS": "1000",
            "options-0-id": sixty.pk,
            "options-0-treatment": treatment.pk,
            "options-0-duration_minutes": "60",
            "options-0-price": "51.50",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "60 min £51.50" in sports_massage_label(client.get(BOOK_URL))


def test_a_change_saved_by_another_process_shows_within_a_second(client, settings, time_machine):
    # Production's interval, not the suite's (tests/settings.py sets a long one).
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = production_settings.PAGE_CACHE_VERSION_CHECK_SECONDS
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC), tick=False)
    time_machine.shift(60)
    client.get(f"{BOOK_URL}?treatment=sports-massage")

    # Another process saves a price: it replaces the shared version, nothing in this process.
    TreatmentOption.objects.filter(treatment__slug="sports-massage", duration_minutes=60).update(
        price=Decimal("51.50")
    )
    caches["default"].set(cache.VERSION_KEY, "changed-elsewhere", timeout=None)

    time_machine.shift(0.5)
    assert "£51.50" not in sports_massage_label(client.get(f"{BOOK_URL}?treatment=sports-massage"))
    time_machine.shift(0.6)
    response = client.get(f"{BOOK_URL}?treatment=sports-massage")
    assert "60 min £51.50" in sports_massage_label(response)
    assert chosen_treatment(response) == ["sports-massage"]


@pytest.mark.parametrize("query", ["", "?treatment=sports-massage", f"?article={ARTICLE}&treatment=nonsense"])
def test_a_visit_served_from_the_kept_page_costs_no_query(client, articles, query):
    client.get(BOOK_URL + query)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BOOK_URL + query)
    tokens(response)
    assert len(queries) == 0
