from django.conf import settings
from django.core.management import BaseCommand
from django.utils import timezone

from bookings.retention import purge_expired_enquiries, retention_cutoff


class Command(BaseCommand):
    help = (
        "Deletes enquiries closed (completed, declined or spam) more than RETENTION_MONTHS ago, "
        "with their preferred visits, appointments, emails and history. The worker runs this daily; "
        "--dry-run lists what would go and changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, dry_run=False, **options) -> None:
        cutoff = timezone.localtime(retention_cutoff())
        references = purge_expired_enquiries(dry_run=dry_run)
        rule = f"closed before {cutoff:%-d %b %Y %H:%M} ({settings.RETENTION_MONTHS} months ago)"
        if not references:
            self.stdout.write(f"No enquiries {rule}.")
            return
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {len(references)} enquiries {rule}: {', '.join(references)}")
