"""A write that finds SQLite's write lock held waits for it, then goes through; one that waits
past the busy timeout fails with "database is locked" (the 503 page:
tests/reliability/test_database_unavailable.py). massage_site/sqlite_backend waits in short
steps instead of SQLite's growing sleeps; how much that gains is measured in bench/RESULTS.md."""

import textwrap

from tests.site.test_settings import manage

# Another connection takes the write lock and keeps it for HOLD_SECONDS (for ever when None),
# while the site's connection writes in a transaction, as a view saving a row would.
SCRIPT = """
import sqlite3, threading, time
from django.db import OperationalError, connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE visit_log (n integer)")
holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False)
holder.execute("BEGIN IMMEDIATE")
if HOLD_SECONDS is not None:
    threading.Timer(HOLD_SECONDS, holder.execute, ["ROLLBACK"]).start()

started = time.monotonic()
try:
    with transaction.atomic():
        connection.cursor().execute("INSERT INTO visit_log VALUES (1)")
    outcome = "saved"
except OperationalError as error:
    outcome = str(error)
waited = time.monotonic() - started
if HOLD_SECONDS is None:
    holder.execute("ROLLBACK")
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM visit_log")
    rows = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy_timeout = cursor.fetchone()[0]
print(type(connections["default"]).__module__, outcome, rows, round(waited, 1), busy_timeout, sep="|")
"""


def write_while_locked(tmp_path, hold_seconds, busy_timeout_seconds):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"HOLD_SECONDS = {hold_seconds!r}\n" + textwrap.dedent(SCRIPT),
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'locked.sqlite3'}",
        SQLITE_BUSY_TIMEOUT=str(busy_timeout_seconds),
    )
    assert result.returncode == 0, result.stderr
    backend, outcome, rows, waited, busy_timeout = result.stdout.strip().splitlines()[-1].split("|")
    # The backend that waits in short steps; how much sooner it gets the lock is bench/RESULTS.md's.
    assert backend == "massage_site.sqlite_backend.base"
    return outcome, int(rows), float(waited), int(busy_timeout)


def test_a_write_waits_for_the_lock_another_connection_holds_and_goes_through_once_it_is_free(tmp_path):
    outcome, rows, waited, busy_timeout = write_while_locked(tmp_path, hold_seconds=0.5, busy_timeout_seconds=5)
    assert (outcome, rows) == ("saved", 1)
    assert 0.4 <= waited < 5
    # Statements outside a transaction's BEGIN keep SQLite's own wait, at the configured timeout.
    assert busy_timeout == 5000


def test_a_write_gives_up_with_database_is_locked_once_the_busy_timeout_has_passed(tmp_path):
    outcome, rows, waited, busy_timeout = write_while_locked(tmp_path, hold_seconds=None, busy_timeout_seconds=1)
    assert (outcome, rows) == ("database is locked", 0)
    assert 0.9 <= waited < 5
    assert busy_timeout == 1000
