"""The benchmark behind `make bench` (bench/run.sh): the production web process under wrk.

For each database (SQLite in WAL mode, then PostgreSQL when one answers on BENCH_POSTGRES_URL):
a fresh database (migrate, createcachetable, load_articles) and collectstatic; the Procfile's
web command (gunicorn --config deploy/gunicorn.conf.py, two workers, DEBUG off) and worker
command on 127.0.0.1; a local SMTP sink. Then, each for BENCH_SECONDS at 32 connections and 2
threads: the site's CSS file (the reference), an article, the home page and the booking form;
on SQLite the same article and CSS through nginx with deploy/nginx.conf's caching; the booking
POST with unique clients; every enquiry counted in the database and every notification
counted at the SMTP sink after the worker has sent them; resident memory at rest and after.

Results go to bench/out/ (JSON) and the table in bench/RESULTS.md between its markers.
Everything listens on 127.0.0.1 only; every wait is bounded.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

from bench.results import write_readme_goals, write_results

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
VAR = ROOT / "var"
PYTHON = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/massage_bench")
NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
BROWSER_HEADERS = {"Accept-Encoding": "gzip, br", "Accept": "text/html,*/*"}
DRAIN_SECONDS = 600


def log(*args) -> None:
    print("[bench]", *args, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- The SMTP sink ------------------------------------------------------------------------


class Sink:
    """Counts what arrives: (recipient, subject) pairs and Message-IDs."""

    def __init__(self) -> None:
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), str(message["Subject"]), str(message["Message-ID"])))
        return "250 Message accepted for delivery"


# -- Processes ----------------------------------------------------------------------------


def manage(env, *args, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300, capture_output=capture, text=True
    )
    return result.stdout


def start(command, env, logfile) -> subprocess.Popen:
    handle = open(logfile, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def stop(process, timeout=20) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_for_http(url, timeout=30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def memory_mb(*pids) -> tuple[float, int, float]:
    """(PSS, processes, RSS) of the processes and all their descendants, in MB.

    PSS (proportional set size, /proc/PID/smaps_rollup) counts a page shared by n processes
    as 1/n in each, so the sum is the memory the group holds. The gunicorn workers are forks
    of a master that loaded Django (preload_app), so most of their pages are shared: the sum
    of RSS counts those pages once per process (about 90 MB too much here). Both are reported."""
    table = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True, check=True)
    children = {}
    for line in table.stdout.splitlines():
        if line.strip():
            pid, ppid = (int(x) for x in line.split())
            children.setdefault(ppid, []).append(pid)
    todo, seen = list(pids), set()
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(children.get(pid, []))
    pss = rss = 0
    counted = 0
    for pid in seen:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:  # gone, or not ours to read
            continue
        fields = dict(line.split()[:2] for line in rollup.splitlines()[1:])
        pss += int(fields["Pss:"])
        rss += int(fields["Rss:"])
        counted += 1
    return round(pss / 1024, 1), counted, round(rss / 1024, 1)


# -- wrk ----------------------------------------------------------------------------------


def wrk(url, name, script=None, env=None, seconds=SECONDS, headers=BROWSER_HEADERS) -> dict:
    script = script or BENCH / "report.lua"
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script)]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    command.append(url)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, env={**os.environ, **(env or {})}
    )
    (OUT / f"wrk-{name}.txt").write_text(result.stdout + result.stderr)
    line = [x for x in result.stdout.splitlines() if x.startswith("{")]
    if result.returncode or not line:
        raise RuntimeError(f"wrk failed for {name}: {result.stdout}{result.stderr}")
    figures = json.loads(line[-1])
    figures["rps"] = round(figures["requests"] / (figures["duration_us"] / 1e6), 1)
    figures["errors"] = sum(
        figures[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts", "bad_status")
    )
    log(f"{name}: {figures['rps']} req/s, p99 {figures['p99_us'] / 1000:.1f} ms, errors {figures['errors']}")
    return figures


# -- nginx --------------------------------------------------------------------------------


def marked(text, name) -> str:
    match = re.search(rf"# >>> {name}\n(.*?)# <<< {name}", text, re.S)
    if not match:
        raise RuntimeError(f"deploy/nginx.conf lost its '# >>> {name}' markers")
    return match.group(1)


def nginx_workdir() -> Path:
    """A directory for nginx's config, cache and temporary files that its workers can write."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    workdir.chmod(0o755)
    for name in ("cache", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / name).mkdir()
        if os.geteuid() == 0:  # nginx's workers run as nobody when started by root
            shutil.chown(workdir / name, "nobody")
    return workdir


