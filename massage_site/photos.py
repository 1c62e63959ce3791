"""The therapist's photo: processed once, on upload, into the files the pages serve.

Pillow turns the camera's orientation into real pixels, then the picture is re-encoded from its
pixels alone, so no EXIF (GPS position, camera, date) survives. It is written at a few widths in
WebP for `srcset`, with one JPEG for browsers without WebP. The original upload is not kept.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WIDTHS = (320, 640, 960)
FALLBACK_WIDTH = 640
DIRECTORY = "practice"
MAX_PIXELS = 40_000_000


class PhotoError(ValueError):
    """The upload can't be used as a photo; str() is a message for the person uploading it."""


def _open(upload) -> Image.Image:
    try:
        image = Image.open(upload)
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError("The photo is too large: use one under 40 megapixels.")
        image.load()
    except PhotoError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError):
        raise PhotoError("This file is not a photo Pillow can read: use a JPEG, PNG or WebP.") from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    # A new image from the pixels only: no EXIF, XMP, ICC or comments come along.
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    return clean


def _encode(image, format_, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format_, **options)
    return buffer.getvalue()


def _resized(image, width) -> Image.Image:
    if image.width <= width:
        return image
    return image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)


def process(upload) -> dict:
    """Writes the photo's files to storage; returns what the pages need to show it."""
    image = _open(upload)
    digest = hashlib.sha256(image.tobytes()).hexdigest()[:12]
    widths = sorted({min(width, image.width) for width in WIDTHS})
    sources = []
    for width in widths:
        name = default_storage.save(
            f"{DIRECTORY}/therapist-{digest}-{width}.webp",
            ContentFile(_encode(_resized(image, width), "WEBP", quality=80, method=6)),
        )
        sources.append({"width": width, "name": name})
    fallback = _resized(image, min(FALLBACK_WIDTH, image.width))
    jpeg = default_storage.save(
        f"{DIRECTORY}/therapist-{digest}-{fallback.width}.jpg",
        ContentFile(_encode(fallback, "JPEG", quality=82, optimize=True, progressive=True)),
    )
    largest = _resized(image, widths[-1])
    return {"webp": sources, "jpeg": jpeg, "width": largest.width, "height": largest.height}


def delete(photo) -> None:
    """Removes a processed photo's files (when it is replaced or removed)."""
    for name in [source["name"] for source in photo.get("webp", [])] + [photo.get("jpeg", "")]:
        if name:
            default_storage.delete(name)
