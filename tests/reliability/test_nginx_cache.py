"""deploy/nginx.conf in front of the site: public pages are kept and served by nginx, the
booking form, the admin and a logged-in visitor never are. (bench/ measures the speed.)"""

import re
import shutil
import subprocess

import pytest
import requests

from bench.bench import NGINX, nginx_config, nginx_workdir
from tests.conftest import free_port
from tests.reliability.conftest import wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which(NGINX) is None, reason="nginx is not installed (apt-get install nginx-light)"),
]

ARTICLE = "/articles/sciatica-and-lower-back-pain/"


@pytest.fixture
def proxy(site):
    site.manage("load_articles")
    site.start_web()
    workdir, port = nginx_workdir(), free_port()
    config = workdir / "nginx.conf"
    config.write_text(nginx_config(workdir, port, site.port, static_root=site.env["STATIC_ROOT"]))
    subprocess.run([NGINX, "-t", "-q", "-c", str(config), "-p", str(workdir)], check=True, timeout=20)
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-p", str(workdir)], cwd=workdir)
    base = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return requests.get(base + "/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(answers, 20, message="nginx to answer")
        yield base
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def cache_status(response):
    return response.headers.get("X-Cache-Status")


def test_nginx_keeps_public_pages_and_serves_them_compressed(proxy):
    first = requests.get(proxy + ARTICLE, headers={"Accept-Encoding": "gzip"}, timeout=5)
    again = requests.get(proxy + ARTICLE, headers={"Accept-Encoding": "gzip"}, timeout=5)
    assert first.status_code == again.status_code == 200
    assert cache_status(first) == "MISS"
    assert cache_status(again) == "HIT"
    assert again.headers["Content-Encoding"] == "gzip"
    assert again.text == first.text


def test_nginx_never_keeps_the_booking_form_the_admin_or_a_logged_in_visitor(proxy):
    token = re.compile(r'name="form_token" value="([^"]+)"')
    forms = [requests.get(proxy + "/book/", timeout=5) for _ in range(2)]
    assert all(cache_status(form) in (None, "BYPASS", "MISS") for form in forms)
    assert token.search(forms[0].text).group(1) != token.search(forms[1].text).group(1)
    assert "csrftoken" in forms[1].cookies

    admin = [requests.get(proxy + "/admin/login/", timeout=5) for _ in range(2)]
    assert all(cache_status(page) != "HIT" for page in admin)

    requests.get(proxy + "/about/", timeout=5)
    assert cache_status(requests.get(proxy + "/about/", timeout=5)) == "HIT"
    logged_in = requests.get(proxy + "/about/", cookies={"sessionid": "anything"}, timeout=5)
    assert cache_status(logged_in) == "BYPASS"


def test_nginx_refuses_a_booking_body_over_64_kb_before_it_reaches_the_site(proxy):
    form = "application/x-www-form-urlencoded"
    too_big = requests.post(proxy + "/book/", data=b"message=" + b"x" * 70_000, headers={"Content-Type": form})
    assert too_big.status_code == 413
    a_real_size = requests.post(proxy + "/book/", data=b"message=" + b"x" * 20_000, headers={"Content-Type": form})
    assert a_real_size.status_code == 403  # through to the site, which asks for its CSRF token
    assert "send the form again" in a_real_size.text
