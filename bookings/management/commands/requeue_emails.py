from django.core.management import BaseCommand

from bookings.tasks import STALLED_AFTER, requeue_stalled


class Command(BaseCommand):
    help = (
        "Puts back emails left 'sending' for more than "
        f"{int(STALLED_AFTER.total_seconds() // 60)} minutes by a worker that was stopped, and "
        "re-enqueues queued emails that are due but have no task waiting. run_worker does this every minute."
    )

    def handle(self, *args, **options):
        stalled, orphans = requeue_stalled()
        self.stdout.write(f"Put back {stalled} stalled email(s); re-enqueued {orphans} email(s) without a task.")
