"""Property-based: whatever an article file holds, `load_articles` either loads it or stops
with a CommandError that names the problem, and a refused load changes nothing."""

import io
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from tests.articles.conftest import CONTENT_DIR

pytestmark = pytest.mark.django_db

REAL_FILE = "it-band-and-lower-back-pain.md"
FIELDS = [
    "title",
    "slug",
    "description",
    "published",
    "last_reviewed",
    "next_review",
    "treatment",
    "reviewed_by",
    "related",
    "image",
    "urgent_signs",
]
EXAMPLES = hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=200),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["it-band-and-lower-back-pain", "deep-tissue-massage", "2026-11-24", "", "~", "yes"]),
)
yaml_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
)
front_matter = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=15)), yaml_values, max_size=14)


def snapshot():
    return (
        list(Article.objects.order_by("slug").values()),
        list(Article.related.through.objects.order_by("pk").values()),
    )


def load(content):
    """Runs load_articles on the four real files with one of them replaced by `content`."""
    with tempfile.TemporaryDirectory() as directory:
        content_dir = Path(directory)
        for path in CONTENT_DIR.glob("*.md"):
            shutil.copy(path, content_dir / path.name)
        target = content_dir / REAL_FILE
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", errors="surrogatepass")
        before = snapshot()
        try:
            call_command("load_articles", "--content-dir", content_dir, stdout=io.StringIO())
        except CommandError as error:
            assert str(error).strip(), "a refusal says why"
            assert snapshot() == before, "a refused load changed the database"
            return False
    return True


def with_front_matter(meta, body):
    header = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=False)
    return f"---\n{header}---\n\n{body}"


@EXAMPLES
@given(content=st.one_of(st.text(max_size=2000), st.binary(max_size=2000)))
# Found by this test: a NUL byte in a body crashed the load on PostgreSQL.
@example(content=(CONTENT_DIR / REAL_FILE).read_text().replace("The IT band", "The IT\x00 band", 1))
# And a front matter line "?" (a YAML field name that isn't text) crashed it with a TypeError.
@example(content=(CONTENT_DIR / REAL_FILE).read_text().replace("title:", "?\ntitle:", 1))
def test_any_file_content_is_loaded_or_refused_with_a_clear_error(share_image_root, content):
    assert not load(content) or "\x00" not in str(content)


@EXAMPLES
@given(changes=front_matter, dropped=st.sets(st.sampled_from(FIELDS), max_size=3), body=st.text(max_size=1000))
@example(changes={"title": "A NUL\x00 in the title"}, dropped=set(), body="")
def test_any_front_matter_is_loaded_or_refused_with_a_clear_error(share_image_root, changes, dropped, body):
    _, header, real_body = (CONTENT_DIR / REAL_FILE).read_text().split("---\n", 2)
    meta = {key: value for key, value in yaml.safe_load(header).items() if key not in dropped} | changes
    load(with_front_matter(meta, body or real_body))


@EXAMPLES
@given(data=st.data())
def test_any_edit_of_a_real_article_is_loaded_or_refused_with_a_clear_error(share_image_root, data):
    lines = (CONTENT_DIR / REAL_FILE).read_text().splitlines()
    index = data.draw(st.integers(0, len(lines) - 1), label="line")
    replacement = data.draw(st.text(max_size=200), label="new line")
    lines[index] = replacement
    load("\n".join(lines) + "\n")
