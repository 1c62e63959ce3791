"""axe-core finds no violation on any public page, at phone and desktop sizes; each page is
screenshotted for a person to look at, and no page logs an error (a CSP violation, a missing file)."""

import pytest

from tests.site.public_pages import PUBLIC_PATHS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("name", list(PUBLIC_PATHS))
def test_public_page_has_no_accessibility_violations(page, name, assert_accessible, screenshot, console_errors):
    response = page.goto(PUBLIC_PATHS[name])
    assert response.status == 200
    screenshot(name)
    assert_accessible()
    assert console_errors == []


def test_page_not_found_is_accessible(page, assert_accessible, screenshot, console_errors):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    screenshot("404")
    assert_accessible()
    # The one error allowed is Chromium's note that the page itself came with status 404.
    assert [error for error in console_errors if not error.endswith("/no-such-page/)")] == []
