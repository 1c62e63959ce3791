import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from bookings.dates import desk_datetime

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a reference read over the phone can't be misheard.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"


def new_reference() -> str:
    return "MY-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))


def pounds(amount) -> str:
    """£55, or £55.50 when there are pence."""
    return f"£{amount:.0f}" if amount == int(amount) else f"£{amount:.2f}"


class Treatment(models.Model):
    """A treatment the practice offers. Edited by the therapist in admin."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=200, help_text="One line, shown in lists and on the booking form.")
    description = models.TextField(
        help_text="A paragraph or two for the treatments page. Blank lines separate paragraphs."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are shown first.")
    is_active = models.BooleanField(default=True, help_text="Untick to hide it from the site and the booking form.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def from_price(self) -> str | None:
        """The lowest price among its options (prefetch "options" when listing), or None."""
        prices = [option.price for option in self.options.all()]
        return pounds(min(prices)) if prices else None


class TreatmentOption(models.Model):
    """One way to book a treatment: a duration and its price in pounds."""

    treatment = models.ForeignKey(Treatment, related_name="options", on_delete=models.CASCADE)
    duration_minutes = models.PositiveSmallIntegerField(help_text="Length of the massage, in minutes.")
    price = models.DecimalField(
        "price (£)", max_digits=6, decimal_places=2, help_text="What the client pays for this length, in pounds."
    )

    class Meta:
        ordering = ["treatment", "duration_minutes"]
        constraints = [
            models.UniqueConstraint(fields=["treatment", "duration_minutes"], name="one_price_per_duration"),
        ]

    def __str__(self) -> str:
        return f"{self.treatment.name}, {self.duration_minutes} minutes"

    @property
    def price_display(self) -> str:
        return pounds(self.price)


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"


class TimeOfDay(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"


class DayPreference(models.TextChoices):
    WEEKDAY = "weekday", "Weekdays"
    WEEKEND = "weekend", "Weekends"


class Source(models.TextChoices):
    WEBSITE = "website", "Website form"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    BOOKED = "booked", "Booked"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    SPAM = "spam", "Spam"


OPEN_STATUSES = [Status.NEW, Status.CONTACTED, Status.BOOKED]
CLOSED_STATUSES = [Status.COMPLETED, Status.DECLINED, Status.SPAM]


class AlreadySent(Exception):
    """A form sent again (a double click, a resubmission): the enquiry was saved the first time."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


class LimitQuerySet(models.QuerySet):
    def has_at_least(self, count: int) -> bool:
        """Whether there are ``count`` rows or more: an EXISTS past the first count - 1 rows,
        which reads no further and is quicker to build than count(), on every booking post.
        (exists() drops any ordering itself.)"""
        return count <= 0 or self[count - 1 :].exists()


class EnquiryQuerySet(models.QuerySet):
    def of_same_clients(self, enquiries) -> "EnquiryQuerySet":
        """Every enquiry from the clients of ``enquiries``: themselves, and any with the same
        email address (in any case) or phone number. What a subject access export gathers
        and an erasure erases."""
        match = models.Q(pk__in=[enquiry.pk for enquiry in enquiries])
        for enquiry in enquiries:
            if enquiry.email:
                match |= models.Q(email__iexact=enquiry.email)
            if enquiry.phone:
                match |= models.Q(phone=enquiry.phone)
        return self.filter(match)

    def reference_of_form(self, form_token: str) -> str | None:
        """The reference of the enquiry a one-time form token was sent with, if any."""
        return self.filter(form_token=form_token).values_list("reference", flat=True).first()

    def closed_before(self, moment) -> "EnquiryQuerySet":
        return self.filter(status__in=CLOSED_STATUSES, closed_at__lt=moment)

    def still_open(self) -> "EnquiryQuerySet":
        # "status in the open ones" rather than "not closed": the database reads the few open
        # enquiries from the status index instead of every row.
        return self.filter(status__in=OPEN_STATUSES)


