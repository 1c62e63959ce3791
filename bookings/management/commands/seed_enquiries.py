"""A benchmark and development tool: made-up enquiries, in bulk, to see how the desk copes.

`make bench` uses it to measure the admin with 100 and with 100,000 enquiries. Every client
it makes is fictitious (names from a short list, addresses at example.com, phone numbers at
random), and it refuses to add them to a database that holds any other enquiry, so it can't
mix made-up clients with a practice's real ones.
"""

import datetime
import random

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from bookings.models import (
    CLOSED_STATUSES,
    REFERENCE_ALPHABET,
    Appointment,
    ContactMethod,
    DeliveryStatus,
    EmailDelivery,
    EmailKind,
    Enquiry,
    EnquiryEvent,
    Status,
    Treatment,
)

FAKE_DOMAIN = "example.com"  # reserved for examples (RFC 2606): never a real client's address
FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee", "Morgan", "Jamie", "Ali", "Charlie"]
LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Hughes", "Green"]
# Most enquiries are long closed; the last fortnight's are still open.
CLOSED_MIX = [Status.COMPLETED] * 6 + [Status.DECLINED] * 2 + [Status.SPAM] * 2
OPEN_MIX = [Status.NEW] * 4 + [Status.CONTACTED] * 3 + [Status.BOOKED] * 3
OPEN_DAYS = 14
# Kept inside the retention period, so the worker's daily purge leaves them alone.
SPREAD_DAYS = 700
BATCH = 5000


class Command(BaseCommand):
    help = (
        "Benchmark and development tool: adds made-up enquiries (each with its two emails, its "
        "history and, once booked, a visit) until the database holds --total of them. Refuses a "
        "database that holds any enquiry it didn't make."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--total", type=int, required=True, help="How many enquiries there should be.")
        parser.add_argument("--seed", type=int, default=14, help="Random seed (the same data each run).")

    def handle(self, *args, total: int, seed: int, **options) -> None:
        real = Enquiry.objects.exclude(email__endswith=f"@{FAKE_DOMAIN}")
        if real.exists():
            raise CommandError(
                f"This database holds {real.count()} enquiries not made by seed_enquiries: "
                "it only adds made-up clients to a database of made-up clients."
            )
        existing = Enquiry.objects.count()
        wanted = total - existing
        if wanted <= 0:
            self.stdout.write(f"{existing} enquiries already; none added.")
            return
        rng = random.Random(seed + existing)
        references = free_references(rng, wanted)
        treatments = list(Treatment.objects.values_list("pk", flat=True)) or [None]
        with transaction.atomic():
            add_enquiries(rng, references, treatments, timezone.now(), first_number=existing)
        refresh_planner_statistics()
        self.stdout.write(f"Added {wanted} made-up enquiries ({total} in all).")


def refresh_planner_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still believes the tables are as small as
    before (autovacuum analyzes them later, in its own time) and picks plans for a few rows:
    the admin's phone-number search took 4x as long at 100,000 enquiries as at 100. As
    PostgreSQL's documentation advises after loading much data: ANALYZE. (SQLite's planner
    works without statistics.)"""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Enquiry, EmailDelivery, EnquiryEvent, Appointment)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def free_references(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct references not yet used (drawn from the whole reference space)."""
    taken = set(Enquiry.objects.values_list("reference", flat=True))
    size = len(REFERENCE_ALPHABET) ** 4
    if count > size - len(taken):
        raise CommandError(f"There are only {size} references; {len(taken)} are taken.")
    references = []
    for number in rng.sample(range(size), min(size, count + len(taken))):
        digits = []
        for _ in range(4):
            number, digit = divmod(number, len(REFERENCE_ALPHABET))
            digits.append(REFERENCE_ALPHABET[digit])
        reference = "MY-" + "".join(digits)
        if reference not in taken:
            references.append(reference)
            if len(references) == count:
                break
    return references


