"""Many clients at once against several gunicorn processes: every enquiry kept, every email sent once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.reliability.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

CLIENTS = 20
EACH = 10


def test_200_enquiries_from_20_clients_at_once_are_all_kept_and_notified_once(site, smtp):
    site.start_web()  # WEB_CONCURRENCY=4 gunicorn processes
    site.start_worker()

    def client(number):
        session = requests.Session()
        return [site.book(session, number * EACH + i).status_code for i in range(EACH)]

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = [status for batch in pool.map(client, range(CLIENTS)) for status in batch]

    assert statuses == [303] * CLIENTS * EACH
    counts = site.counts()
    assert counts["enquiries"] == counts["references"] == CLIENTS * EACH

    wait_until(lambda: len(smtp.messages) >= 2 * CLIENTS * EACH, 60, message="400 emails")
    wait_until(lambda: site.counts()["deliveries"] == {"sent": 400}, 10, interval=0.5, message="all marked sent")
    ids = smtp.message_ids()
    assert len(ids) == 2 * CLIENTS * EACH
    assert set(ids.values()) == {1}, "an email was sent twice"
    for n in range(CLIENTS * EACH):
        assert len(smtp.to(f"client-{n}@example.com")) == 1
    assert "Traceback" not in site.log_text()
