"""/healthz tells a load balancer about a database that isn't migrated; a missing table is a
500 logged as the error it is, not the "database unavailable" 503 meant for outages."""

import logging

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from massage_site import views


@pytest.fixture
def fresh_process(monkeypatch):
    """/healthz as a process that has not yet seen the database fully migrated."""
    monkeypatch.setattr(views, "migrations_applied", False)


@pytest.mark.django_db
def test_healthz_answers_503_while_a_migration_is_not_applied(client, fresh_process):
    latest = MigrationRecorder.Migration.objects.filter(app="bookings").latest("id")
    latest.delete()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "migrations not applied"}
    MigrationRecorder.Migration.objects.create(app=latest.app, name=latest.name)
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_stops_checking_migrations_once_they_are_all_applied(
    client, fresh_process, django_assert_max_num_queries
):
    assert client.get("/healthz").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_missing_table_is_a_logged_server_error_not_a_database_outage(client, caplog):
    client.raise_request_exception = False
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE articles_article" + (" CASCADE" if connection.vendor == "postgresql" else ""))

    with caplog.at_level(logging.ERROR):
        response = client.get("/articles/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert not [r for r in caplog.records if "Database unavailable" in r.getMessage()]
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info, "the 500 is logged with its traceback"
    assert "articles_article" in str(errors[0].exc_info[1])
