"""Issue 11's short form: required answers only, a reply by call, text or email, prices beside the
treatments, no medical question, optional details that open on an error, and what the client is told."""

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from bookings.models import EmailDelivery, EmailKind, Enquiry, Treatment, TreatmentOption
from massage_site.models import PracticeProfile
from tests.bookings.booking_form import BOOK_URL, run_worker, submit, thanks_page

pytestmark = pytest.mark.django_db

CONSENT = (
    "I agree that the details I give here, including any about my health, are used to reply to my "
    "enquiry and arrange my visit, as the privacy notice explains."
)
REQUIRED_ONLY = {
    "phone": None,
    "email": None,
    "preferred_days": None,
    "preferred_times": None,
    "availability_note": None,
    "visit_notes": None,
    "message": None,
}


@pytest.fixture(autouse=True)
def form_settings(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.THERAPIST_EMAIL = "therapist@example.co.uk"


def form_page(client, url=BOOK_URL):
    return BeautifulSoup(client.get(url).content, "html.parser")


@pytest.mark.parametrize(
    ("method", "detail"),
    [("phone", {"phone": "07912 345678"}), ("text", {"phone": "07912 345678"}), ("email", {"email": "a@example.com"})],
)
def test_an_enquiry_with_only_the_required_answers_is_taken(client, method, detail):
    thanks_page(client, submit(client, **(REQUIRED_ONLY | {"contact_method": method} | detail)))
    enquiry = Enquiry.objects.get()
    assert enquiry.contact_method == method
    assert (enquiry.preferred_days, enquiry.preferred_times, enquiry.availability_note) == ([], [], "")
    assert (enquiry.message, enquiry.visit_notes) == ("", "")


def test_a_text_needs_a_mobile_number_and_a_landline_is_refused_clearly(client):
    html = submit(client, contact_method="text", phone="01904 123456").content.decode()
    assert '<a href="#id_phone">This looks like a landline: enter a mobile number, or choose a phone call' in html
    assert not Enquiry.objects.exists()
    thanks_page(client, submit(client, contact_method="phone", phone="01904 123456"))  # a call to it is fine
    assert Enquiry.objects.get().phone.as_e164 == "+441904123456"


def test_a_client_replied_to_by_text_may_still_give_an_email_address(client):
    thanks_page(client, submit(client, contact_method="text", email="sam@example.com"))
    assert Enquiry.objects.get().email == "sam@example.com"


def test_the_form_asks_no_medical_question_and_consent_is_the_only_tick_box(client):
    page = form_page(client)
    form = page.find("form", id="enquiry-form")
    assert [box["name"] for box in form.select("input[type=checkbox]")] == [
        "preferred_days",
        "preferred_days",
        "preferred_times",
        "preferred_times",
        "preferred_times",
        "consent",
    ]
    assert form.find("label", attrs={"for": "id_consent"}).get_text() == CONSENT
    assert not form.find(attrs={"name": "no_red_flags"})
    assert "urgent-signs-heading" not in str(form)
    link = form.find("a", href="/book/get-medical-help/")
    assert link["target"] == "_blank" and link["rel"] == ["noopener"]
    # The page it leads to signposts; it does not say an enquiry was refused.
    urgent = client.get("/book/get-medical-help/").content.decode()
    assert "has not been sent" not in urgent
    assert "pain after a sports injury or pain that is worse in bed" in urgent
    # Its list keeps the NHS's signs without turning away an injured runner or a poor sleeper.
    assert "after a fall or an injury" not in urgent
    assert "serious accident" in urgent


def test_the_optional_details_are_folded_away_and_open_themselves_on_an_error(client):
    details = form_page(client).select_one("details.more-details")
    assert details.summary.get_text() == "More details (optional)"
    assert not details.has_attr("open")
    names = {field["name"] for field in details.select("input, textarea")}
    assert names == {"preferred_days", "preferred_times", "availability_note", "message", "visit_notes"}
    html = submit(client, preferred_times=["midnight"]).content.decode()
    assert BeautifulSoup(html, "html.parser").select_one("details.more-details").has_attr("open")
    # An error elsewhere leaves them folded.
    html = submit(client, name="").content.decode()
    assert not BeautifulSoup(html, "html.parser").select_one("details.more-details").has_attr("open")


def test_the_reply_details_are_marked_for_the_script_which_is_served_from_the_site(client):
    page = form_page(client)
    assert page.select_one("#id_phone").find_parent(class_="reply-detail")["data-reply-for"] == "phone text"
    assert page.select_one("#id_email").find_parent(class_="reply-detail")["data-reply-for"] == "email"
    # They come hidden until a method is chosen (no shift when the script starts); without
    # JavaScript a stylesheet in <noscript> shows them.
    assert page.select_one("#id_phone").find_parent(class_="reply-detail").has_attr("hidden")
    assert page.select_one("#id_email").find_parent(class_="reply-detail").has_attr("hidden")
    noscript = page.head.find("noscript")
    assert "reply-details-noscript" in str(noscript)
    sent = BeautifulSoup(submit(client, contact_method="email", email="", name="").content, "html.parser")
    assert sent.select_one("#id_phone").find_parent(class_="reply-detail").has_attr("hidden")
    assert not sent.select_one("#id_email").find_parent(class_="reply-detail").has_attr("hidden")
    sent = BeautifulSoup(submit(client, contact_method="email", phone="12", name="").content, "html.parser")
    assert not sent.select_one("#id_phone").find_parent(class_="reply-detail").has_attr("hidden")  # its error shows
    script = page.find("script", src=True)
    assert script["src"].startswith("/static/js/reply-method")
    assert not [tag for tag in page.find_all("script") if tag.string and tag.string.strip()]


def test_prices_are_shown_beside_each_treatment_from_its_options(client):
    sports = Treatment.objects.get(slug="sports-massage")
    TreatmentOption.objects.all().delete()  # not the starting prices: these
    TreatmentOption.objects.create(treatment=sports, duration_minutes=90, price=Decimal("67.50"))
    TreatmentOption.objects.create(treatment=sports, duration_minutes=60, price=Decimal("50"))
    page = form_page(client)
    label = page.find("label", attrs={"for": page.find("input", value="sports-massage")["id"]})
    assert label.select_one(".choice-price").get_text() == "60 min £50 · 90 min £67.50"
    # A treatment without prices yet shows its name alone.
    swedish = page.find("label", attrs={"for": page.find("input", value="swedish-massage")["id"]})
    assert swedish.get_text() == "Swedish massage"


def test_the_thank_you_page_repeats_how_and_where_the_reply_comes(client):
    page = thanks_page(client, submit(client, contact_method="text", email="")).content.decode()
    assert "David will text <strong" in page and "07912 345678" in page
    assert "Wrong number? Call" in page
    assert "email" not in BeautifulSoup(page, "html.parser").find("main").get_text().lower()

    page = thanks_page(client, submit(client, contact_method="email", email="kim@example.com")).content.decode()
    assert "David will email <strong>kim@example.com</strong> within one working day." in page
    assert "Wrong address? Call" in page
    assert "A confirmation email is on its way" in page


def test_the_email_promise_depends_on_an_email_really_being_queued(client):
    response = submit(client, contact_method="phone", email="kim@example.com")
    EmailDelivery.objects.filter(kind=EmailKind.CLIENT).delete()  # as when it is held back
    page = thanks_page(client, response).content.decode()
    assert "David will call <strong" in page
    assert "on its way" not in page


def test_the_clients_email_is_signed_by_the_therapist_repeats_the_details_and_says_what_happens_next(
    client, smtp_server
):
    PracticeProfile.objects.update_or_create(pk=1, defaults={"therapist_name": "Dana"})
    thanks_page(client, submit(client, contact_method="text", email="zoe@example.com"))
    run_worker()
    [to_client] = smtp_server.to("zoe@example.com")
    text = to_client.get_body(preferencelist=("plain",)).get_content()
    assert "I will reply by a text message on 07912 345678 within one working day" in text
    assert "Nothing is booked until then." in text
    for detail in ["Reply by: a text message", "Treatment: Sports massage", "Postcode area: YO24"]:
        assert detail in text
    # The choices are repeated; what the client typed is not (the address is unverified).
    assert "When suits: weekdays; morning, evening" in text
    assert "Not Tuesdays" not in text and "Lower back pain after gardening." not in text
    assert "What you wrote in the form is with me" in text
    assert re.search(r"Best wishes,\r?\nDana\r?\nMassage in York", text)
    html = to_client.get_body(preferencelist=("html",)).get_content()
    assert "Best wishes,<br>Dana" in html

    [to_therapist] = smtp_server.to("therapist@example.co.uk")
    therapist_text = to_therapist.get_body(preferencelist=("plain",)).get_content()
    assert "Reply by: A TEXT MESSAGE" in therapist_text
    assert "<strong>a text message</strong>" in to_therapist.get_body(preferencelist=("html",)).get_content()


def test_a_client_who_gave_no_email_gets_none(client, smtp_server):
    thanks_page(client, submit(client, contact_method="text", email=""))
    run_worker()
    assert [message["To"] for message in smtp_server.messages] == ["therapist@example.co.uk"]