def nginx_config(workdir, port, upstream_port, static_root=VAR / "static") -> str:
    """deploy/nginx.conf's own lines, with this run's paths and ports, in a runnable file."""
    deploy = (ROOT / "deploy" / "nginx.conf").read_text()
    http, server = marked(deploy, "http"), marked(deploy, "server")
    http = http.replace("/var/cache/nginx/massage", str(workdir / "cache")).replace(
        "127.0.0.1:8000", f"127.0.0.1:{upstream_port}"
    )
    server = server.replace("/srv/massage/var/static/", f"{static_root}/")
    temp = {f"{kind}_temp_path": workdir / kind for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    return f"""daemon off;
worker_processes auto;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    access_log {workdir / "access.log"};
    {"".join(f"{k} {v};" for k, v in temp.items())}
{http}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
{server}
    }}
}}
"""


# -- One database -------------------------------------------------------------------------


def reset_postgres(url) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    dsn = f"host={parts.hostname} port={parts.port or 5432} user={parts.username or 'postgres'} dbname=postgres"
    if parts.password:
        dsn += f" password={parts.password}"
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def postgres_answers(url) -> bool:
    try:
        import psycopg

        parts = urllib.parse.urlparse(url)
        dsn = f"host={parts.hostname} port={parts.port or 5432} user={parts.username or 'postgres'} dbname=postgres"
        with psycopg.connect(dsn, connect_timeout=3):
            return True
    except Exception as error:
        log(f"PostgreSQL at {url} does not answer ({error}); skipped")
        return False


def count_rows(env) -> dict:
    code = (
        "import json; from bookings.models import Enquiry, EmailDelivery; "
        "from django.db.models import Count; "
        "print(json.dumps({'enquiries': Enquiry.objects.count(), "
        "'distinct_emails': Enquiry.objects.values('email').distinct().count(), "
        "'deliveries': dict(EmailDelivery.objects.values_list('status').annotate(n=Count('id')))}))"
    )
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def write_form_stamps(env, count, path) -> None:
    """One-time form stamps, as the form would serve them (the site's own function)."""
    code = (
        "from bookings import spam\n"
        f"with open({str(path)!r}, 'w') as out:\n"
        f"    out.writelines(spam.new_form_stamp() + '\\n' for _ in range({count}))"
    )
    manage(env, "shell", "-c", code)


def run_database(label, database_url, secret_key) -> dict:
    log(f"== {label}")
    sink = Sink()
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    web_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        SITE_URL=f"http://127.0.0.1:{web_port}",
        THERAPIST_EMAIL="therapist@example.co.uk",
        DEFAULT_FROM_EMAIL="Massage in York <bookings@example.co.uk>",
        PORT=str(web_port),
        WEB_CONCURRENCY="2",
        # As deployed behind deploy/nginx.conf: the client is the address nginx puts in
        # X-Forwarded-For. book.lua sends each post from an address of its own, so the rate
        # limit stays at its default (BOOKING_RATE_LIMIT is taken out of the environment below)
        # and each post's read is an index lookup that finds nothing, as for a new client. One
        # address at a raised limit would read every earlier post of the run.
        TRUSTED_PROXY_COUNT="1",
        # The minimum fill time stops a load test by design.
        BOOKING_MIN_FILL_SECONDS="0",
        PATH=f"{Path(PYTHON).parent}:{os.environ['PATH']}",
    )
    env.pop("BOOKING_RATE_LIMIT", None)
    result = {"database": label}
    processes = []
    try:
        log("setting up the database and static files")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")
        manage(env, "load_articles")
        manage(env, "collectstatic", "--noinput", "-v0")
        web = start(
            [str(Path(PYTHON).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
            env,
            OUT / f"gunicorn-{label}.log",
        )
        processes.append(web)
        worker = start([PYTHON, "manage.py", "run_worker"], env, OUT / f"worker-{label}.log")
        processes.append(worker)
        base = f"http://127.0.0.1:{web_port}"
        wait_for_http(base + "/healthz")

        manifest = json.loads((VAR / "static" / "staticfiles.json").read_text())["paths"]
        css = "/static/" + manifest["css/site.css"]
        sitemap = requests.get(base + "/sitemap.xml", timeout=5).text
        articles = re.findall(r"<loc>[^<]*?(/articles/[-a-z0-9]+/)</loc>", sitemap)
        if not articles:
            raise RuntimeError("no article in the sitemap")
        article = articles[0]
        pages = {
            "static_css": css,
            "article": article,
            "home": "/",
            "treatments": "/treatments/",
            "about": "/about/",
            "booking_form": "/book/",
        }
        for name, path in list(pages.items()):
            for _ in range(20):
                if requests.get(base + path, headers=BROWSER_HEADERS, timeout=5).status_code != 200:
                    log(f"{path} does not answer 200: left out")
                    del pages[name]
                    break
        result["urls"] = pages
        time.sleep(1)
        result["memory_at_rest"] = memory_mb(web.pid, worker.pid)
        log(f"memory at rest: {result['memory_at_rest'][0]} MB in {result['memory_at_rest'][1]} processes")

        result["gunicorn"] = {name: wrk(base + path, f"{label}-{name}") for name, path in pages.items()}

        if label == "sqlite":
            result["nginx"], result["bytes"] = run_nginx(web_port, css, article)

        if "booking_form" not in pages or "csrfmiddlewaretoken" not in requests.get(base + "/book/").text:
            log("the booking form is not there yet: POST skipped")
            return result
        log("booking POST")
        stop(worker)  # the POST figure is the web process's alone; the worker drains afterwards
        result["booking_post"] = run_booking_post(env, base)
        worker = start([PYTHON, "manage.py", "run_worker"], env, OUT / f"worker-{label}-drain.log")
        processes.append(worker)
        result["delivery"] = drain(env, sink, result["booking_post"]["db"]["enquiries"])
        result["memory_after_load"] = memory_mb(web.pid, worker.pid)
        log(f"memory after load: {result['memory_after_load'][0]} MB")
    finally:
        for process in reversed(processes):
            stop(process)
        smtp.stop()
    return result


def run_booking_post(env, base) -> dict:
    session = requests.Session()
    page = session.get(base + "/book/", timeout=5)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    budget = SECONDS * 2500  # more stamps than the fastest run could use
    stamps_file = OUT / "stamps.txt"
    write_form_stamps(env, budget, stamps_file)
    script = OUT / "book-run.lua"
    script.write_text((BENCH / "report.lua").read_text() + "\n" + (BENCH / "book.lua").read_text())
    before = count_rows(env)["enquiries"]
    figures = wrk(
        base + "/book/",
        f"{env['DATABASE_URL'].split(':')[0]}-booking-post",
        script=script,
        env={
            "BENCH_STAMPS": str(stamps_file),
            "BENCH_CSRF_TOKEN": csrf,
            "BENCH_CSRF_COOKIE": session.cookies["csrftoken"],
            "BENCH_REFERER": base + "/book/",
            "BENCH_THREADS": str(THREADS),
        },
        headers={},
    )
    rows = count_rows(env)
    figures["db"] = rows
    figures["new_rows"] = rows["enquiries"] - before
    # wrk stops with up to one request per connection in flight: saved, but not counted as
    # accepted. So: at least every accepted one saved, at most CONNECTIONS more, none twice.
    figures["all_accepted_saved"] = figures["accepted"] <= figures["new_rows"] <= figures["accepted"] + CONNECTIONS
    figures["no_duplicates"] = rows["distinct_emails"] == rows["enquiries"]
    log(f"booking POST: {figures['accepted']} accepted, {figures['refused']} refused, {figures['new_rows']} rows")
    return figures


def drain(env, sink, enquiries) -> dict:
    """Waits (bounded) for the worker to send every queued email; checks each arrived once."""
    expected = 2 * enquiries
    started = time.monotonic()
    deadline = started + DRAIN_SECONDS
    while time.monotonic() < deadline and len(sink.messages) < expected:
        time.sleep(1)
    time.sleep(2)  # anything extra (a duplicate) arrives now
    seconds = time.monotonic() - started
    rows = count_rows(env)
    with sink.lock:
        received = list(sink.messages)
    per_message = Counter((rcpt, subject) for rcpt, subject, _ in received)
    duplicates = sum(n - 1 for n in per_message.values() if n > 1)
    summary = {
        "expected": expected,
        "received": len(received),
        "duplicates": duplicates,
        "seconds": round(seconds, 1),
        "per_second": round(len(received) / seconds, 1) if seconds else None,
        "deliveries": rows["deliveries"],
    }
    log(f"delivery: {summary}")
    return summary


def run_nginx(upstream_port, css, article) -> tuple[dict, dict]:
    port = free_port()
    workdir = nginx_workdir()
    config = workdir / "nginx.conf"
    config.write_text(nginx_config(workdir, port, upstream_port))
    subprocess.run([NGINX, "-t", "-q", "-c", str(config), "-p", str(workdir)], check=True, timeout=20)
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-p", str(workdir)], cwd=workdir)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(base + css)
        for _ in range(5):
            requests.get(base + article, headers=BROWSER_HEADERS, timeout=5)
        cache_status = requests.get(base + article, headers=BROWSER_HEADERS, timeout=5).headers.get("X-Cache-Status")
        figures = {
            "static_css": wrk(base + css, "nginx-static_css"),
            "article": wrk(base + article, "nginx-article"),
            "article_cache_status": cache_status,
        }
        byte_counts = page_bytes(base, css, article)
    finally:
        stop(nginx)
        for name in ("error.log", "nginx.conf"):
            shutil.copy(workdir / name, OUT / f"nginx-{name}")
        shutil.rmtree(workdir, ignore_errors=True)
    return figures, byte_counts


def page_bytes(base, css, article) -> dict:
    """What a browser downloads for an article, compressed as served through nginx."""
    counts = {}
    for name, path in (("article_html", article), ("css", css)):
        response = requests.get(base + path, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=5)
        raw = response.raw.read(decode_content=False)
        counts[name] = {"bytes": len(raw), "encoding": response.headers.get("Content-Encoding", "identity")}
    html = requests.get(base + article, timeout=5).text
    counts["total"] = counts["article_html"]["bytes"] + counts["css"]["bytes"]
    # JavaScript, that is: JSON-LD structured data (<script type="application/ld+json">) is not code.
    counts["scripts"] = len([tag for tag in re.findall(r"<script\b[^>]*>", html) if "application/ld+json" not in tag])
    log(f"bytes: {counts}")
    return counts


# -- The therapist's admin at 100 and at 100,000 enquiries ----------------------------------

ADMIN_SIZES = [int(n) for n in os.environ.get("BENCH_ADMIN_SIZES", "100,100000").split(",")]
ADMIN_REPEATS = int(os.environ.get("BENCH_ADMIN_REPEATS", "11"))
ADMIN_PASSWORD = secrets.token_urlsafe(24)
# The pages, by URL name (they outlive any rewrite of the admin's code) and query string.
ADMIN_URLS = """
import json
from urllib.parse import urlencode
from django.urls import NoReverseMatch, reverse
from phonenumbers import PhoneNumberFormat, format_number
from bookings.models import Enquiry
middle = Enquiry.objects.order_by("pk")[Enquiry.objects.count() // 2]
phone = format_number(middle.phone, PhoneNumberFormat.NATIONAL)
pages = {
    "enquiry_list": ("admin:bookings_enquiry_changelist", [], ""),
    "phone_search": ("admin:bookings_enquiry_changelist", [], "?" + urlencode({"q": phone})),
    # "completed" has rows at 100 enquiries as at 100,000 ("contacted" has none at 100).
    "status_filter": ("admin:bookings_enquiry_changelist", [], "?status__exact=completed"),
    "enquiry_page": ("admin:bookings_enquiry_change", [middle.pk], ""),
    "admin_index": ("admin:index", [], ""),
    "visits_list": ("admin:bookings_appointment_changelist", [], ""),
}
urls = {}
for name, (url_name, args, query) in pages.items():
    try:
        urls[name] = reverse(url_name, args=args) + query
    except NoReverseMatch:
        pass
print(json.dumps(urls))
"""


def admin_database_url(label, url) -> str:
    if label == "sqlite":
        path = VAR / "bench-admin.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    admin_url = url.rstrip("/") + "_admin"
    reset_postgres(admin_url)
    return admin_url


def run_admin(label, database_url, secret_key) -> dict:
    """Times the therapist's admin pages (median of ADMIN_REPEATS, one signed-in client) on a
    database of its own, seeded by `manage.py seed_enquiries` to each of ADMIN_SIZES."""
    log(f"== {label}: the admin at {ADMIN_SIZES} enquiries")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    port = free_port()
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DATABASE_URL=database_url,
        # What production refuses to start without; no email is sent while timing the admin.
        EMAIL_URL="consolemail://",
        SITE_URL=f"http://127.0.0.1:{port}",
        THERAPIST_EMAIL="therapist@example.co.uk",
        DEFAULT_FROM_EMAIL="Massage in York <bookings@example.co.uk>",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        GUNICORN_ACCESSLOG="",
        ADMIN_REQUIRE_2FA="false",  # the sign-in is not what is measured
        THERAPIST_PASSWORD=ADMIN_PASSWORD,
        PATH=f"{Path(PYTHON).parent}:{os.environ['PATH']}",
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_articles")
    manage(env, "create_therapist", "bench", "--superuser", "--noinput", capture=True)
    web = start(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        env,
        OUT / f"gunicorn-admin-{label}.log",
    )
    result = {"sizes": {}}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(base + "/healthz")
        session = sign_in(base)
        for size in ADMIN_SIZES:
            started = time.monotonic()
            manage(env, "seed_enquiries", "--total", str(size), capture=True)
            seeded = round(time.monotonic() - started, 1)
            urls = json.loads(manage(env, "shell", "-c", ADMIN_URLS, capture=True).strip().splitlines()[-1])
            pages = {name: time_page(session, base + url) for name, url in urls.items()}
            result["sizes"][str(size)] = {"seed_seconds": seeded, "urls": urls, "pages": pages}
            log(
                f"admin at {size}: seeded in {seeded} s; "
                + ", ".join(f"{n} {p['median_ms']} ms" for n, p in pages.items())
            )
    finally:
        stop(web)
    return result


def sign_in(base) -> requests.Session:
    session = requests.Session()
    login = base + "/admin/login/"
    page = session.get(login, timeout=60)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        login,
        data={"username": "bench", "password": ADMIN_PASSWORD, "csrfmiddlewaretoken": csrf, "next": "/admin/"},
        headers={"Referer": login},
        timeout=60,
    )
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"could not sign in to the admin: {response.status_code}")
    return session


