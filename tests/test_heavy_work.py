"""Heavy work never freezes a worker: while members share practices with large photos, a real server process
(`lerend-netwerk serve`) keeps answering other requests. Photos are processed off the event loop, one at a time
per worker; a photo with more pixels than any phone makes is refused at the field without being decoded."""

from __future__ import annotations

import io
import re
import threading
import time
from pathlib import Path

import httpx2 as httpx
from PIL import Image

from lerend_netwerk.practices import uploads
from lerend_netwerk.practices.models import Practice
from tests.conftest import csrf_from
from tests.practices.helpers import practice_form as filled
from tests.served import served, session_client

FILES_PER_REQUEST = 6
REQUESTS = 3


def grey_png(width: int, height: int) -> bytes:
    """A flat grey PNG: a few kB on the wire, `width * height` pixels to decode."""
    out = io.BytesIO()
    Image.new("L", (width, height), 128).save(out, "PNG")
    return out.getvalue()


def practice_form(client: httpx.Client, slug: str) -> dict[str, str | list[str]]:
    page = client.get(f"/n/{slug}/praktijken/nieuw")
    assert page.status_code == 200, page.text
    return {
        "csrf_token": csrf_from(page.text),
        "titel": "Huiswerkklas met foto's",
        "samenvatting": "Elke woensdag, gratis.",
        "drempels": re.findall(r'name="drempels" value="([^"]+)"', page.text)[:1],
        "sector": "onderwijs",
        "zichtbaarheid": "netwerk",
    }


def share(client: httpx.Client, slug: str, fields: dict, photos: list[tuple[str, bytes]]) -> httpx.Response:
    files = [("bestanden", (name, data, "image/png")) for name, data in photos]
    return client.post(
        f"/n/{slug}/praktijken/nieuw", data=fields, files=files, headers={"Origin": str(client.base_url)}
    )


def stored_photos(upload_dir: Path) -> int:
    """Photos processed so far (each is written with its small version, `<name>-klein`)."""
    return sum(1 for p in upload_dir.glob("*") if not p.name.endswith("-klein")) if upload_dir.exists() else 0


def test_other_requests_are_answered_while_photos_are_processed(database_url, db, network, people, tmp_path):
    data_dir = tmp_path / "data"
    upload_dir = data_dir / "uploads"
    photo = grey_png(5000, 5000)  # 25 megapixels: a large phone photo, at the cap for PNG
    with served(database_url, data_dir) as base, session_client(base, db, people["member"].id) as client:
        fields = practice_form(client, network.slug)
        answers: list[int] = []

        def upload(n: int) -> None:
            photos = [(f"foto-{n}-{i}.png", photo) for i in range(FILES_PER_REQUEST)]
            answers.append(share(client, network.slug, fields, photos).status_code)

        senders = [threading.Thread(target=upload, args=(n,)) for n in range(REQUESTS)]
        for thread in senders:
            thread.start()
        deadline = time.monotonic() + 120
        while stored_photos(upload_dir) == 0:  # processing has begun
            assert time.monotonic() < deadline, "no photo was processed"
            time.sleep(0.005)
        health = httpx.get(base + "/healthz", timeout=120)
        processed_when_answered = stored_photos(upload_dir)
        for thread in senders:
            thread.join()

    assert health.status_code == 200
    assert answers == [303] * REQUESTS
    assert stored_photos(upload_dir) == REQUESTS * FILES_PER_REQUEST
    # The ordering that matters: /healthz was answered before even one request's photos were all processed
    # (when the photos were decoded on the event loop, it waited for at least a whole request's worth).
    assert processed_when_answered < FILES_PER_REQUEST, processed_when_answered


def test_a_photo_larger_than_any_phone_makes_is_refused_at_the_field(client, login_as, db):
    login_as("member")
    csrf = csrf_from(client.get("/n/zele/praktijken/nieuw").text)
    response = client.post(
        "/n/zele/praktijken/nieuw",
        data=filled(csrf, titel="Mijn titel blijft staan"),
        files=[("bestanden", ("scan.png", grey_png(6300, 6300), "image/png"))],  # 39.7 MP, 52 kB
    )
    assert response.status_code == 422
    assert "scan.png heeft meer dan 25 megapixel" in response.text
    assert 'value="Mijn titel blijft staan"' in response.text
    assert db.read_sync(lambda s: s.query(Practice).count()) == 0


def test_a_50_megapixel_phone_photo_is_kept_small_and_upright(tmp_path):
    image = Image.effect_noise((8160, 6120), 30).convert("RGB")  # a 50 MP phone photo, taken in portrait
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60, exif=exif.tobytes())
    stored = uploads.store(tmp_path, "portret.jpg", out.getvalue(), max_bytes=50_000_000)
    with Image.open(tmp_path / stored.stored_name) as kept:
        assert kept.size == (1200, 1600)  # upright, at most 1600 px
        assert not kept.getexif()
