"""Production settings come from the environment and refuse to start when unsafe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "tests-only-Q9v7KpX2mZ4rT8wL1nB6yH3-8fJ2kD5sA0gU7eR4cV1xN6"
# What production must set (README: Production); nothing else.
REQUIRED = {
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "www.example.co.uk",
    "SITE_URL": "https://www.example.co.uk",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.co.uk:587",
    "THERAPIST_EMAIL": "therapist@example.co.uk",
    "DEFAULT_FROM_EMAIL": "Massage in York <bookings@example.co.uk>",
}


def manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.pop("DEBUG", None)
    env.pop("SECRET_KEY", None)
    env.pop("ALLOWED_HOSTS", None)
    env.pop("DATABASE_PREPARED_STATEMENTS", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_start_up_stops_without_a_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="www.example.co.uk")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_start_up_stops_with_a_repetitive_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="www.example.co.uk", SECRET_KEY="abab" * 20)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_start_up_stops_without_allowed_hosts_when_debug_is_off():
    result = manage("check", DEBUG="false", SECRET_KEY=GOOD_SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_debug_mode_starts_with_the_local_defaults():
    result = manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("email_url", ["smtp+tls://user:pass@smtp.example.co.uk:587"])
def test_production_settings_pass_check_deploy_but_for_the_hsts_preload_hint(email_url):
    result = manage("check", "--deploy", DEBUG="false", **(REQUIRED | {"EMAIL_URL": email_url}))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if "security.W" in line]
    assert [w for w in warnings if "W021" not in w] == []


def test_email_url_configures_the_default_mailer():
    code = (
        "from django.conf import settings; o = settings.MAILERS['default']['OPTIONS'];"
        "print(settings.MAILERS['default']['BACKEND'], o['host'], o['port'], o['username'], o['use_tls'])"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, DEBUG="true", EMAIL_URL="smtp+tls://me:secret@mail.example.co.uk:587"
    )
    assert result.stdout.split() == [
        "massage_site.smtp.EmailBackend",
        "mail.example.co.uk",
        "587",
        "me",
        "True",
    ]


def test_cache_url_selects_django_redis_cache_backend():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage("shell", "--no-imports", "-c", code, DEBUG="true", CACHE_URL="redis://127.0.0.1:6379/1")
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    assert result.stdout.split() == ["wal", "IMMEDIATE"], result.stderr


def test_start_up_stops_with_a_short_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="www.example.co.uk", SECRET_KEY="short-but-not-empty")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_warns_behind_a_proxy_without_a_proxy_count():
    production = REQUIRED | {"DEBUG": "false", "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}
    warned = manage("check", "--deploy", **production)
    assert "massage_site.W001" in warned.stdout + warned.stderr
    quiet = manage("check", "--deploy", TRUSTED_PROXY_COUNT="1", **production)
    assert "massage_site.W001" not in quiet.stdout + quiet.stderr


def test_debug_runs_without_a_secret_key_use_a_random_local_key_kept_in_var():
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = manage("shell", "--no-imports", "-c", code, DEBUG="true").stdout.strip()
    second = manage("shell", "--no-imports", "-c", code, DEBUG="true").stdout.strip()
    assert first == second == (ROOT / "var" / "secret_key").read_text().strip()
    assert len(first) >= 50


def test_management_commands_print_no_axes_banner():
    result = manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret_key",
    [
        "password" * 7,  # 56 characters, 7 different ones: a repeated word
        "correct-horse-" * 4,
        "django-insecure-" + "Q9v7KpX2mZ4rT8wL1nB6yH3-8fJ2kD5sA0gU7eR4cV1xN6",
    ],
)
def test_start_up_stops_with_a_weak_secret_key_as_check_deploy_would_call_it(secret_key):
    result = manage("check", **(REQUIRED | {"SECRET_KEY": secret_key}))
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value" in result.stderr


@pytest.mark.parametrize("name", ["EMAIL_URL", "SITE_URL", "THERAPIST_EMAIL", "DEFAULT_FROM_EMAIL"])
def test_start_up_stops_when_debug_is_off_and_an_email_setting_is_left_to_its_default(name):
    env = {k: v for k, v in REQUIRED.items() if k != name}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be set when DEBUG is off" in result.stderr


def production_value(expression, **env):
    """A setting's value in a fresh process whose environment holds only ``env``."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")} | env
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            f"from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_console_email_backend_runs_in_production_only_when_asked_for_by_name():
    backend = "settings.MAILERS['default']['BACKEND']"
    assert production_value(backend, **REQUIRED) == "massage_site.smtp.EmailBackend"
    console = production_value(backend, **(REQUIRED | {"EMAIL_URL": "consolemail://"}))
    assert console == "django.core.mail.backends.console.EmailBackend"


def test_production_defaults_with_only_the_required_variables_set():
    """No DEBUG, no ADMIN_REQUIRE_2FA, no AXES_FAILURE_LIMIT: the safe values are the defaults."""
    values = production_value(
        "settings.DEBUG, settings.ADMIN_REQUIRE_2FA, settings.AXES_FAILURE_LIMIT, settings.SESSION_COOKIE_SECURE",
        **REQUIRED,
    )
    assert values == "False True 5 True"


POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_OPTIONS = (
    "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS'];"
    "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
)


def test_postgresql_binds_parameters_on_the_server_and_prepares_repeated_statements():
    result = manage("shell", "--no-imports", "-c", DATABASE_OPTIONS, DEBUG="true", DATABASE_URL=POSTGRES_URL)
    assert result.stdout.split() == ["True", "5"], result.stderr


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        DATABASE_OPTIONS,
        DEBUG="true",
        DATABASE_URL=POSTGRES_URL,
        DATABASE_PREPARED_STATEMENTS="false",
    )
    assert result.stdout.split() == ["None", "None"], result.stderr


def test_start_up_stops_with_a_database_url_set_but_empty():
    result = manage("check", DEBUG="true", DATABASE_URL="")
    assert result.returncode != 0
    assert "DATABASE_URL is set but empty" in result.stderr
