"""Helpers for practice tests: make practices directly, build real image bytes with EXIF/GPS."""

from __future__ import annotations

import io

from PIL import Image

from lerend_netwerk.practices import service
from lerend_netwerk.practices.models import Status, Visibility


def make_practice(
    db,
    network,
    author,
    *,
    title="Een buddy die de eerste keer meegaat",
    visibility=Visibility.NETWORK,
    status=Status.PUBLISHED,
    story="",
    thresholds=("schaamte",),
    summary="Samen de eerste stap zetten.",
):
    data = {
        "title": title,
        "summary": summary,
        "story": story,
        "thresholds": list(thresholds),
        "target_groups": ["kinderen"],
        "sector": "sport",
        "visibility": visibility,
        "status": status,
    }
    return db.write_sync(service.save, network.id, data, actor_id=author.id)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (800, 600), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    gps = {1: "N", 2: (51.0, 4.0, 30.0), 3: "E", 4: (4.0, 2.0, 10.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def practice_form(csrf: str, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": csrf,
        "titel": "Gratis tweedehands sportmateriaal",
        "samenvatting": "Een uitleendienst voor voetbalschoenen en fietsen.",
        "verhaal": "We verzamelen **sportmateriaal** bij de containerpark.",
        "drempels": ["geld"],
        "doelgroepen": ["kinderen", "jongeren"],
        "sector": "sport",
        "zichtbaarheid": "publiek",
        "status": "gepubliceerd",
        "kost": "200 euro",
    }
    data.update(overrides)
    return data
