"""Browser fixtures: one headless Debian Chromium for the browser tests, a fresh context per test.

The browser tests need Chromium at /usr/bin/chromium (`apt-get install chromium`; E2E_CHROMIUM
names another path) and skip with that message without it (fail, with REQUIRE_BROWSER=1 as in
CI). Playwright's own browser download is not used: the browser is launched from
`executable_path`. Screenshots go to test-artifacts/e2e/, and their paths are listed at the end
of the run.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

from tests.conftest import skip_without

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
ARTIFACTS = settings.BASE_DIR / "test-artifacts" / "e2e"

_saved_screenshots: list[Path] = []


def pytest_terminal_summary(terminalreporter):
    if _saved_screenshots:
        terminalreporter.section("screenshots")
        for path in _saved_screenshots:
            terminalreporter.write_line(str(path))


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """One browser for all the browser tests, closed after the last of them so the tests that
    follow run without Playwright's event loop in their thread."""
    if not CHROMIUM.exists():
        skip_without(
            "Chromium", f"The browser tests need Chromium at {CHROMIUM}: install it with `apt-get install chromium`."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread. From then on Django
    # sees an async context, so the ORM calls the tests make between browser steps need its
    # async guard lifted, and they get new connection objects (asgiref's Local keeps an async
    # context's apart), which lack the data the test database was created with. That data is
    # handed on, so the `serialized_rollback` of the browser tests can restore it.
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
                # A transactional test without serialized rollback may have run before: its flush
                # re-created content types and permissions under new ids, which would clash with
                # the restored ones. Each browser test starts from the data as migrated instead.
                with django_db_blocker.unblock():
                    call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    """The name of the screen size the test runs at: each browser test runs at both."""
    return request.param


@pytest.fixture
def site(settings):
    """The site as a visitor meets it: the articles loaded, no rate-limit counts from earlier tests,
    and no minimum fill time (a browser fills the form in milliseconds)."""
    cache.clear()
    settings.BOOKING_MIN_FILL_SECONDS = 0
    call_command("load_articles", stdout=StringIO())


@pytest.fixture
def console_errors():
    """Messages the page logged as errors (a CSP violation, a failed request, a script error)."""
    return []


@pytest.fixture
def page(browser, viewport, live_server, site, console_errors):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on(
        "console",
        lambda message: (
            message.type == "error" and console_errors.append(f"{message.text} ({message.location.get('url', '')})")
        ),
    )
    tab.on("pageerror", lambda error: console_errors.append(str(error)))
    yield tab
    context.close()


@pytest.fixture
def screenshot(page, viewport):
    """Saves a full-page screenshot as test-artifacts/e2e/<name>-<viewport>.png and reports its path."""

    def save(name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}-{viewport}.png"
        page.screenshot(path=str(path), full_page=True)
        _saved_screenshots.append(path.relative_to(settings.BASE_DIR))
        print(f"screenshot: {path}")
        return path

    return save


@pytest.fixture
def run_worker():
    """Runs every queued task once, as the Procfile's worker would, in this process (so it uses
    the test's settings, such as the SMTP server), then returns."""

    def run():
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    return run


THERAPIST = {"username": "therapist", "password": "calm-otter-violet-42", "email": "therapist@example.com"}


@pytest.fixture
def therapist(monkeypatch, settings):
    """The therapist's account as `manage.py create_therapist` makes it, with its authenticator."""
    settings.ADMIN_REQUIRE_2FA = True
    monkeypatch.setenv("THERAPIST_PASSWORD", THERAPIST["password"])
    call_command("create_therapist", THERAPIST["username"], "--noinput", email=THERAPIST["email"], stdout=StringIO())
    return get_user_model().objects.get(username=THERAPIST["username"])


@pytest.fixture
def sign_in(page, therapist):
    """Signs the therapist in to the admin through its login page, with the code their
    authenticator app would show now."""

    def go():
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from playwright.sync_api import expect

        device = TOTPDevice.objects.get(user=therapist)
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        page.goto("/" + settings.ADMIN_URL)
        page.get_by_label("Username").fill(THERAPIST["username"])
        page.get_by_label("Password").fill(THERAPIST["password"])
        page.get_by_label("Code").fill(f"{code:0{device.digits}d}")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Your desk")).to_be_visible()

    return go


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(page, axe):
    """Runs axe-core on the page as it is now and fails with every violation, where and why."""

    def check():
        violations = axe.run(page).response["violations"]
        report = []
        for violation in violations:
            targets = ["/".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            report.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {', '.join(targets)}")
        assert not report, f"axe found {len(report)} violation(s) on {page.url}:\n" + "\n".join(report)

    return check
