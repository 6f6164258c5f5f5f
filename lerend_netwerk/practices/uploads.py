"""Attachments: checked by content (not by name), photos re-encoded (which drops EXIF and GPS) with a small
version for lists, everything stored under `settings.upload_dir` with random names, outside `static/`."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import puremagic
from PIL import Image, UnidentifiedImageError

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.errors import DomainError
from lerend_netwerk.web.formats import format_number

MAX_FILES_PER_PRACTICE = 8
# The small version is shown 240 CSS pixels wide on cards and the practice page; a 2x copy would cost a phone on
# prepaid data three times the bytes (a detailed photo: ~10 kB at 240 px, ~36 kB at 480 px).
THUMB_WIDTH = 240
THUMB_QUALITY = 60
# The photo itself is kept no larger than this (a phone's 12-megapixel photo is 3-5 MB; at 1600 px ~0.3 MB).
MAX_SIDE = 1600
# The most pixels a photo may have, checked from its header before anything is decoded. Set from what phones make:
# 12 to 24 megapixel by default, 48 MP (iPhone, 8064 x 6048) or 50 MP (Android, 8160 x 6120 or 8192 x 6144) at
# their highest setting; the 108 and 200 MP modes give files larger than LN_MAX_UPLOAD_BYTES anyway. A JPEG is
# decoded at a half, quarter or eighth of its size straight from the compressed data (`Image.draft`), so even a
# 52 MP photo takes at most ~40 MB decoded. PNG and WebP cannot be decoded smaller: every pixel takes up to 4 bytes
# (25 MP: 100 MB). Phones save PNG only for screenshots (at most ~6 MP, a large tablet), so 25 MP leaves room for a
# 24 MP photo saved as PNG or WebP. Processing runs one photo at a time per worker (`web.offload`), which bounds
# the worker's memory to one photo's worth.
MAX_PIXELS = {"JPEG": 52_000_000, "PNG": 25_000_000, "WEBP": 25_000_000}
EXIF_ORIENTATION = 0x0112
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
KEPT_MODES = ("RGB", "RGBA", "L", "LA")
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


FIELD = "bestanden"  # the practice form's file field, where a refusal is shown


class UploadRefused(DomainError):
    """The file cannot be kept; the message says why, in plain Dutch (at `FIELD`)."""


@dataclass(frozen=True)
class Stored:
    kind: str
    filename: str
    stored_name: str
    thumb_name: str | None
    content_type: str
    size: int


def sniff(data: bytes) -> str | None:
    """The real type of the file from its first bytes; a renamed HTML page is not a photo."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        matches = puremagic.magic_string(data[:4096])
    except (puremagic.PureError, ValueError):
        return None
    for match in matches:
        if match.mime_type in PHOTO_TYPES:
            return match.mime_type
    return None


def clean_filename(name: str, content_type: str) -> str:
    stem = Path(name.replace("\\", "/")).stem
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._") or "bestand"
    return stem[:80] + EXTENSIONS[content_type]


def store(upload_dir: Path, filename: str, data: bytes, *, max_bytes: int) -> Stored:
    """Check and keep one file. Raises UploadRefused with a message for the file field.

    Decoding a photo takes a core for up to a second and tens of megabytes: routes call this through
    `web.offload.offload`, never on the event loop."""
    if len(data) > max_bytes:
        raise UploadRefused(
            _("{name} is te groot ({size} MB). Het mag hoogstens {max} MB zijn.").format(
                name=filename,
                size=format_number(len(data) / 1_000_000, 1),
                max=format_number(round(max_bytes / 1_000_000)),
            ),
            field=FIELD,
        )
    if not data:
        raise UploadRefused(_("{name} is leeg.").format(name=filename), field=FIELD)
    content_type = sniff(data)
    if content_type is None:
        raise UploadRefused(
            _("{name} is geen foto (JPEG, PNG, WebP) of PDF. We kijken naar de inhoud, niet naar de naam.").format(
                name=filename
            ),
            field=FIELD,
        )
    upload_dir.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_urlsafe(24)
    thumb_name = None
    if content_type in PHOTO_TYPES:
        data, thumb = _reencode(data, content_type, filename)
        thumb_name = stored_name + "-klein"
        (upload_dir / thumb_name).write_bytes(thumb)
        kind = "photo"
    else:
        kind = "pdf"
    (upload_dir / stored_name).write_bytes(data)
    return Stored(kind, clean_filename(filename, content_type), stored_name, thumb_name, content_type, len(data))


def _reencode(data: bytes, content_type: str, filename: str) -> tuple[bytes, bytes]:
    """Decode and save again without metadata: EXIF (GPS included), XMP and comments are not copied.

    The size is checked from the header before decoding; a JPEG is decoded no larger than twice the kept size
    (`draft`); the picture is made small before it is turned and copied, so only one full-size copy exists."""
    fmt = PHOTO_TYPES[content_type]
    unreadable = UploadRefused(
        _("{name} lijkt een foto, maar we kunnen hem niet openen.").format(name=filename), field=FIELD
    )
    too_large = UploadRefused(
        _(
            "{name} heeft meer dan {max} megapixel. Zo groot maakt een gsm geen foto's. "
            "Maak het bestand kleiner en probeer opnieuw."
        ).format(name=filename, max=MAX_PIXELS[fmt] // 1_000_000),
        field=FIELD,
    )
    try:
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS[fmt]:
                raise too_large
            orientation = image.getexif().get(EXIF_ORIENTATION)
            if fmt == "JPEG" and max(width, height) > MAX_SIDE:
                scale = 2 * MAX_SIDE / max(width, height)
                image.draft(None, (round(width * scale), round(height * scale)))
            image.load()
            small = image if image.mode in KEPT_MODES else image.convert("RGBA" if "A" in image.mode else "RGB")
            small.thumbnail((MAX_SIDE, MAX_SIDE), reducing_gap=2.0)
            if orientation in TRANSPOSE:  # keep the orientation the EXIF asked for, then drop EXIF
                small = small.transpose(TRANSPOSE[orientation])
            clean = _pixels_only(small)
    except Image.DecompressionBombError:
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError):
        raise unreadable from None
    full = io.BytesIO()
    if fmt == "JPEG":
        clean.convert("RGB").save(full, "JPEG", quality=85)
    else:
        clean.save(full, fmt)
    thumb_image = clean.copy()
    thumb_image.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 4))
    thumb = io.BytesIO()
    thumb_image.convert("RGB").save(thumb, "WEBP", quality=THUMB_QUALITY)
    return full.getvalue(), thumb.getvalue()


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image with only the pixels: no info dict, no EXIF, no ICC-embedded text."""
    mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else "RGBA" if "A" in image.mode else "RGB"
    converted = image.convert(mode)
    fresh = Image.new(mode, converted.size)
    fresh.paste(converted)
    return fresh


def delete(upload_dir: Path, *names: str | None) -> None:
    for name in names:
        if name:
            (upload_dir / name).unlink(missing_ok=True)
