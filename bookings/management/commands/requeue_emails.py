from django.core.management import BaseCommand

from bookings.notifications import queue_due_reminders
from bookings.tasks import STALLED_AFTER, close_abandoned_tasks, requeue_stalled


class Command(BaseCommand):
    help = (
        "One housekeeping pass: puts back emails left 'sending' for more than "
        f"{int(STALLED_AFTER.total_seconds() // 60)} minutes by a worker that was stopped, "
        "re-enqueues queued emails that are due but have no task waiting, closes task rows such a "
        "worker left running, and queues the visit reminders that are due. run_worker does this every minute."
    )

    def handle(self, *args, **options) -> None:
        stalled, orphans = requeue_stalled()
        reminders = queue_due_reminders()
        abandoned = close_abandoned_tasks()
        self.stdout.write(
            f"Put back {stalled} stalled email(s); re-enqueued {orphans} email(s) without a task; "
            f"closed {abandoned} task(s) left running by a stopped worker; queued {reminders} visit reminder(s)."
        )
