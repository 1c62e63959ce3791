"""What a booking post costs the database, pinned: it is the one write path under load
(bench/RESULTS.md), so a statement more is a regression to look at. The form's choices (the
treatments with their prices, the therapist's name) are read once per content version, not
per post, and still follow an edit in admin at once."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import EmailDelivery, Enquiry, Treatment
from tests.bookings.booking_form import BOOK_URL, form_token, run_worker, submit, valid_data
from tests.browser_client import BrowserClient

pytestmark = pytest.mark.django_db

# The chosen treatment, the rate-limit count and its row, the day's confirmations to the
# address, the enquiry, the two email rows (one insert) and their one queue row; the
# transaction's two ends. Not the form token (its unique constraint finds a double submit)
# and no savepoint around the enquiry (a reference clash runs the transaction again).
POST_STATEMENTS = 9


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0


def post_statements(client, **overrides):
    token = form_token(client)  # the form page, as a visitor loads it first
    with CaptureQueriesContext(connection) as captured:
        response = client.post(BOOK_URL, valid_data(token, **overrides))
    assert response.status_code == 303, response.content.decode()[:2000]
    return [query["sql"] for query in captured.captured_queries]


def test_a_booking_post_costs_a_pinned_number_of_statements(client):
    statements = post_statements(client)
    assert len(statements) == POST_STATEMENTS, "\n".join(statements)
    # The choices come from this process's copy, not a query per post.
    assert not [sql for sql in statements if "practiceprofile" in sql or "treatmentoption" in sql]
    assert not [sql for sql in statements if "cache_table" in sql]


def test_a_post_costs_the_same_with_many_enquiries_and_emails_already_saved(client):
    call_command("seed_enquiries", "--total", "300", verbosity=0)
    assert len(post_statements(client)) == POST_STATEMENTS


def test_an_enquirys_two_emails_share_one_queue_row_and_housekeeping_leaves_them_alone(client, smtp_server):
    from django_tasks_db.models import DBTaskResult

    submit(client)
    assert EmailDelivery.objects.count() == 2
    assert DBTaskResult.objects.count() == 1
    call_command("requeue_emails", verbosity=0)  # both are waiting in that row: nothing to re-enqueue
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert sorted(m["X-Envelope-Rcpt"] for m in smtp_server.messages) == [
        "david@massageinyork.co.uk",
        "zoe@example.com",
    ]
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_treatment_added_in_admin_can_be_chosen_on_the_next_post(client, therapist):
    visitor = BrowserClient()
    form_token(visitor)  # the choices are now kept by this process
    response = client.post(
        "/admin/bookings/treatment/add/",
        {
            "name": "Pregnancy massage",
            "slug": "pregnancy-massage",
            "summary": "Gentle massage.",
            "description": "Gentle massage.",
            "position": "5",
            "is_active": "on",
            "options-TOTAL_FORMS": "1",
            "options-INITIAL_FORMS": "0",
            "options-MIN_NUM_FORMS": "1",
            "options-MAX_NUM_FORMS": "1000",
            "options-0-duration_minutes": "60",
            "options-0-price": "50",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = submit(visitor, treatment="pregnancy-massage")
    assert response.status_code == 303, response.content.decode()[:3000]
    assert Enquiry.objects.get().treatment == Treatment.objects.get(slug="pregnancy-massage")


def test_on_postgresql_a_booking_posts_statements_are_prepared_on_its_connection(client):
    # Parsed and planned once per connection (massage_site/settings.py): after psycopg's
    # five runs, the enquiry's insert is a prepared statement on the server.
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for number in range(7):
        post_statements(client, email=f"client{number}@example.com")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert [sql for sql in prepared if sql.startswith('INSERT INTO "bookings_enquiry"')], prepared
