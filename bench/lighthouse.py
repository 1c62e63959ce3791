"""Lighthouse on the production configuration: `bash bench/lighthouse.sh` (not part of the tests).

A fresh SQLite database (migrate, createcachetable, load_articles) and collectstatic into
var/static, then the Procfile's web command (gunicorn --config deploy/gunicorn.conf.py) with DEBUG
off on 127.0.0.1. Lighthouse (npm, pinned, run with npx) audits the home page, an article and the
booking form with its default mobile settings (a mid-range phone, simulated slow 4G) in Debian's
Chromium (CHROME_PATH), for performance, accessibility, best practices and SEO.

The reports go to bench/out/lighthouse-<page>.json; the scores, and every audit that kept a score
below 100, to the "Lighthouse" section of bench/RESULTS.md (between its markers; the rest of the
file belongs to bench/bench.py). Everything listens on 127.0.0.1 only; every wait is bounded.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
# Pinned, and fetched by npx rather than listed in package.json: it brings a few hundred packages
# (puppeteer-core among them) that `npm ci` would otherwise install for every test run and CI.
# Lighthouse 13 asks for Node.js 22.19 or newer; on Node.js 20 npx warns about that and it runs.
LIGHTHOUSE = os.environ.get("LIGHTHOUSE_PACKAGE", "lighthouse@13.5.0")
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "article": "/articles/sciatica-and-lower-back-pain/",
    "booking form": "/book/",
}
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"


def log(*args) -> None:
    print("[lighthouse]", *args, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(port, database) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "consolemail://",
        "THERAPIST_EMAIL": "therapist@example.co.uk",
        "DEFAULT_FROM_EMAIL": "Massage in York <bookings@example.co.uk>",
        "DATABASE_URL": f"sqlite:///{database}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESSLOG": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300)


def wait_for(url, timeout=30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def lighthouse(url, report) -> dict[str, Any]:
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    subprocess.run(command, cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROME_PATH}, check=True, timeout=600)
    return json.loads(report.read_text())


def below_100(result) -> list[tuple[str, str, str]]:
    """(category, audit title, what Lighthouse says) for each audit that cost points."""
    found = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                found.append((category, audit["title"], audit.get("displayValue", "")))
    return found


def table(results, version, chromium) -> str:
    lines = [
        f"Lighthouse {version}, mobile (its defaults: Moto G Power, simulated slow 4G, 4× CPU slowdown), "
        f"in {chromium}, against gunicorn with DEBUG off on 127.0.0.1. Run `bash bench/lighthouse.sh`; "
        "reports in bench/out/lighthouse-*.json. Plain HTTP on 127.0.0.1 counts as a secure origin for "
        "Lighthouse; in production TLS ends at the proxy (deploy/nginx.conf).",
        "",
        "| page | performance | accessibility | best practices | SEO |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, result in results.items():
        scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
        lines.append(f"| {name} ({PAGES[name]}) | " + " | ".join(map(str, scores)) + " |")
    lines += [
        "",
        "| page | first contentful paint | largest contentful paint | total blocking time | layout shift |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, result in results.items():
        metrics = [result["audits"][metric]["displayValue"] for metric in METRICS]
        lines.append(f"| {name} | " + " | ".join(metrics) + " |")
    lost = [(name, *item) for name, result in results.items() for item in below_100(result)]
    all_100 = all(round(r["categories"][c]["score"] * 100) == 100 for r in results.values() for c in CATEGORIES)
    heading = "Audits below full marks" + (" (each category still rounds to 100):" if all_100 else ":")
    lines += ["", heading if lost else "Every audit has full marks."]
    lines += [f"- {name}, {category}: {title} {value}".rstrip() for name, category, title, value in lost]
    return "\n".join(lines)


def write_section(text) -> None:
    section = f"{START}\n{text}\n{END}"
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    if START in current and END in current:
        current = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, current, flags=re.S)
    else:
        current = current.rstrip() + f"\n\n## Lighthouse\n\n{section}\n"
    RESULTS.write_text(current)


def main() -> None:
    if not Path(CHROME_PATH).exists():
        sys.exit(f"Lighthouse needs Chromium at {CHROME_PATH}: apt-get install chromium (or set CHROME_PATH).")
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(port, Path(tmp) / "db.sqlite3")
        log("database, articles, static files")
        for args in [("migrate", "--noinput", "-v0"), ("createcachetable",), ("load_articles",)]:
            manage(env, *args)
        manage(env, "collectstatic", "--noinput", "-v0")
        web_line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
        command = web_line.removeprefix("web:").split()
        command[0] = str(Path(sys.executable).with_name(command[0]))
        log("starting", " ".join(command), "on port", port)
        with open(OUT / "lighthouse-gunicorn.log", "w") as server_log:
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz")
            results = {}
            for name, path in PAGES.items():
                log("auditing", base + path)
                results[name] = lighthouse(base + path, OUT / f"lighthouse-{name.replace(' ', '-')}.json")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    first = next(iter(results.values()))
    chrome_version = re.search(r"Chrome/([\d.]+)", first["environment"]["hostUserAgent"]).group(1)
    chromium = f"Debian Chromium {chrome_version}"
    text = table(results, first["lighthouseVersion"], chromium)
    write_section(text)
    print(text)


if __name__ == "__main__":
    main()
