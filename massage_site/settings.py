"""Settings for the practice's site: one module, read from the environment.

Every variable is documented in README.md. The safe path is the default: DEBUG is off
unless asked for (``make run`` asks for it), and unsafe production settings stop start-up.
"""

import os
import secrets
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

if sys.version_info < (3, 12):  # noqa: UP036 - the message is the point
    sys.exit("This site needs Python 3.12 or newer (3.13 recommended, see .python-version).")

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def local_secret_key() -> str:
    """For DEBUG runs without SECRET_KEY: a random key made once and kept in var/ (not committed)."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = local_secret_key()
# Rotating the key: put the old one here for a while, so signed values made with it (open
# booking forms, thank-you links, sessions) still work.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])


def weak_secret_key(key) -> bool:
    """check --deploy's rules (Django's own test: length, unique characters, the
    django-insecure- prefix), and a short piece repeated ("password" * 7) is weak too."""
    from django.core.checks.security.base import _check_secret_key

    period = next((p for p in range(1, len(key) + 1) if key[p:] == key[:-p]), len(key))
    return not _check_secret_key(key) or period <= len(key) // 3


if not DEBUG:
    if weak_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random value when DEBUG is off "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DEBUG is off (e.g. ALLOWED_HOSTS=www.example.co.uk)."
        )

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Production sends real email to the therapist and clients: without these set on purpose the
# site would print every notification to its log and mark it sent. Stop start-up instead.
# (The console backend is allowed when asked for by name: EMAIL_URL=consolemail://.)
PRODUCTION_REQUIRED = ["EMAIL_URL", "SITE_URL", "THERAPIST_EMAIL", "DEFAULT_FROM_EMAIL"]
if not DEBUG and (missing := [name for name in PRODUCTION_REQUIRED if not env.str(name, default="")]):
    raise ImproperlyConfigured(
        f"{', '.join(missing)} must be set when DEBUG is off (see README: Production). "
        "EMAIL_URL=consolemail:// prints emails to the log instead of sending them."
    )

INSTALLED_APPS = [
    "massage_site.admin_apps.TherapistAdminConfig",  # django.contrib.admin with our site (2FA)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "phonenumber_field",
    "crispy_forms",
    "crispy_bootstrap5",
    "massage_site",
    "articles",
    "bookings",
]

MIDDLEWARE = [
    # Conditional requests (ETag, 304) for every page, kept or rendered: Django's own.
    "django.middleware.http.ConditionalGetMiddleware",
    # Kept public pages are sent from here, before the rest of the stack (massage_site/cache.py).
    "massage_site.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "massage_site.middleware.SecurityHeadersMiddleware",
    # A body the site can't read (another charset, a file upload): a 400 page, before anything parses it.
    "massage_site.middleware.RequestBodyMiddleware",
    "massage_site.middleware.RefuseTraceMiddleware",
    # A database that can't be reached: a 503 page with the phone number.
    "massage_site.database_unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The old site's addresses: a 404 that matches a redirect added in admin becomes a 301.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "massage_site.urls"
SITE_ID = 1  # django.contrib.sites, for the redirects app: one site
WSGI_APPLICATION = "massage_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "massage_site.context_processors.practice",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
if os.environ.get("DATABASE_URL") == "":  # set, but to nothing: a mistake, not "use SQLite"
    raise ImproperlyConfigured(
        "DATABASE_URL is set but empty: give the database's URL, or unset it for the local SQLite database."
    )
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at the
    # start of a transaction so concurrent writers queue (busy timeout) instead of failing
    # with "database is locked". https://docs.djangoproject.com/en/6.1/ref/databases/#sqlite-notes
    # The wait is short (5 s): a request makes a few writes, and all of them must give up
    # well inside gunicorn's 30 s timeout so the client gets the 503 page, not a cut
    # connection (tests/reliability/test_database_unavailable.py).
    SQLITE_BUSY_TIMEOUT = env.int("SQLITE_BUSY_TIMEOUT", default=5)
    # Django's backend, waiting for the write lock in 0.2 ms steps (massage_site/sqlite_backend).
    DATABASES["default"]["ENGINE"] = "massage_site.sqlite_backend"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000};"
        ),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Parameters bound by the server, and psycopg's prepared statements: a statement run five
    # times on a connection (every one of a booking post's) is then parsed once per connection
    # instead of on every run (the booking POST gains about a tenth, bench/RESULTS.md).
    # Django leaves both off for connection poolers in transaction mode, which don't keep a
    # connection's prepared statements: DATABASE_PREPARED_STATEMENTS=false behind one. After a
    # migration the web processes start again (README: Production).
    # https://docs.djangoproject.com/en/6.1/ref/databases/#server-side-parameters-binding
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Cache: the database by default so the page cache's content version is shared by every gunicorn
# process; Redis (or anything django-environ knows) when CACHE_URL is set.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
    if CACHES["default"]["BACKEND"].startswith("django_redis"):
        CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
        CACHES["default"].pop("OPTIONS", None)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_table",
            # Django's default of 300 entries could cull the page cache's content version.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# The page cache (massage_site/cache.py): how long browsers and shared caches may keep a public
# page, and how often each process re-reads the shared content version.
PAGE_CACHE_MAX_AGE = 300
PAGE_CACHE_VERSION_CHECK_SECONDS = 1.0

# The booking form page is rendered once per process and content version, with each visitor's
# CSRF token and form stamp put in (bookings/form_page.py). False renders it on every request.
BOOKING_FORM_PAGE_KEPT = True

# Tasks: Django's tasks framework with a database-backed queue; the worker is
# `manage.py run_worker` (Procfile `worker:`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email: MAILERS (Django 6.1) built from EMAIL_URL. Console by default.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")


def mailer_from_url(url: str) -> dict:
    config = environ.Env.email_url_config(url)
    options = {}
    if config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
        options = {
            "host": config["EMAIL_HOST"],
            "port": config["EMAIL_PORT"] or 25,
            "username": config["EMAIL_HOST_USER"] or None,
            "password": config["EMAIL_HOST_PASSWORD"] or None,
            "use_tls": config.get("EMAIL_USE_TLS", False),
            "use_ssl": config.get("EMAIL_USE_SSL", False),
            "timeout": env.int("EMAIL_TIMEOUT", default=20),
            # The relay's answer to the message itself may take 10 minutes (RFC 5321 4.5.3.2).
            "data_timeout": env.int("EMAIL_DATA_TIMEOUT", default=600),
        }
        config["EMAIL_BACKEND"] = "massage_site.smtp.EmailBackend"
    return {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}


MAILERS = {"default": mailer_from_url(EMAIL_URL)}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Massage in York <bookings@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The practice's public facts (defaults from the current site).
PRACTICE_NAME = env.str("PRACTICE_NAME", default="Massage in York")
PRACTICE_PHONE = env.str("PRACTICE_PHONE", default="07713 250352")
PRACTICE_EMAIL = env.str("PRACTICE_EMAIL", default="david@massageinyork.co.uk")
PRACTICE_AREA = env.str("PRACTICE_AREA", default="York and the surrounding YO postcodes")
THERAPIST_EMAIL = env.str("THERAPIST_EMAIL", default=PRACTICE_EMAIL)
# Postcode districts the practice visits. Outside them an enquiry is still taken.
SERVICE_DISTRICTS = env.list(
    "SERVICE_DISTRICTS",
    default=[
        "YO1",
        "YO10",
        "YO19",
        "YO23",
        "YO24",
        "YO26",
        "YO30",
        "YO31",
        "YO32",
        "YO41",
        "YO42",
        "YO43",
        "YO51",
        "YO60",
        "YO61",
        "YO62",
    ],
)
REPLY_WITHIN = env.str("REPLY_WITHIN", default="one working day")
RETENTION_MONTHS = env.int("RETENTION_MONTHS", default=24)
# Visit reminders: hours before the visit the client's reminder email goes out.
REMINDER_HOURS_BEFORE = env.int("REMINDER_HOURS_BEFORE", default=24)
VISIT_PREPARATION = env.str(
    "VISIT_PREPARATION",
    default="Please clear a space about two metres by three for the massage table, and have a towel or two to hand.",
)
# Booking form anti-spam: minimum seconds to fill the form, and enquiries per IP per hour.
BOOKING_MIN_FILL_SECONDS = env.int("BOOKING_MIN_FILL_SECONDS", default=3)
BOOKING_RATE_LIMIT = env.str("BOOKING_RATE_LIMIT", default="10/h")
# Client confirmations go to addresses nobody has verified: at most this many per address a day.
BOOKING_CONFIRMATIONS_PER_ADDRESS = env.int("BOOKING_CONFIRMATIONS_PER_ADDRESS", default=3)
# Request bodies: the booking form is a few kilobytes; nothing on the site takes a file.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
# The admin takes one file, the therapist's photo, straight from a phone camera; no public page takes any.
ADMIN_UPLOAD_MAX_BYTES = env.int("ADMIN_UPLOAD_MAX_MB", default=20) * 1024 * 1024
# How many proxies in front of gunicorn append the client's address to X-Forwarded-For (e.g. 1
# behind nginx). 0 uses the socket's address. Behind a proxy, leaving it at 0 would make every
# client share one booking limit and one admin lockout (a deploy check warns).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
# Where sign-in lands when its `next` is missing or points off the site: the desk.
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "massage_site.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False  # no "AXES: BEGIN version …" banner on every management command
OTP_TOTP_ISSUER = PRACTICE_NAME

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
# static/ holds our own files; var/build/ the CSS that `npm run build` compiles from static/scss/.
STATICFILES_DIRS = [BASE_DIR / "static", VAR_DIR / "build"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 60 * 60

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PHONENUMBER_DEFAULT_REGION = "GB"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

# Security. Each is overridable by an environment variable of the setting's own name.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer checks /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if env.str("SECURE_PROXY_SSL_HEADER", default=""):
    # e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
    SECURE_PROXY_SSL_HEADER = tuple(env.list("SECURE_PROXY_SSL_HEADER"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
