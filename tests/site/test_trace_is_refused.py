"""TRACE echoes a request back; no page answers it, class-based or function view."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/healthz", "/robots.txt", "/book/", "/sitemap.xml", "/admin/login/"])
def test_trace_is_answered_405_by_every_view(client, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]
    assert "GET" in response["Allow"]
