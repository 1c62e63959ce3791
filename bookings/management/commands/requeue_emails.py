from django.core.management import BaseCommand

from bookings.tasks import STALLED_AFTER, close_abandoned_tasks, requeue_stalled


class Command(BaseCommand):
    help = (
        "Puts back emails left 'sending' for more than "
        f"{int(STALLED_AFTER.total_seconds() // 60)} minutes by a worker that was stopped, and "
        "re-enqueues queued emails that are due but have no task waiting, and closes task rows such a worker "
        "left running. run_worker does this every minute."
    )

    def handle(self, *args, **options):
        stalled, orphans = requeue_stalled()
        abandoned = close_abandoned_tasks()
        self.stdout.write(
            f"Put back {stalled} stalled email(s); re-enqueued {orphans} email(s) without a task; "
            f"closed {abandoned} task(s) left running by a stopped worker."
        )
