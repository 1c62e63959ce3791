"""Django's SQLite backend, waiting for the write lock in short, even steps.

Every ``transaction.atomic()`` block starts with BEGIN IMMEDIATE (settings.py:
``transaction_mode``), which takes SQLite's one write lock or waits for it. SQLite's own wait
(``busy_timeout``) sleeps 1, 2, 5, 10, 15… ms between tries, while a booking post holds the
lock for about a millisecond: a gunicorn worker waiting behind another slept on long after the
lock was free. Here BEGIN is tried every ``RETRY_SECONDS`` (every ``SLOW_RETRY_SECONDS`` once a
wait has lasted ``FAST_RETRIES_FOR``, as behind a migration) until the connection's busy timeout
has passed, then fails as SQLite's wait would ("database is locked", the 503 page). Two
processes posting enquiries into one file at once saved a fifth to a quarter more a second
(bench/RESULTS.md). Every other statement keeps SQLite's own wait. Rails has a similar busy
handler of its own, with even steps (rails/rails#51958).
"""

import sqlite3
import time

from django.db.backends.sqlite3 import base
from django.db.backends.utils import debug_transaction

RETRY_SECONDS = 0.0002
FAST_RETRIES_FOR = 0.05
SLOW_RETRY_SECONDS = 0.002


def is_busy(error: sqlite3.OperationalError) -> bool:
    # SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT).
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_BUSY


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params) -> sqlite3.Connection:
        connection = super().get_new_connection(conn_params)
        # As configured (the timeout option, then init_command): restored after each BEGIN.
        self.busy_timeout_ms = connection.execute("PRAGMA busy_timeout").fetchone()[0]
        return connection

    def _start_transaction_under_autocommit(self) -> None:
        if self.transaction_mode not in ("IMMEDIATE", "EXCLUSIVE"):
            super()._start_transaction_under_autocommit()
            return
        self.validate_thread_sharing()
        sql = f"BEGIN {self.transaction_mode}"
        with debug_transaction(self, sql), self.wrap_database_errors:
            self.connection.execute("PRAGMA busy_timeout = 0")
            try:
                self._begin_when_free(sql)
            finally:
                self.connection.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")

    def _begin_when_free(self, sql: str) -> None:
        started = time.monotonic()
        while True:
            try:
                self.connection.execute(sql)
                return
            except sqlite3.OperationalError as error:
                waited = time.monotonic() - started
                if not is_busy(error) or waited >= self.busy_timeout_ms / 1000:
                    raise
            time.sleep(RETRY_SECONDS if waited < FAST_RETRIES_FOR else SLOW_RETRY_SECONDS)
