"""Growing past one machine, simulated here: two web machines (each the Procfile's gunicorn,
two processes) and two workers, sharing one PostgreSQL and one Redis, as README's production
section describes. 200 enquiries at once split across both: every one kept, every email sent
exactly once; an article unpublished through one machine is gone from the other within a
second; the booking limit and the admin lockout count a client across both.

PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379, db 5) must be running; each machine
sits behind its own proxy (TRUSTED_PROXY_COUNT=1), so clients are told apart by
X-Forwarded-For, as nginx would send it."""

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.reliability.conftest import Site, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

REDIS_URL = "redis://127.0.0.1:6379/5"
PASSWORD = "a-long-test-password-for-two-machines"
ARTICLE = "/articles/sciatica-and-lower-back-pain/"
CLIENTS, EACH = 20, 10


@pytest.fixture
def postgres_url():
    """One PostgreSQL database for both machines, whichever database the suite runs on."""
    psycopg = pytest.importorskip("psycopg")
    dsn = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    name = f"massage_machines_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not answering on 127.0.0.1:5432: {error}")
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis is not answering on 127.0.0.1:6379: {error}")
    yield
    client.flushdb()


@pytest.fixture
def machines(postgres_url, redis_db, tmp_path, smtp):
    sites = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        site = Site(postgres_url, tmp_path / name, smtp)
        site.env.update(
            CACHE_URL=REDIS_URL,
            STATIC_ROOT=str(tmp_path / "static"),
            WEB_CONCURRENCY="2",
            TRUSTED_PROXY_COUNT="1",
            BOOKING_RATE_LIMIT="3/h",
            # The lockout and the sessions are under test, not the second factor.
            ADMIN_REQUIRE_2FA="false",
            THERAPIST_PASSWORD=PASSWORD,
        )
        sites.append(site)
    first, second = sites
    first.setup()
    first.manage("load_articles")
    first.manage("create_therapist", "sam", "--noinput")
    for site in sites:
        site.start_web()
        site.start_worker()
    yield sites
    for site in sites:
        site.stop_all()


def from_address(address):
    session = requests.Session()
    session.headers["X-Forwarded-For"] = address
    return session


def sign_in(site, session, password=PASSWORD):
    page = session.get(site.base + "/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        site.base + "/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": "sam", "password": password, "next": "/admin/"},
        headers={"Referer": site.base + "/admin/login/"},
        allow_redirects=False,
        timeout=10,
    )


def test_two_machines_share_enquiries_emails_pages_and_limits(machines, smtp):
    a, b = machines

    # 200 enquiries at once from 200 addresses, every other one to each machine.
    def client(number):
        statuses = []
        for i in range(EACH):
            n = number * EACH + i
            session = from_address(f"10.0.{n // 200}.{n % 200 + 1}")
            statuses.append(machines[n % 2].book(session, n).status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = [status for batch in pool.map(client, range(CLIENTS)) for status in batch]
    assert statuses == [303] * CLIENTS * EACH
    counts = a.counts()
    assert counts["enquiries"] == counts["references"] == CLIENTS * EACH
    wait_until(lambda: len(smtp.messages) >= 2 * CLIENTS * EACH, 90, message="400 emails")
    wait_until(lambda: a.counts()["deliveries"] == {"sent": 400}, 15, interval=0.5, message="all marked sent")
    ids = smtp.message_ids()
    assert len(ids) == 2 * CLIENTS * EACH
    assert set(ids.values()) == {1}, "an email was sent twice"
    assert all(len(smtp.to(f"client-{n}@example.com")) == 1 for n in range(CLIENTS * EACH))

    # The booking limit (3 an hour) counts one client across both machines.
    limited = from_address("192.0.2.50")
    assert [m.book(limited, 1000 + i).status_code for i, m in enumerate([a, b, a, b, a])] == [303, 303, 303, 429, 429]

    # An article unpublished through machine A is gone from machine B within a second.
    for _ in range(4):  # each of B's processes has the page in its memory
        assert requests.get(b.base + ARTICLE, timeout=5).status_code == 200
    desk = from_address("192.0.2.70")
    assert sign_in(a, desk).status_code == 302
    changelist = desk.get(a.base + "/admin/articles/article/", timeout=10).text
    pk = a.query(
        "from articles.models import Article\n"
        "print(json.dumps(Article.objects.get(slug='sciatica-and-lower-back-pain').pk))"
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist).group(1)
    unpublished = desk.post(
        a.base + "/admin/articles/article/",
        data={"csrfmiddlewaretoken": token, "action": "unpublish", "_selected_action": str(pk), "index": "0"},
        headers={"Referer": a.base + "/admin/articles/article/"},
        allow_redirects=False,
        timeout=10,
    )
    assert unpublished.status_code == 302
    saved = time.monotonic()
    wait_until(
        lambda: all(requests.get(b.base + ARTICLE, timeout=5).status_code == 404 for _ in range(4)),
        1.5,
        interval=0.05,
        message="machine B to stop serving the unpublished article",
    )
    assert time.monotonic() - saved < 1.5

    # The admin lockout counts one client's failures across both machines.
    attacker = from_address("192.0.2.80")
    answers = [sign_in(m, attacker, password="not-the-password").status_code for m in [a, b, a, b, a]]
    assert answers[:4] == [200] * 4
    assert answers[4] == 429
    assert sign_in(b, attacker).status_code == 429  # even with the right password, on the other machine
    assert sign_in(b, from_address("192.0.2.90")).status_code == 302  # the therapist elsewhere is not
    assert "Traceback" not in a.log_text() + b.log_text()
