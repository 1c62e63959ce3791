"""Fixtures for the articles app: the real `load_articles` command, run against the real files
or against a copy the test may break."""

import io
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

CONTENT_DIR = Path(__file__).resolve().parents[2] / "articles" / "content"
SEED = Path(__file__).resolve().parent / "data" / "seed.txt"


@pytest.fixture(autouse=True)
def share_image_root(settings, tmp_path):
    """Share images go to a temporary directory, not the developer's var/build/."""
    settings.ARTICLES_SHARE_IMAGE_ROOT = tmp_path / "build"
    return settings.ARTICLES_SHARE_IMAGE_ROOT


@pytest.fixture
def load_articles(db):
    """Runs `manage.py load_articles` and returns what it printed."""

    def run(*args):
        out = io.StringIO()
        call_command("load_articles", *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def articles(load_articles):
    """The four real articles, loaded."""
    load_articles()


@pytest.fixture
def content_dir(tmp_path):
    """A copy of the real article files that a test may change."""
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    return directory


@pytest.fixture
def staff_client(client, django_user_model, settings):
    """A logged-in staff member (the admin's two-factor step is a concern of the admin's tests)."""
    settings.ADMIN_REQUIRE_2FA = False
    user = django_user_model.objects.create_user("therapist", password="a long test password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_article", "change_article"]))
    client.force_login(user)
    return client
