"""The Procfile's web line, under production variables, serves the site with its security headers."""

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.bookings.booking_form import valid_data
from tests.conftest import free_port, fresh_database, procfile_command

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="module")
def production_server(database_url, tmp_path_factory):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="false",
        SECRET_KEY="tests-only-Q9v7KpX2mZ4rT8wL1nB6yH3-8fJ2kD5sA0gU7eR4cV1xN6",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://www.example.co.uk",
        EMAIL_URL="consolemail://",
        THERAPIST_EMAIL="therapist@example.co.uk",
        DEFAULT_FROM_EMAIL="Massage in York <bookings@example.co.uk>",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        PORT=str(port),
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        GUNICORN_ACCESSLOG="",
        BOOKING_MIN_FILL_SECONDS="0",
    )
    subprocess.run(["bash", "-c", procfile_command("release")], cwd=ROOT, env=env, check=True, timeout=300)
    server = subprocess.Popen(shlex.split(procfile_command("web")), cwd=ROOT, env=env)
    try:
        yield wait_until_answering(server, f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=20)


def wait_until_answering(server, base):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited"
        try:
            requests.get(base + "/healthz", timeout=5, allow_redirects=False)
            return base
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within 60 s")


HTTPS = {"X-Forwarded-Proto": "https"}


def test_procfile_web_serves_pages_with_security_headers_in_production(production_server):
    for path in ["/", "/treatments/", "/about/", "/privacy/", "/healthz"]:
        response = requests.get(production_server + path, headers=HTTPS, timeout=5)
        assert response.status_code == 200, path
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert "Permissions-Policy" in response.headers


def test_procfile_web_redirects_plain_http_to_https(production_server):
    response = requests.get(production_server + "/", allow_redirects=False, timeout=5)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_procfile_web_serves_hashed_compressed_css_with_a_long_cache_life(production_server):
    html = requests.get(production_server + "/", headers=HTTPS, timeout=5).text
    css_path = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css_path.startswith("/static/css/site.") and css_path.endswith(".css")
    response = requests.get(production_server + css_path, headers={**HTTPS, "Accept-Encoding": "br"}, timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]


def test_procfile_release_and_web_serve_the_articles(production_server):
    response = requests.get(production_server + "/articles/sciatica-and-lower-back-pain/", headers=HTTPS, timeout=5)
    assert response.status_code == 200
    assert "<h1>Sciatica" in response.text
    share_image = response.text.split('property="og:image" content="')[1].split('"')[0]
    path = share_image.split("://", 1)[1].split("/", 1)[1]
    image = requests.get(f"{production_server}/{path}", headers=HTTPS, timeout=5)
    assert image.status_code == 200
    assert image.headers["Content-Type"] == "image/png"


def test_a_booking_enquiry_goes_through_over_https_behind_the_proxy(production_server):
    form = requests.get(production_server + "/book/", headers=HTTPS, timeout=5)
    assert form.status_code == 200
    assert "no-store" in form.headers["Cache-Control"]
    csrf_cookie = form.cookies["csrftoken"]
    csrf_token = form.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    stamp = form.text.split('name="form_token" value="')[1].split('"')[0]
    response = requests.post(
        production_server + "/book/",
        data={**valid_data(stamp), "csrfmiddlewaretoken": csrf_token},
        headers={**HTTPS, "Referer": production_server.replace("http://", "https://") + "/book/"},
        cookies={"csrftoken": csrf_cookie},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 303, response.text[:500]
    thanks = requests.get(production_server + response.headers["Location"], headers=HTTPS, timeout=5)
    assert "MY-" in thanks.text


def test_health_check_answers_plain_http_for_a_load_balancer(production_server):
    response = requests.get(production_server + "/healthz", allow_redirects=False, timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_page_in_production_is_the_site_404_not_a_debug_page(production_server):
    response = requests.get(production_server + "/nope/", headers=HTTPS, timeout=5)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text


def test_a_public_page_has_the_same_headers_rendered_or_kept(production_server):
    # Each of the two workers renders the page once and keeps it: rendered and kept copies alike.
    for path in ["/about/?headers", "/articles/sciatica-and-lower-back-pain/?headers"]:
        responses = [
            requests.get(production_server + path, headers={**HTTPS, "Accept-Encoding": "gzip"}, timeout=5)
            for _ in range(6)
        ]
        headers = [{k: v for k, v in r.headers.items() if k != "Date"} for r in responses]
        assert all(h == headers[0] for h in headers), path
        assert headers[0]["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "default-src 'self'" in headers[0]["Content-Security-Policy"]
        assert headers[0]["Vary"] == "Accept-Encoding"
        assert headers[0]["Content-Encoding"] == "gzip"
        assert headers[0]["ETag"].startswith('W/"')
        assert headers[0]["Cache-Control"] == "public, max-age=300"
        assert "Set-Cookie" not in headers[0]
