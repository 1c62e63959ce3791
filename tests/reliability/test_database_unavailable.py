"""The database unavailable for a moment: the client sees the phone number (a 503 page, not
a traceback), nothing is half-saved, and the same form goes through once it is back.

On SQLite "unavailable" is another process holding the write lock past the busy timeout
(SQLITE_BUSY_TIMEOUT, 5 s by default): "database is locked". On PostgreSQL it is the database refusing
connections after dropping the site's, and, harder, a connection cut in the middle of
saving an enquiry, between its row and its emails' rows.
"""

import sqlite3
import threading
import urllib.parse
from contextlib import contextmanager

import pytest
import requests
from django.conf import settings

from tests.reliability.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.timeout(150)]


def postgres_admin(database_url):
    import psycopg

    url = urllib.parse.urlparse(database_url)
    dsn = f"host={url.hostname} port={url.port or 5432} user={urllib.parse.unquote(url.username)} dbname=postgres"
    if url.password:
        dsn += f" password={urllib.parse.unquote(url.password)}"
    return psycopg.connect(dsn, autocommit=True), url.path.lstrip("/")


@contextmanager
def database_unavailable(database_url):
    if database_url.startswith("sqlite"):
        lock = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        return
    admin, name = postgres_admin(database_url)
    with admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def assert_error_page_with_phone(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "no-store" in response.headers["Cache-Control"]
    assert settings.PRACTICE_PHONE in response.text
    assert "try again" in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text


def enquiries_from(site, email):
    return site.query(
        "from bookings.models import Enquiry, EmailDelivery\n"
        f"print(json.dumps([Enquiry.objects.filter(email={email!r}).count(),"
        f" EmailDelivery.objects.filter(enquiry__email={email!r}).count()]))"
    )


def test_a_client_gets_the_phone_number_while_the_database_is_unavailable_and_nothing_half_saved(site, database_url):
    site.start_web()
    session = requests.Session()
    data = site.form(session, 1)

    with database_unavailable(database_url):
        assert_error_page_with_phone(site.post(session, data, timeout=60))
        if database_url.startswith("postgres"):  # a locked SQLite can still be read: healthy
            assert requests.get(site.base + "/healthz", timeout=60).status_code == 503

    assert enquiries_from(site, "client-1@example.com") == [0, 0]
    # Back: the very same form goes through, once.
    assert site.post(session, data).status_code == 303
    assert site.post(session, data).status_code == 303  # a second click finds the same enquiry
    assert enquiries_from(site, "client-1@example.com") == [1, 2]


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="a PostgreSQL connection cut"
)
def test_an_enquiry_cut_off_in_the_middle_of_saving_leaves_nothing_half_saved(site, database_url):
    admin, name = postgres_admin(database_url)
    site.start_web()
    session = requests.Session()
    data = site.form(session, 2)
    # Saving an email row now takes two seconds: time to cut the connection after the
    # enquiry's row and before its emails' rows.
    site.query(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        '    c.execute("CREATE FUNCTION slow_insert() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(2); '
        'RETURN NEW; END $$ LANGUAGE plpgsql")\n'
        "    c.execute('CREATE TRIGGER slow_insert BEFORE INSERT ON bookings_emaildelivery "
        "FOR EACH ROW EXECUTE FUNCTION slow_insert()')\n"
        "print(json.dumps(True))"
    )
    responses = []
    poster = threading.Thread(target=lambda: responses.append(site.post(session, data)))
    with admin:
        poster.start()
        sleeping = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event = 'PgSleep'"
        wait_until(lambda: admin.execute(sleeping, [name]).fetchall(), 20, message="the save to be under way")
        admin.execute(f"SELECT pg_terminate_backend(pid) FROM ({sleeping}) AS s", [name])
        poster.join(timeout=30)

    assert_error_page_with_phone(responses[0])
    assert enquiries_from(site, "client-2@example.com") == [0, 0]
