"""The test suite's settings: the production module, with what the suite needs overridden.

pyproject.toml points pytest here. Processes a test starts as production runs them (gunicorn,
the worker, `manage.py`) drop DJANGO_SETTINGS_MODULE and get massage_site.settings with real
environment variables instead.
"""

import os
from unittest import mock

# What production refuses to start without when DEBUG is off, given for the import only
# (a value already in the environment wins), so it doesn't leak to processes tests start.
TEST_ENVIRONMENT = {
    "SECRET_KEY": "tests-only-Vb3nQ8rX1kZ6pL9sD2fH7jW4mC5tY0gA-uE8oI3xR6qN1",
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "SITE_URL": "http://127.0.0.1:8000",
    "EMAIL_URL": "consolemail://",
    "DEFAULT_FROM_EMAIL": "Massage in York <bookings@localhost>",
    "THERAPIST_EMAIL": "david@massageinyork.co.uk",
}

with mock.patch.dict(os.environ, {k: v for k, v in TEST_ENVIRONMENT.items() if k not in os.environ}):
    from massage_site.settings import *  # noqa: F403

# The test client and the live server talk plain HTTP, like a site behind a TLS proxy.
SECURE_SSL_REDIRECT = False

# Templates use {% static %} without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Creating users in nearly every admin test: a fast hash (never in production).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each test starts the page cache on a version of its own (tests/conftest.py), so the shared
# version is not re-read during a test and a page costs its view's queries and no more.
# tests/site/test_page_cache.py checks production's one-second interval.
PAGE_CACHE_VERSION_CHECK_SECONDS = 3600.0
