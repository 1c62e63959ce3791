"""Faults made inside the database itself, where the application can't fake them."""

from django.db import connection


def refuse_new_email_rows(message, postgres_errcode) -> None:
    """A trigger that refuses every new EmailDelivery row. SQLite reports it as a constraint
    failure; PostgreSQL with ``postgres_errcode`` (e.g. "disk_full", "foreign_key_violation")."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_email BEFORE INSERT ON bookings_emaildelivery "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
            return
        cursor.execute(
            "CREATE FUNCTION refuse_email() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{message}' USING ERRCODE = '{postgres_errcode}'; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_email BEFORE INSERT ON bookings_emaildelivery "
            "FOR EACH ROW EXECUTE FUNCTION refuse_email()"
        )
