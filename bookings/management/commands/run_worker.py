import logging
import threading

from django.core.management import BaseCommand, call_command
from django.db import close_old_connections, connection

from bookings.notifications import queue_due_reminders
from bookings.retention import DailyPurge
from bookings.tasks import close_abandoned_tasks, requeue_stalled

logger = logging.getLogger(__name__)


def housekeeping(stop, every) -> None:
    """Runs requeue_stalled and close_abandoned_tasks, and queues due visit reminders, now and then
    every ``every`` seconds until ``stop`` is set, and the retention purge (purge_enquiries) at
    start-up and then daily."""
    purge = DailyPurge()
    while not stop.is_set():
        try:
            close_old_connections()
            stalled, orphans = requeue_stalled()
            if stalled or orphans:
                logger.warning("Housekeeping: put back %d stalled email(s), re-enqueued %d", stalled, orphans)
            if abandoned := close_abandoned_tasks():
                logger.warning("Housekeeping: closed %d task(s) left running by a stopped worker", abandoned)
            reminders = queue_due_reminders()
            if reminders:
                logger.info("Housekeeping: queued %d visit reminder(s)", reminders)
            purge()
        except Exception:  # the database is down for a moment: try again next time
            logger.exception("Housekeeping failed; trying again in %s s", every)
        finally:
            connection.close()
        stop.wait(every)


class Command(BaseCommand):
    help = (
        "Runs the background worker (the Procfile's worker): sends queued emails from the database "
        "queue (django-tasks-db's db_worker, in the main thread so SIGTERM and Ctrl-C stop it after "
        "the current email), and every minute puts back emails a stopped worker left half-done."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument(
            "--housekeeping-every", type=float, default=60.0, help="Seconds between housekeeping runs."
        )

    def handle(self, *args, interval, housekeeping_every, verbosity, **options) -> None:
        stop = threading.Event()
        thread = threading.Thread(
            target=housekeeping, args=(stop, housekeeping_every), name="email-housekeeping", daemon=True
        )
        thread.start()
        try:
            # No autoreload: the reloader would run the worker in a child process and this
            # thread in both; restart `make run` after changing task code.
            call_command("db_worker", interval=interval, reload=False, verbosity=verbosity)
        finally:
            stop.set()
