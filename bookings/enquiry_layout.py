"""How the booking form is laid out (django-crispy-forms): the required questions first, the
rest under "More details (optional)". The templates are in templates/bookings/crispy/."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django.template.loader import render_to_string
from django.urls import reverse_lazy

OPTIONAL_FIELDS = ["preferred_days", "preferred_times", "availability_note", "message", "visit_notes"]


class Details(Div):
    """A <details> element that opens itself when one of its fields has an error."""

    template = "bookings/crispy/details.html"

    def __init__(self, summary, *fields, **kwargs) -> None:
        super().__init__(*fields, **kwargs)
        self.summary = summary

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        has_errors = any(name in form.errors for name in self.fields)
        return render_to_string(self.template, {"details": self, "fields": fields, "open": has_errors})


class ReplyDetail(Div):
    """The contact detail some reply methods need. It comes hidden when another method (or none)
    is chosen, so the page does not shift when static/js/reply-method.js takes over; without
    JavaScript, static/css/reply-details-noscript.css shows every detail. One with an error is
    always shown."""

    template = "bookings/crispy/reply_detail.html"

    def __init__(self, field_name, methods) -> None:
        super().__init__(field_name)
        self.methods = methods

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        chosen = form["contact_method"].value()
        hidden = chosen not in self.methods and not any(name in form.errors for name in self.fields)
        return render_to_string(
            self.template, {"fields": fields, "reply_for": " ".join(self.methods), "hidden": hidden}
        )


def enquiry_form_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_id = "enquiry-form"
    helper.form_action = reverse_lazy("bookings:form")
    helper.attrs = {"novalidate": ""}
    helper.field_template = "bookings/crispy/field.html"
    helper.layout = Layout(
        "form_token",
        "article",
        "name",
        "contact_method",
        ReplyDetail("phone", ["phone", "text"]),
        ReplyDetail("email", ["email"]),
        "treatment",
        "postcode",
        HTML('{% include "bookings/includes/area_hint.html" %}'),
        Details("More details (optional)", *OPTIONAL_FIELDS),
        HTML('{% include "bookings/includes/urgent_line.html" %}'),
        HTML('{% include "bookings/includes/privacy_line.html" %}'),
        "consent",
        Div("website", css_class="d-none"),
        HTML('<button type="submit" class="btn btn-primary btn-lg">Send enquiry</button>'),
    )
    return helper
