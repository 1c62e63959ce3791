"""Django's SQLite backend, waiting for the write lock in short, even steps.

Every write transaction starts with BEGIN IMMEDIATE (settings.py: ``transaction_mode``), which
takes SQLite's one write lock or waits for it. SQLite's own wait (``busy_timeout``) sleeps
1, 2, 5, 10, 15… ms between tries, while a booking post holds the lock for about a
millisecond: a gunicorn worker waiting behind another slept on long after the lock was free.
Here BEGIN IMMEDIATE is tried every ``RETRY_SECONDS`` until the busy timeout has passed, then
fails as SQLite's wait would ("database is locked", the 503 page). Two processes posting
enquiries into one file at once saved about a quarter more a second (bench/RESULTS.md). Every
other statement keeps SQLite's own wait. Rails made the same change to its SQLite adapter (rails/rails#51958).
"""

import sqlite3
import time

from django.db.backends.sqlite3 import base

RETRY_SECONDS = 0.0002


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        if self.transaction_mode not in ("IMMEDIATE", "EXCLUSIVE"):
            super()._start_transaction_under_autocommit()
            return
        timeout = self.settings_dict["OPTIONS"].get("timeout", 5.0)
        deadline = time.monotonic() + timeout
        with self.wrap_database_errors:
            self.connection.execute("PRAGMA busy_timeout = 0")
            try:
                while True:
                    try:
                        self.connection.execute(f"BEGIN {self.transaction_mode}")
                        return
                    except sqlite3.OperationalError as error:
                        if (error.sqlite_errorcode & 0xFF) != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                            raise
                    time.sleep(RETRY_SECONDS)
            finally:
                self.connection.execute(f"PRAGMA busy_timeout = {round(timeout * 1000)}")
