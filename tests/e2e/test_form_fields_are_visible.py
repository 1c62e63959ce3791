"""The booking form's fields can be seen: the edge of every text box, list, radio button and
checkbox contrasts at least 3:1 with the page (WCAG 2.2, 1.4.11 Non-text Contrast), a check
axe-core does not make."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EDGE_CONTRASTS = """() => {
  const rgb = (colour) => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (colour) => {
    const [r, g, b] = rgb(colour).map((c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const page = luminance(getComputedStyle(document.body).backgroundColor);
  const fields = document.querySelectorAll(
    "#enquiry-form input:not([type=hidden]), #enquiry-form select, #enquiry-form textarea");
  return [...fields].filter((field) => field.offsetParent !== null).map((field) => {
    const edge = luminance(getComputedStyle(field).borderTopColor);
    const [light, dark] = [Math.max(edge, page), Math.min(edge, page)];
    return [field.id, (light + 0.05) / (dark + 0.05)];
  });
}"""


def test_every_booking_form_field_has_an_edge_that_can_be_seen(page):
    page.goto("/book/")
    contrasts = dict(page.evaluate(EDGE_CONTRASTS))
    assert "id_contact_method_0" in contrasts and "id_postcode" in contrasts
    faint = {field: round(ratio, 2) for field, ratio in contrasts.items() if ratio < 3}
    assert faint == {}
