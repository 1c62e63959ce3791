"""The privacy notice covers what the law asks of a practice that collects health details, and its
consent wording is the one the booking form uses."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

CONSENT = (
    "I agree that the details I give here, including any about my health, are used to reply to my "
    "enquiry and arrange my visit, as the privacy notice explains."
)


def notice(client):
    return " ".join(BeautifulSoup(client.get("/privacy/").content, "html.parser").find("main").get_text(" ").split())


def test_the_notice_names_the_controller_and_how_to_reach_it(client, settings):
    text = notice(client)
    assert f"{settings.PRACTICE_NAME}, the practice of massage therapist David, is the data controller" in text
    assert settings.PRACTICE_EMAIL in text and settings.PRACTICE_PHONE in text


def test_the_notice_gives_the_lawful_bases_with_explicit_consent_for_health_details(client):
    text = notice(client)
    assert "Details about your health : your explicit consent" in text
    assert CONSENT in text
    assert "special category data" in text


def test_the_notice_names_the_recipients_retention_rights_and_the_ico(client, settings):
    settings.RETENTION_MONTHS = 18
    text = notice(client)
    assert "email provider" in text
    assert "kept for 18 months after it is closed" in text
    for right in ["a copy", "corrected", "deleted", "withdraw your consent"]:
        assert right in text
    assert "Information Commissioner's Office (ICO)" in text
    soup = BeautifulSoup(client.get("/privacy/").content, "html.parser")
    assert soup.find("a", href="https://ico.org.uk/make-a-complaint/")
