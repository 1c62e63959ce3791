import pytest

from tests.bookings.admin_helpers import signed_in_therapist


@pytest.fixture
def therapist(client, monkeypatch, settings):
    """The therapist, signed in to admin with their second factor, on ``client``."""
    settings.ADMIN_REQUIRE_2FA = True
    return signed_in_therapist(client, monkeypatch)
