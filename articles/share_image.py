"""The picture social networks show when an article is shared: 1200×630, drawn with Pillow from the
title and the practice's name when `load_articles` runs.

The PNG is written under var/build/ (a STATICFILES_DIRS entry, next to the compiled CSS), so it is a
static file like any other: `runserver` serves it in development, and in production `collectstatic`
(after `load_articles` in the Procfile's release) gives it a hashed name that WhiteNoise serves with a
long cache lifetime. The file name carries a digest of what is drawn, so a new title is a new file.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
DRAWING_VERSION = "1"
STATIC_PREFIX = "articles/share"
BACKGROUND = "#1d5c57"
TEXT = "#ffffff"
ACCENT = "#ffbf47"
MARGIN = 80


def root() -> Path:
    """The static directory the images are written to; tests point it elsewhere."""
    return Path(getattr(settings, "ARTICLES_SHARE_IMAGE_ROOT", settings.VAR_DIR / "build"))


def static_path(slug, title, practice_name) -> str:
    digest = hashlib.sha256(f"{DRAWING_VERSION}\n{title}\n{practice_name}".encode()).hexdigest()[:12]
    return f"{STATIC_PREFIX}/{slug}-{digest}.png"


def _wrap(draw, text, font, width) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def draw(title, practice_name) -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    canvas = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    # The largest size at which the title fits in four lines.
    for size in (72, 64, 56, 48, 40):
        font = ImageFont.load_default(size=size)
        lines = _wrap(canvas, title, font, width)
        if len(lines) <= 4:
            break
    y = MARGIN
    for line in lines:
        canvas.text((MARGIN, y), line, font=font, fill=TEXT)
        y += int(size * 1.25)
    canvas.rectangle((MARGIN, SIZE[1] - MARGIN - 64, MARGIN + 120, SIZE[1] - MARGIN - 58), fill=ACCENT)
    canvas.text((MARGIN, SIZE[1] - MARGIN - 40), practice_name, font=ImageFont.load_default(size=40), fill=ACCENT)
    return image


def ensure(slug, title, practice_name) -> tuple[str, bool]:
    """Draws the article's image unless it is already there, and removes the slug's outdated ones.

    Returns (static path, whether a file was drawn).
    """
    relative = static_path(slug, title, practice_name)
    target = root() / relative
    drawn = False
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        draw(title, practice_name).save(target, format="PNG", optimize=True)
        drawn = True
    for old in target.parent.glob(f"{slug}-*.png"):
        if old != target and old.name.removeprefix(f"{slug}-").count("-") == 0:
            old.unlink()
    return relative, drawn


def absolute_url(relative) -> str:
    """The image's absolute URL, or "" when it is not among the collected static files yet."""
    if not relative:
        return ""
    try:
        url = staticfiles_storage.url(relative)
    except ValueError:  # Manifest storage: not collected since the image was drawn.
        return ""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url
