"""The client's confirmation goes to an address nobody has verified, so it carries nothing a
stranger typed (no name, message or notes: only the reference and the choices made from
lists), and an address gets only a few a day. The thank-you page promises an email only
when one is queued."""

import pytest
import time_machine
from django.utils import timezone

from bookings.models import EmailDelivery, EmailKind, Enquiry
from bookings.notifications import queue_client_confirmation
from tests.bookings.booking_form import run_worker, submit, thanks_page

pytestmark = pytest.mark.django_db

TARGET = "someone.else@example.com"
FREE_TEXT = {
    "name": "Your parcel is held pay 1.99 at evil.example",
    "message": "Visit https://evil.example/pay to release your parcel",
    "visit_notes": "Call 09011 111111 now",
}
PROMISE = "A confirmation email is on its way"


@pytest.fixture(autouse=True)
def practice_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "100/h"
    settings.BOOKING_CONFIRMATIONS_PER_ADDRESS = 3
    settings.THERAPIST_EMAIL = "therapist@example.co.uk"


def rendered(message):
    parts = [message["Subject"]]
    parts += [part.get_content() for part in message.walk() if part.get_content_maintype() == "text"]
    return "\n".join(parts)


def test_the_client_confirmation_holds_no_free_text_but_the_choices(client, smtp_server):
    thanks_page(client, submit(client, email=TARGET, contact_method="email", **FREE_TEXT))
    run_worker()
    enquiry = Enquiry.objects.get()
    [confirmation] = smtp_server.to(TARGET)
    text = rendered(confirmation)
    for typed in FREE_TEXT.values():
        assert typed not in text
    for fragment in ("evil.example", "parcel", "09011"):
        assert fragment not in text
    assert "yo24 1ab" not in text.lower()  # the full postcode stays with the therapist
    assert "Hello," in text
    assert enquiry.reference in confirmation["Subject"]
    assert "Sports massage" in text and "YO24" in text
    # The therapist's own notification has it all.
    [notification] = smtp_server.to("therapist@example.co.uk")
    for typed in FREE_TEXT.values():
        assert typed in rendered(notification)


def test_an_address_gets_at_most_the_days_confirmations_and_the_page_promises_only_those(client, smtp_server):
    # One mailbox, the last spelling unlike any before it: the cap compares addresses in any case.
    spellings = [TARGET, TARGET.upper(), "Someone.Else@Example.com", "SOMEONE.else@example.COM"]
    pages = [thanks_page(client, submit(client, email=address)) for address in spellings]
    assert [PROMISE in page.content.decode() for page in pages] == [True, True, True, False]
    run_worker()
    assert [m["X-Envelope-Rcpt"].lower() for m in smtp_server.messages].count(TARGET) == 3
    assert EmailDelivery.objects.filter(kind=EmailKind.THERAPIST).count() == 4  # every enquiry reaches her
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=25)):
        assert PROMISE in thanks_page(client, submit(client, email=TARGET)).content.decode()


def test_no_email_address_no_promise(client):
    page = thanks_page(client, submit(client, email=""))
    assert PROMISE not in page.content.decode()
    assert "David will call <strong" in page.content.decode()


def test_a_held_back_confirmation_can_be_sent_once_the_therapist_says_it_is_not_spam(client, smtp_server, settings):
    settings.BOOKING_MIN_FILL_SECONDS = 3600  # looks automated
    thanks_page(client, submit(client, email=TARGET))
    enquiry = Enquiry.objects.get()
    assert enquiry.is_suspected_spam
    delivery = queue_client_confirmation(enquiry)  # what the admin's "Not spam" calls
    assert (delivery.kind, delivery.to) == (EmailKind.CLIENT, TARGET)
    run_worker()
    [confirmation] = smtp_server.to(TARGET)
    assert enquiry.reference in confirmation["Subject"]
    for _ in range(settings.BOOKING_CONFIRMATIONS_PER_ADDRESS - 1):
        assert queue_client_confirmation(enquiry) is not None
    assert queue_client_confirmation(enquiry) is None  # the address has had its day's confirmations
