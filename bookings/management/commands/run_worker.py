from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Runs the background worker: sends queued emails (Django tasks, database queue)."

    def handle(self, *args, **options):
        call_command("db_worker", interval=1.0)
