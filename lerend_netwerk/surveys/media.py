"""Recordings and pictures of survey questions, for people who read little: checked by content (never by name or by
what the browser says), small, and kept under `settings.upload_dir / "surveys"` with random names, outside
`static/`. Pictures go through the practices' photo check and are kept as its small WebP (EXIF and GPS dropped).

Audio is kept as it came: Ogg (Opus or Vorbis), WebM (what a browser's MediaRecorder makes) or MP3."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import puremagic

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.practices import uploads as photos
from lerend_netwerk.web.errors import DomainError

# A spoken question of half a minute is ~250 kB as Opus and ~500 kB as MP3 at 128 kbit/s: 2 MB leaves room, and
# keeps a page with a recording cheap on prepaid data (the player loads nothing until someone presses play).
MAX_AUDIO_BYTES = 2_000_000
MAX_PICTURE_BYTES = 5_000_000
AUDIO_FIELD = "geluid"
PICTURE_FIELD = "afbeelding"
FOLDER = "surveys"
AUDIO_TYPES = ("audio/ogg", "audio/webm", "audio/mpeg")

# The built-in pictograms (static/img/pictograms/<code>.svg), drawn for this project. Always shown beside the text.
PICTOGRAMS = {
    "transport": lazy_gettext("Vervoer"),
    "money": lazy_gettext("Geld"),
    "childcare": lazy_gettext("Kinderopvang"),
    "language": lazy_gettext("Taal"),
    "time": lazy_gettext("Tijd"),
    "health": lazy_gettext("Gezondheid"),
    "food": lazy_gettext("Eten"),
    "house": lazy_gettext("Wonen"),
    "work": lazy_gettext("Werk"),
    "school": lazy_gettext("School"),
}

# MPEG audio frame headers: bitrate (kbit/s) by index for MPEG-1 layer III and MPEG-2/2.5 layer III, sample rates.
_MP3_BITRATES = {
    1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0],
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


class MediaRefused(DomainError):
    """The file cannot be kept; the message says why, in plain Dutch, at the file field."""


@dataclass(frozen=True)
class Stored:
    stored_name: str
    content_type: str
    size: int


def folder(upload_dir: Path) -> Path:
    return upload_dir / FOLDER


def _mp3_frame_length(data: bytes, at: int) -> int | None:
    """The length of the MPEG layer III frame starting at `at`, or None when no valid frame header is there."""
    if at + 4 > len(data) or data[at] != 0xFF or data[at + 1] & 0xE0 != 0xE0:
        return None
    version = (data[at + 1] >> 3) & 0b11  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
    layer = (data[at + 1] >> 1) & 0b11  # 1: layer III
    bitrate_index, rate_index = data[at + 2] >> 4, (data[at + 2] >> 2) & 0b11
    if version == 1 or layer != 1 or rate_index == 3:
        return None
    bitrate = _MP3_BITRATES[1 if version == 3 else 2][bitrate_index]
    if not bitrate:
        return None
    rate = _MP3_RATES[version][rate_index]
    padding = (data[at + 2] >> 1) & 1
    return (144 if version == 3 else 72) * bitrate * 1000 // rate + padding


def _is_mp3(data: bytes) -> bool:
    """An MP3: an optional ID3v2 tag, then an MPEG layer III frame, followed by a second one when the file is longer."""
    start = 0
    if data.startswith(b"ID3") and len(data) > 10:
        size = 0
        for byte in data[6:10]:
            if byte & 0x80:
                return False
            size = (size << 7) | byte
        start = 10 + size + (10 if data[5] & 0x10 else 0)
    length = _mp3_frame_length(data, start)
    if length is None:
        return False
    return start + length >= len(data) or _mp3_frame_length(data, start + length) is not None


def sniff_audio(data: bytes) -> str | None:
    """The real audio type of the file from its content, or None: a renamed page or photo is not a recording."""
    head = data[:4096]
    try:
        matches = {m.mime_type for m in puremagic.magic_string(head)}
    except (puremagic.PureError, ValueError):
        matches = set()
    if head.startswith(b"OggS") and ({"application/ogg", "audio/ogg"} & matches):
        # the first page of an Ogg stream names its codec: Opus or Vorbis (not a video, not an unknown stream)
        return "audio/ogg" if (b"OpusHead" in head[:200] or b"\x01vorbis" in head[:200]) else None
    if head.startswith(b"\x1aE\xdf\xa3") and "video/webm" in matches:
        # a WebM container with an audio track in Opus or Vorbis (MediaRecorder's recordings)
        return "audio/webm" if (b"A_OPUS" in head or b"A_VORBIS" in head) else None
    if "audio/mpeg" in matches and _is_mp3(data):
        return "audio/mpeg"
    return None


def _too_large(filename: str, size: int, max_bytes: int) -> MediaRefused:
    return MediaRefused(
        _("{name} is te groot ({size} MB). Het mag hoogstens {max} MB zijn.").format(
            name=filename, size=round(size / 1_000_000, 1), max=round(max_bytes / 1_000_000)
        ),
        field=AUDIO_FIELD,
    )


def check_audio(filename: str, data: bytes) -> str:
    """The content type of an acceptable recording; MediaRefused (at the audio field) otherwise."""
    if len(data) > MAX_AUDIO_BYTES:
        raise _too_large(filename, len(data), MAX_AUDIO_BYTES)
    if not data:
        raise MediaRefused(_("{name} is leeg.").format(name=filename), field=AUDIO_FIELD)
    content_type = sniff_audio(data)
    if content_type is None:
        raise MediaRefused(
            _(
                "{name} is geen geluidsopname (Opus, WebM, Ogg of MP3). We kijken naar de inhoud, niet naar de naam."
            ).format(name=filename),
            field=AUDIO_FIELD,
        )
    return content_type


def store_audio(upload_dir: Path, filename: str, data: bytes) -> Stored:
    content_type = check_audio(filename, data)
    return _write(upload_dir, data, content_type)


def store_picture(upload_dir: Path, filename: str, data: bytes) -> Stored:
    """Check a picture like a practice photo and keep its small version (240 px wide WebP, no metadata).

    Decoding takes a core for a moment: routes call this through `web.offload.offload`."""
    if len(data) > MAX_PICTURE_BYTES:
        raise MediaRefused(_too_large(filename, len(data), MAX_PICTURE_BYTES).message, field=PICTURE_FIELD)
    content_type = photos.sniff(data) if data else None
    if content_type not in photos.PHOTO_TYPES:
        raise MediaRefused(
            _("{name} is geen afbeelding (JPEG, PNG, WebP). We kijken naar de inhoud, niet naar de naam.").format(
                name=filename
            ),
            field=PICTURE_FIELD,
        )
    try:
        _full, small = photos._reencode(data, content_type, filename)  # noqa: SLF001 - the practices' photo check
    except photos.UploadRefused as exc:
        raise MediaRefused(exc.message, field=PICTURE_FIELD) from None
    return _write(upload_dir, small, "image/webp")


def _write(upload_dir: Path, data: bytes, content_type: str) -> Stored:
    target = folder(upload_dir)
    target.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_urlsafe(24)
    (target / stored_name).write_bytes(data)
    return Stored(stored_name, content_type, len(data))


def delete(upload_dir: Path, *names: str | None) -> None:
    for name in names:
        if name:
            (folder(upload_dir) / name).unlink(missing_ok=True)


def path_of(upload_dir: Path, stored_name: str) -> Path:
    return folder(upload_dir) / stored_name