def time_page(session, url) -> dict:
    timings, status = [], None
    for attempt in range(ADMIN_REPEATS + 1):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        elapsed = time.perf_counter() - started
        status = response.status_code
        if attempt:  # the first request warms the worker up
            timings.append(elapsed)
    timings.sort()
    return {"median_ms": round(timings[len(timings) // 2] * 1000, 1), "status": status, "final_url": response.url}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    secret_key = secrets.token_urlsafe(50)
    results = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "seconds": SECONDS}
    results["load_before"] = [round(x, 2) for x in os.getloadavg()]
    results["machine"] = {"cpus": os.cpu_count(), "wrk": f"-t{THREADS} -c{CONNECTIONS} -d{SECONDS}s"}
    sqlite_path = VAR / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    runs = [("sqlite", f"sqlite:///{sqlite_path}")] if "sqlite" in wanted else []
    if "postgresql" in wanted and postgres_answers(POSTGRES_URL):
        reset_postgres(POSTGRES_URL)
        runs.append(("postgresql", POSTGRES_URL))
    results["runs"] = []
    for label, url in runs:
        run = run_database(label, url, secret_key) | {"when": results["when"]}
        if os.environ.get("BENCH_ADMIN", "1") == "1":
            run["admin"] = run_admin(label, admin_database_url(label, url), secret_key)
        results["runs"].append(run)
    previous = OUT / "results.json"
    if previous.exists():  # keep the latest figures of a database left out this time
        measured = {run["database"] for run in results["runs"]}
        kept = [run for run in json.loads(previous.read_text())["runs"] if run["database"] not in measured]
        results["runs"] = sorted(results["runs"] + kept, key=lambda run: run["database"] != "sqlite")
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    write_results(results, BENCH / "RESULTS.md")
    write_readme_goals(results, ROOT / "README.md")
    log("written bench/RESULTS.md and the goal table in README.md")


if __name__ == "__main__":
    main()
