"""The enquiry emails, sent by the real worker to a real SMTP server."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from bookings.models import DeliveryStatus, EmailDelivery, EmailKind, Enquiry
from bookings.notifications import queue_enquiry_emails, resend_enquiry_emails
from bookings.tasks import STALLED_AFTER
from tests.bookings.booking_form import run_worker, submit, thanks_page

pytestmark = pytest.mark.django_db

THERAPIST = "therapist@example.co.uk"


@pytest.fixture(autouse=True)
def practice_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.THERAPIST_EMAIL = THERAPIST
    settings.SITE_URL = "https://www.example.co.uk"


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_therapist_and_client_receive_their_emails_through_smtp(client, smtp_server):
    thanks_page(client, submit(client))
    enquiry = Enquiry.objects.get()
    assert len(smtp_server.messages) == 0  # the request never talks to SMTP

    run_worker()

    [to_therapist] = smtp_server.to(THERAPIST)
    assert "Zoë O'Brien-李" in to_therapist["Subject"]
    assert "Sports massage" in to_therapist["Subject"]
    assert "YO24" in to_therapist["Subject"]
    assert to_therapist["Reply-To"] == "zoe@example.com"
    text, html = text_part(to_therapist), html_part(to_therapist)
    for detail in ["07912 345678", "zoe@example.com", "YO24 1AB", "A friendly dog", "gardening"]:
        assert detail in text
    assert "Reply by: A PHONE CALL" in text
    assert "When suits: weekdays; morning, evening; Not Tuesdays" in text
    assert 'href="tel:+447912345678"' in html
    assert 'href="mailto:zoe@example.com"' in html
    admin_link = f"https://www.example.co.uk/admin/bookings/enquiry/{enquiry.pk}/change/"
    assert admin_link in text
    assert f'href="{admin_link}"' in html
    assert "O&#x27;Brien" in html

    [to_client] = smtp_server.to("zoe@example.com")
    assert enquiry.reference in to_client["Subject"]
    client_text = text_part(to_client)
    assert enquiry.reference in client_text
    assert "07713 250352" in client_text
    assert "within one working day" in client_text
    assert "Sports massage" in client_text
    assert to_client["Auto-Submitted"] == "auto-generated"

    deliveries = EmailDelivery.objects.filter(enquiry=enquiry)
    assert {d.kind for d in deliveries} == {EmailKind.THERAPIST, EmailKind.CLIENT}
    assert all(d.status == DeliveryStatus.SENT and d.sent_at and d.attempts == 1 for d in deliveries)
    therapist_delivery = deliveries.get(kind=EmailKind.THERAPIST)
    assert to_therapist["Message-ID"] == f"<therapist.{therapist_delivery.pk}.{enquiry.reference}@www.example.co.uk>"


def test_only_the_therapist_is_emailed_when_the_client_gave_no_email(client, smtp_server):
    thanks_page(client, submit(client, email=""))
    run_worker()
    [message] = smtp_server.messages
    assert THERAPIST in message["X-Envelope-Rcpt"]
    assert "Reply-To" not in message


def test_enquiry_is_kept_when_smtp_is_down_and_sent_once_when_it_is_back(client, smtp_server):
    smtp_server.stop()
    page = thanks_page(client, submit(client))
    enquiry = Enquiry.objects.get()
    assert enquiry.reference in page.content.decode()

    run_worker()
    deliveries = EmailDelivery.objects.filter(enquiry=enquiry)
    assert all(d.status == DeliveryStatus.QUEUED and d.attempts == 1 and d.last_error for d in deliveries)
    assert all(d.next_attempt_at <= timezone.now() + datetime.timedelta(minutes=1) for d in deliveries)

    smtp_server.start()
    run_worker()  # the retry is not due yet
    assert smtp_server.messages == []

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        run_worker()
    assert len(smtp_server.messages) == 2

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        call_command("requeue_emails", verbosity=0)
        run_worker()
    assert len(smtp_server.messages) == 2
    assert all(d.status == DeliveryStatus.SENT and d.attempts == 2 for d in deliveries.all())


def test_a_failing_email_is_retried_for_more_than_a_day_then_marked_failed(client, smtp_server):
    smtp_server.stop()
    thanks_page(client, submit(client, email=""))
    delivery = EmailDelivery.objects.get()
    started = timezone.now()
    run_worker()
    delivery.refresh_from_db()
    gaps = []
    while delivery.status == DeliveryStatus.QUEUED:
        gaps.append(delivery.next_attempt_at)
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
            run_worker()
        delivery.refresh_from_db()
        assert delivery.attempts < 50
    assert delivery.status == DeliveryStatus.FAILED
    assert "Connection refused" in delivery.last_error
    assert gaps[0] - started <= datetime.timedelta(minutes=1)
    assert gaps[-1] - started >= datetime.timedelta(hours=24)
    intervals = [later - earlier for earlier, later in zip(gaps, gaps[1:], strict=False)]
    tolerance = datetime.timedelta(seconds=1)
    assert all(later >= earlier - tolerance for earlier, later in zip(intervals, intervals[1:], strict=False))
    assert intervals[-1] > 100 * intervals[0]  # growing delays


def test_a_sent_email_is_not_sent_again_by_housekeeping_or_a_stray_task(client, smtp_server):
    from bookings.tasks import send_delivery

    thanks_page(client, submit(client))
    run_worker()
    assert len(smtp_server.messages) == 2
    for delivery in EmailDelivery.objects.all():
        send_delivery.enqueue(delivery.pk)
    call_command("requeue_emails", verbosity=0)
    run_worker()
    assert len(smtp_server.messages) == 2


def test_an_email_left_sending_by_a_killed_worker_is_sent_by_housekeeping(client, smtp_server):
    from django_tasks_db.models import DBTaskResult

    thanks_page(client, submit(client, email=""))
    delivery = EmailDelivery.objects.get()
    # What a worker killed mid-send leaves behind: the row claimed, its task "running".
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=1, claimed_at=timezone.now()
    )
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())

    call_command("requeue_emails", verbosity=0)  # not stalled for long enough yet
    run_worker()
    assert smtp_server.messages == []
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1

    with time_machine.travel(timezone.now() + STALLED_AFTER + datetime.timedelta(minutes=1)):
        call_command("requeue_emails", verbosity=0)
        run_worker()
    [message] = smtp_server.messages
    # The task row the killed worker left "running" is closed, so it can be pruned.
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    assert DBTaskResult.objects.filter(status="FAILED", exception_class_path__endswith="WorkerStopped").count() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert message["Message-ID"].startswith(f"<therapist.{delivery.pk}.")


def test_a_queued_email_that_lost_its_task_is_enqueued_again(client, smtp_server):
    from django_tasks_db.models import DBTaskResult

    thanks_page(client, submit(client, email=""))
    DBTaskResult.objects.all().delete()  # e.g. someone pruned the queue
    run_worker()
    assert smtp_server.messages == []
    call_command("requeue_emails", verbosity=0)
    run_worker()
    assert len(smtp_server.messages) == 1


def test_suspected_spam_reaches_the_therapist_marked_and_the_client_confirmation_is_held_back(
    client, smtp_server, settings
):
    thanks_page(client, submit(client, website="http://spam.example"))
    enquiry = Enquiry.objects.get()
    assert enquiry.is_suspected_spam
    run_worker()
    [message] = smtp_server.messages
    assert message["X-Envelope-Rcpt"] == THERAPIST
    assert message["Subject"].startswith(f"Possible spam: New enquiry {enquiry.reference}")
    assert "POSSIBLE SPAM" in text_part(message)
    assert smtp_server.to("zoe@example.com") == []


def test_resend_queues_fresh_emails_with_new_message_ids(client, smtp_server):
    thanks_page(client, submit(client))
    run_worker()
    enquiry = Enquiry.objects.get()
    resend_enquiry_emails(enquiry)
    run_worker()
    assert len(smtp_server.to(THERAPIST)) == 2
    assert len(smtp_server.to("zoe@example.com")) == 2
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 4


def make_enquiry(**fields):
    defaults = {
        "name": "Sam Client",
        "contact_method": "email",
        "email": "sam@example.com",
        "postcode": "YO1 7HH",
        "postcode_district": "YO1",
    }
    return Enquiry.objects.create(**(defaults | fields))


def test_nothing_typed_by_a_client_can_add_an_email_header(smtp_server):
    # The form refuses line breaks in a name; an enquiry edited elsewhere must still be safe.
    enquiry = make_enquiry(name="Eve\r\nBcc: victim@example.com\nX-Evil: yes")
    queue_enquiry_emails(enquiry)
    run_worker()
    for message in smtp_server.messages:
        assert "victim@example.com" not in message["X-Envelope-Rcpt"]
        assert message["X-Evil"] is None
        assert message["Bcc"] is None
    [to_therapist] = smtp_server.to(THERAPIST)
    assert "Eve Bcc: victim@example.com X-Evil: yes" in to_therapist["Subject"]


def test_html_emails_escape_what_the_client_typed(smtp_server):
    enquiry = make_enquiry(name="<script>alert(1)</script>", message='<img src=x onerror="alert(2)"> & more')
    queue_enquiry_emails(enquiry)
    run_worker()
    for message in smtp_server.messages:
        html = html_part(message)
        assert "<script>" not in html
        assert "<img" not in html
    html = html_part(smtp_server.to(THERAPIST)[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; more" in html
    assert '<img src=x onerror="alert(2)"> & more' in text_part(smtp_server.to(THERAPIST)[0])


def test_the_therapists_email_writes_when_it_came_as_the_desk_does(client, smtp_server):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 10, 5, tzinfo=datetime.UTC), tick=False):
        thanks_page(client, submit(client))
    run_worker()
    message = smtp_server.to(THERAPIST)[0]
    assert "received Mon 30 Nov 2026, 10:05" in text_part(message)
    assert "Received Mon 30 Nov 2026, 10:05." in html_part(message)