def _default(field):
    """The model default, or now for auto_now/auto_now_add fields (which have none)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def insert_rows(model, rows: list[dict]) -> None:
    """Inserts rows with one executemany per chunk: the ORM's bulk_create spends most of its time
    preparing each value, which made 100,000 enquiries take minutes. Fields a row leaves out
    get their model default; datetimes are adapted for the database, other values go as given
    (the phone number is already the E.164 text PhoneNumberField stores)."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_db_prep_save(_default(field), connection) for field in fields}
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    datetimes = {field.attname: field for field in fields if isinstance(field, models.DateTimeField)}

    def values(row):
        for field in fields:
            name = field.attname
            if name not in row:
                yield defaults[name]
            elif name in datetimes and row[name] is not None:
                yield datetimes[name].get_db_prep_save(row[name], connection)
            else:
                yield row[name]

    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [tuple(values(row)) for row in rows[start : start + BATCH]])


def add_enquiries(
    rng: random.Random, references: list[str], treatments: list, now: datetime.datetime, first_number: int
) -> None:
    districts = settings.SERVICE_DISTRICTS
    enquiries = []
    for offset, reference in enumerate(references):
        age = datetime.timedelta(days=rng.uniform(0, SPREAD_DAYS))
        status = rng.choice(OPEN_MIX if age.days < OPEN_DAYS else CLOSED_MIX)
        received = now - age
        district = rng.choice(districts)
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        enquiries.append(
            {
                "reference": reference,
                "created_at": received,
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "contact_method": rng.choice(ContactMethod.values),
                "phone": f"+447{rng.randrange(10**9):09d}",
                "email": f"client{first_number + offset}@{FAKE_DOMAIN}",
                "treatment_id": rng.choice(treatments),
                "postcode": f"{district} {rng.randrange(1, 10)}{rng.choice(letters)}{rng.choice(letters)}",
                "postcode_district": district,
                "message": "Made up by seed_enquiries.",
                "consented_at": received,
                "status": status,
                "is_suspected_spam": status == Status.SPAM and rng.random() < 0.5,
                "closed_at": received + datetime.timedelta(days=3) if status in CLOSED_STATUSES else None,
            }
        )
    insert_rows(Enquiry, enquiries)
    ids = dict(Enquiry.objects.values_list("reference", "pk"))

    deliveries, events, visits = [], [], []
    for enquiry in enquiries:
        enquiry_id, at = ids[enquiry["reference"]], enquiry["created_at"]
        for kind, to in ((EmailKind.THERAPIST, settings.THERAPIST_EMAIL), (EmailKind.CLIENT, enquiry["email"])):
            failed = rng.random() < 0.005
            deliveries.append(
                {
                    "enquiry_id": enquiry_id,
                    "kind": kind,
                    "to": to,
                    "status": DeliveryStatus.FAILED if failed else DeliveryStatus.SENT,
                    "attempts": 12 if failed else 1,
                    "last_error": "Made-up failure" if failed else "",
                    "sent_at": None if failed else at,
                    "created_at": at,
                }
            )
        events.append({"enquiry_id": enquiry_id, "at": at, "action": "Received", "to_status": Status.NEW})
        if enquiry["status"] != Status.NEW:
            events.append(
                {
                    "enquiry_id": enquiry_id,
                    "at": at + datetime.timedelta(hours=2),
                    "action": "Status changed",
                    "from_status": Status.NEW,
                    "to_status": enquiry["status"],
                }
            )
        if enquiry["status"] in (Status.BOOKED, Status.COMPLETED):
            visits.append(
                {
                    "enquiry_id": enquiry_id,
                    "starts_at": at.replace(hour=rng.randrange(9, 18), minute=0) + datetime.timedelta(days=2),
                    "duration_minutes": rng.choice([60, 90]),
                    "address": f"{rng.randrange(1, 200)} Made Up Street, York {enquiry['postcode']}",
                    "created_at": at + datetime.timedelta(hours=2),
                }
            )
    insert_rows(EmailDelivery, deliveries)
    insert_rows(EnquiryEvent, events)
    insert_rows(Appointment, visits)
