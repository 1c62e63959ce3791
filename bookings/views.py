"""The public booking pages. Thin: the form validates, notifications queue the emails."""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from bookings import form_page, spam
from bookings.forms import EnquiryForm
from bookings.models import AlreadySent, EmailKind, Enquiry
from bookings.notifications import enquiry_recipients, queue_enquiry_emails
from bookings.phones import phone_display
from massage_site.models import PracticeProfile

THANKS_SALT = "bookings.thanks"


def see_thanks(reference: str) -> HttpResponseRedirect:
    """303 See Other to the thank-you page. The link is signed: a guessed reference shows nothing."""
    token = signing.Signer(salt=THANKS_SALT).sign(reference)
    response = HttpResponseRedirect(reverse("bookings:thanks", kwargs={"token": token}))
    response.status_code = 303
    return response


@never_cache
@csrf_protect
def book(request) -> HttpResponse:
    """The form page, and the enquiry it sends. Every page with the form sets the CSRF cookie
    through Django's get_token (form_page.py, or {% csrf_token %}), so no ensure_csrf_cookie:
    it would mask a second token for nothing, a tenth of the kept page's time."""
    if request.method == "POST":
        return _submit(request)
    if settings.BOOKING_FORM_PAGE_KEPT:  # rendered once per process, this visit's tokens put in
        return HttpResponse(form_page.form_page_html(request))
    form = EnquiryForm(
        article_slug=request.GET.get("article", "")[:100],
        treatment_slug=request.GET.get("treatment", "")[:100],
    )
    return render(request, "bookings/form.html", {"form": form})


def _submit(request) -> HttpResponse:
    form = EnquiryForm(request.POST)
    if not form.is_valid():
        if sent := _already_sent(form):  # sent before, and something has changed since
            return see_thanks(sent)
        return render(request, "bookings/form.html", {"form": form})
    if form.is_certain_spam:
        spam.record_dropped_spam()
        return render(request, "bookings/received.html")
    network = spam.network_hash(request)
    if retry_after := spam.seconds_until_allowed(network):
        if sent := _already_sent(form):  # a double click on the post that took the last place
            return see_thanks(sent)
        return _rate_limited(request, form, retry_after)
    # What can be read is read first: SQLite lets one transaction write at a time, and the
    # other gunicorn workers wait while this one holds the lock.
    enquiry = form.save(commit=False)
    recipients = enquiry_recipients(enquiry)

    def count_and_queue(saved) -> None:
        spam.count_enquiry(network)
        queue_enquiry_emails(saved, recipients)

    try:
        enquiry.save_new(along=count_and_queue)  # counted, saved and queued, or none of them
    except AlreadySent as sent:  # a double click: its token's unique constraint found it
        return see_thanks(sent.reference)
    return see_thanks(enquiry.reference)


def _already_sent(form) -> str | None:
    """The reference of the enquiry this form was already sent as, if it was. Asked only when
    a post can't go ahead; one that can finds a double submit by its token's unique constraint."""
    token = form.posted_token
    return Enquiry.objects.reference_of_form(token) if token else None


def _rate_limited(request, form, retry_after) -> HttpResponse:
    """429 with the form as it was sent, so nothing typed is lost, and when to try again."""
    minutes = max(1, round(retry_after / 60))
    form.add_error(
        None,
        f"Too many enquiries have been sent from this connection. Your answers are kept below: "
        f"send the form again in {minutes} minute{pluralize(minutes)}, or call {settings.PRACTICE_PHONE}.",
    )
    response = render(request, "bookings/form.html", {"form": form}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@never_cache
def thanks(request, token) -> HttpResponse:
    try:
        reference = signing.Signer(salt=THANKS_SALT).unsign(token)
    except signing.BadSignature:
        raise Http404("No such enquiry") from None
    enquiry = Enquiry.objects.filter(reference=reference).first()
    if enquiry is None:
        raise Http404("No such enquiry")
    return render(
        request,
        "bookings/thanks.html",
        {
            "enquiry": enquiry,
            "reply_within": settings.REPLY_WITHIN,
            "therapist_name": PracticeProfile.load().therapist_name,
            "phone_display": phone_display(enquiry.phone),
            # Only an email that is really on its way is promised.
            "confirmation_queued": enquiry.deliveries.filter(kind=EmailKind.CLIENT).exists(),
        },
    )


def urgent(request) -> HttpResponse:
    return render(request, "bookings/urgent.html")
