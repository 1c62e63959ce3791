"""One layout grid: every page's heading starts at the same left edge as the header's site name,
at phone and desktop sizes (About, Privacy and the 404 page used to be centred)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PATHS = ["/", "/treatments/", "/about/", "/areas/", "/privacy/", "/what-to-expect/", "/articles/", "/no-such-page/"]


def left(page, selector):
    return page.locator(selector).first.bounding_box()["x"]


def test_every_page_lines_up_with_the_header(page):
    edges = {}
    for path in PATHS:
        page.goto(path)
        edges[path] = (round(left(page, ".site-name")), round(left(page, "main h1")))
    assert {path: heading for path, (name, heading) in edges.items() if abs(heading - name) > 1} == {}


def test_the_header_book_button_has_room_around_its_words(page):
    page.goto("/")
    if page.viewport_size["width"] < 768:  # on a phone the bar at the bottom has "Book a visit" instead
        assert not page.locator(".site-header .btn-book").is_visible()
        button = page.locator(".phone-bar a", has_text="Book")
        assert button.bounding_box()["height"] >= 44
        return
    button = page.locator(".site-header .btn-book")
    padding = button.evaluate("b => [getComputedStyle(b).paddingLeft, getComputedStyle(b).paddingTop]")
    assert [float(value.removesuffix("px")) for value in padding] >= [14.0, 7.0]
    assert button.bounding_box()["height"] >= 40