class Enquiry(models.Model):
    """A client's booking enquiry. The row is the truth; emails follow it."""

    reference = models.CharField(max_length=7, unique=True, default=new_reference, editable=False)
    # One-time token from the form: a double click or a resubmission finds the same row.
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField("received", auto_now_add=True, db_index=True)

    name = models.CharField(max_length=100)
    contact_method = models.CharField(max_length=5, choices=ContactMethod)
    phone = PhoneNumberField(blank=True)
    email = models.EmailField(max_length=254, blank=True)
    treatment = models.ForeignKey(
        Treatment, null=True, blank=True, on_delete=models.SET_NULL, help_text="Blank: not sure, please advise."
    )
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="The article the client came from.",
    )
    postcode = models.CharField(max_length=8)
    postcode_district = models.CharField(max_length=4, db_index=True)
    outside_area = models.BooleanField(default=False)
    preferred_days = models.JSONField("days that suit", default=list, blank=True)  # DayPreference values
    preferred_times = models.JSONField("times that suit", default=list, blank=True)  # TimeOfDay values
    availability_note = models.CharField("anything else about when", max_length=200, blank=True)
    visit_notes = models.TextField(blank=True)
    message = models.TextField(blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)

    is_suspected_spam = models.BooleanField(
        default=False,
        help_text="Set by the site when the form looked automated. You were emailed with “Possible spam” "
        "in the subject; the client's confirmation is held back.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW, db_index=True)
    follow_up_on = models.DateField("follow up on", null=True, blank=True, help_text="The day to get back to them.")
    notes = models.TextField("private notes", blank=True, help_text="Only you see these.")
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    source = models.CharField(
        "came in by",
        max_length=7,
        choices=Source,
        default=Source.WEBSITE,
        help_text="How the enquiry came in.",
    )

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "enquiries"
        indexes = [
            # The desk's lists: new / suspected spam by date, follow-ups due.
            models.Index(fields=["status", "-created_at"], name="enquiry_status_received"),
            models.Index(fields=["follow_up_on"], name="enquiry_follow_up"),
            # The admin's search for a whole phone number or postcode (and "same client").
            models.Index(fields=["phone"], name="enquiry_phone"),
            models.Index(fields=["postcode"], name="enquiry_postcode"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def save_new(self, *, along: Callable[["Enquiry"], object] | None = None, tries: int = 5) -> None:
        """Saves a new enquiry under a unique reference, in one transaction with ``along(self)``:
        what must be saved with it or not at all (the booking view counts it and queues its
        emails). References are short and random: on the rare clash the transaction is rolled
        back and run again under another. Not a savepoint around the insert, which would cost
        every post two statements inside SQLite's write lock; inside a caller's transaction
        (the desk's) this transaction is itself a savepoint. A form token that is already
        taken is a double submit: AlreadySent, with the first one's reference. Any other
        failure is raised as it is."""
        for attempt in range(tries):
            try:
                with transaction.atomic():
                    self.save(force_insert=True)
                    if along is not None:
                        along(self)
                return
            except IntegrityError:
                if self.form_token and (sent := Enquiry.objects.reference_of_form(self.form_token)):
                    raise AlreadySent(sent) from None
                if attempt == tries - 1 or not Enquiry.objects.filter(reference=self.reference).exists():
                    raise
                self.pk = None
                self.reference = new_reference()

    def get_admin_url(self) -> str:
        return reverse("admin:bookings_enquiry_change", args=[self.pk])

    @property
    def travel_charge_display(self) -> str:
        """The district's travel charge (bookings/areas.py), e.g. "£10", or "" where there is none."""
        from bookings.areas import travel_charge  # areas imports this module

        charge = travel_charge(self.postcode_district)
        return pounds(charge) if charge else ""


class Appointment(models.Model):
    """A visit the therapist booked from an enquiry."""

    enquiry = models.ForeignKey(Enquiry, related_name="appointments", on_delete=models.CASCADE)
    starts_at = models.DateTimeField(help_text="Date and time of the visit (UK time).")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    address = models.TextField(help_text="Where the visit takes place.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    treatment_option = models.ForeignKey(
        TreatmentOption, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="treatment"
    )
    price = models.DecimalField("price (£)", max_digits=6, decimal_places=2, null=True, blank=True)
    # The calendar event's SEQUENCE: raised by every change the client is told about.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # When the current time was set: no reminder for a time set after its reminder was due.
    time_set_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.CharField("reason for cancelling", max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "visit"
        indexes = [models.Index(fields=["starts_at"], name="visit_starts_at")]

    def __str__(self) -> str:
        return f"{self.enquiry.reference} {desk_datetime(self.starts_at)}"


class EmailKind(models.TextChoices):
    THERAPIST = "therapist", "To the therapist"
    CLIENT = "client", "Confirmation to the client"
    BOOKING = "booking", "Booking confirmation to the client"
    VISIT_CHANGED = "changed", "Visit changed, to the client"
    VISIT_CANCELLED = "cancelled", "Visit cancelled, to the client"
    REMINDER = "reminder", "Visit reminder to the client"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


REMINDER_OUTDATED = "Not sent: the visit was moved or cancelled after the reminder was queued."


class EmailDeliveryQuerySet(LimitQuerySet):
    def confirmations_to(self, address, since) -> "EmailDeliveryQuerySet":
        """Client confirmations queued to ``address`` (in any case) since ``since``. Read
        through the (lower(to), created_at) index: one lookup, however many emails were sent."""
        return self.filter(to__lower=address.lower(), created_at__gte=since, kind=EmailKind.CLIENT)

    def failed(self) -> "EmailDeliveryQuerySet":
        """Deliveries the therapist should look at: given up on, for a client not erased.
        Erasing a client cancels their unsent emails (see retention.erase_client), and an
        erased enquiry has no address left to resend to. A reminder left unsent because its
        visit moved is no failure."""
        return self.filter(status=DeliveryStatus.FAILED, enquiry__anonymised_at__isnull=True).exclude(
            last_error=REMINDER_OUTDATED
        )


class EmailDelivery(models.Model):
    """One email to send, and how its delivery went. Created in the enquiry's transaction."""

    enquiry = models.ForeignKey(Enquiry, related_name="deliveries", on_delete=models.CASCADE)
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=EmailKind)
    to = models.EmailField(max_length=254)
    to.register_lookup(Lower)  # to__lower, the expression of the delivery_to_created index
    status = models.CharField(max_length=7, choices=DeliveryStatus, default=DeliveryStatus.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # An attempt that sent the whole message but got no answer: the relay may have it
    # (massage_site/smtp.py). It is tried once more, never again after a second such attempt.
    maybe_sent_at = models.DateTimeField(
        "maybe sent at", null=True, blank=True, help_text="The mail server took the message but never answered."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # For a reminder: the visit time it reminds of (one reminder per visit time).
    visit_starts_at = models.DateTimeField(null=True, blank=True)

    objects = EmailDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "email deliveries"
        # The desk's failed emails, latest first, without sorting every failure ever recorded.
        indexes = [
            models.Index(fields=["status", "-created_at"], name="delivery_status_created"),
            # The per-address cap on confirmations (notifications.may_confirm_to), on every post.
            models.Index(Lower("to"), "created_at", name="delivery_to_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "visit_starts_at"],
                condition=models.Q(kind="reminder"),
                name="one_reminder_per_visit_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class EnquiryEvent(models.Model):
    """History: every status change, resend, booking and export, with who and when."""

    enquiry = models.ForeignKey(Enquiry, related_name="events", on_delete=models.CASCADE)
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=100)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class SentFromNetworkQuerySet(LimitQuerySet):
    def within(self, network: str, since) -> "SentFromNetworkQuerySet":
        return self.filter(network=network, sent_at__gt=since)


class SentFromNetwork(models.Model):
    """One accepted enquiry from a network, for the booking rate limit (bookings/spam.py): a
    keyed hash of the client's address and when, not linked to the enquiry. Rows older than
    the limit's period count for nothing; the worker's daily purge deletes them."""

    network = models.CharField(max_length=32)
    sent_at = models.DateTimeField(default=timezone.now)

    objects = SentFromNetworkQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["network", "sent_at"], name="sent_from_network")]
        verbose_name_plural = "enquiries sent from networks"

    def __str__(self) -> str:
        return f"{self.network[:8]}… at {self.sent_at:%Y-%m-%d %H:%M}"


class DroppedSpamQuerySet(models.QuerySet):
    def total_since(self, day) -> int:
        return self.filter(day__gte=day).aggregate(total=models.Sum("count"))["total"] or 0


class DroppedSpam(models.Model):
    """How many certain-spam posts the booking form dropped on a day (nothing else is kept)."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField(default=0)

    objects = DroppedSpamQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        verbose_name_plural = "dropped spam"

    def __str__(self) -> str:
        return f"{self.day}: {self.count}"


class CalendarFeed(models.Model):
    """The therapist's private calendar feed of upcoming visits: whoever has the URL reads it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="calendar_feed", on_delete=models.CASCADE)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
