"""A relay that answers the message's DATA late (RFC 5321 4.5.3.2 allows it 10 minutes) while
it has already taken the message: each email arrives once, and a relay that never answers in
time costs at most one duplicate. Timeouts are short here through the same settings
production uses (EMAIL_TIMEOUT for connecting and commands, EMAIL_DATA_TIMEOUT for the
message's answer); the retry's clock is moved, not waited for."""

import pytest
import requests

from tests.reliability.conftest import wait_until
from tests.reliability.test_email_faults import RETRIES_DUE_NOW

pytestmark = [pytest.mark.slow, pytest.mark.timeout(150)]

DELIVERIES = (
    "from bookings.models import EmailDelivery\n"
    "print(json.dumps([[d.status, d.attempts, d.maybe_sent_at is not None, d.last_error[:40]]"
    " for d in EmailDelivery.objects.order_by('kind')]))"
)


@pytest.fixture
def slow_relay_site(site, smtp):
    site.env.update(EMAIL_TIMEOUT="1", EMAIL_DATA_TIMEOUT="4")
    site.start_web()
    return site


def test_a_relay_answering_after_the_command_timeout_gets_each_email_once(slow_relay_site, smtp):
    site = slow_relay_site
    smtp.answer_delay = 2  # later than EMAIL_TIMEOUT, within EMAIL_DATA_TIMEOUT
    site.start_worker()
    assert site.book(requests.Session(), 1).status_code == 303
    wait_until(lambda: site.counts()["deliveries"] == {"sent": 2}, 40, interval=0.5, message="both marked sent")
    site.query(RETRIES_DUE_NOW)  # had anything been left for a retry, it would run now
    wait_until(lambda: site.query(DELIVERIES)[0][1] == 1, 5, message="one attempt each")
    ids = smtp.message_ids()
    assert len(ids) == 2
    assert set(ids.values()) == {1}, "an email was delivered twice"


def test_a_relay_that_never_answers_in_time_costs_at_most_one_duplicate(slow_relay_site, smtp):
    site = slow_relay_site
    smtp.answer_delay = 6  # later even than EMAIL_DATA_TIMEOUT: each attempt "maybe sent"
    site.start_worker()
    assert site.book(requests.Session(), 1).status_code == 303
    wait_until(lambda: len(smtp.messages) == 2, 30, message="both emails to reach the relay")
    wait_until(
        lambda: [d[:3] for d in site.query(DELIVERIES)] == [["queued", 1, True]] * 2,
        30,
        interval=0.5,
        message="both held for one more try",
    )
    for _ in range(3):  # the one more try is due; so would any further one be
        site.query(RETRIES_DUE_NOW)
        wait_until(
            lambda: all(d[0] in ("failed", "sent") for d in site.query(DELIVERIES)),
            40,
            interval=0.5,
            message="the second try to end",
        )
    deliveries = site.query(DELIVERIES)
    assert [d[:3] for d in deliveries] == [["failed", 2, True]] * 2
    assert all(d[3].startswith("May have arrived") for d in deliveries)
    ids = smtp.message_ids()
    assert len(ids) == 2
    assert set(ids.values()) == {2}, "each email at most twice (one duplicate, same Message-ID)"
