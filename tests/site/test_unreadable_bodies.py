"""A body the site can't read gets the 400 page, never a 500: a form in another charset (to
the booking form and the admin login, with or without the CSRF cookie), a file, a huge body."""

import logging
import re

import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse

from bookings.models import Enquiry

pytestmark = pytest.mark.django_db

CHARSETS = [
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=utf-8; charset=latin-1",
]


def assert_the_400_page(response, caplog):
    assert response.status_code == 400
    html = response.content.decode()
    assert "Something went wrong with that request" in html and "nothing was sent or saved" in html
    assert "07713 250352" in html
    assert "Traceback" not in html
    assert not [record for record in caplog.records if record.exc_info], "an exception was logged"


@pytest.mark.parametrize("content_type", CHARSETS)
@pytest.mark.parametrize("url", ["/book/", "admin:login"])
@pytest.mark.parametrize("with_csrf_cookie", [True, False])
def test_a_form_in_another_charset_gets_the_400_page(url, content_type, with_csrf_cookie, caplog):
    url = url if url.startswith("/") else reverse(url)
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    body = "name=Jo&username=sam&password=x"
    if with_csrf_cookie:
        page = browser.get(url).content.decode()
        body += "&csrfmiddlewaretoken=" + re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    caplog.set_level(logging.INFO)
    assert_the_400_page(browser.post(url, body.encode(), content_type=content_type), caplog)
    assert not Enquiry.objects.exists()


def test_a_file_sent_to_the_booking_form_gets_the_400_page_and_is_not_kept(client, caplog, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    upload = tmp_path / "big.bin"
    upload.write_bytes(b"x" * 100_000)
    with upload.open("rb") as file:
        response = client.post("/book/", {"name": "Jo", "attachment": file})
    assert_the_400_page(response, caplog)
    assert [p for p in tmp_path.iterdir() if p != upload] == []


def test_any_multipart_body_to_the_booking_form_is_refused_unread(client, caplog):
    """No public form takes a file: a browser posts them url-encoded, so multipart is refused."""
    response = client.post("/book/", {"name": "Jo", "message": "hello"}, content_type=MULTIPART_CONTENT)
    assert_the_400_page(response, caplog)
    assert not Enquiry.objects.exists()


def test_the_app_caps_request_bodies_at_a_megabyte_by_default():
    from tests.site.test_settings import manage

    code = "from django.conf import settings; print(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)"
    assert manage("shell", "--no-imports", "-c", code, DEBUG="true").stdout.strip() == str(1024 * 1024)


def test_a_large_file_to_the_admin_login_is_refused_unread(client, caplog, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    upload = tmp_path / "big.bin"
    settings.ADMIN_UPLOAD_MAX_BYTES = 50_000
    upload.write_bytes(b"x" * 50_001)
    with upload.open("rb") as file:
        response = client.post(reverse("admin:login"), {"username": "sam", "password": "x", "file": file})
    assert_the_400_page(response, caplog)
    assert [p for p in tmp_path.iterdir() if p != upload] == []
