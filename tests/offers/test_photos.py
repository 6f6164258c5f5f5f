"""A photo of an offer gets the practices' content checks (a renamed page is no photo, EXIF and GPS are removed)
and its alt text; a refusal comes back at the field with the rest of the form kept."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.conftest import csrf_from
from tests.offers.helpers import offer_form
from tests.practices.helpers import jpeg_with_gps


def test_a_photo_with_alt_text_is_kept_without_its_location(client, login_as):
    login_as("member")
    page = client.get("/n/zele/aanbod/nieuw")
    data = offer_form(csrf_from(page.text), foto_alt="Kinderen spelen in het zwembad")
    files = [("foto", ("zwembad.jpg", jpeg_with_gps(), "image/jpeg"))]
    response = client.post("/n/zele/aanbod/nieuw", data=data, files=files)
    assert response.status_code == 303, response.text
    detail = client.get(response.headers["location"])
    assert 'alt="Kinderen spelen in het zwembad"' in detail.text
    photo_url = re.search(r'<a href="(?:http://testserver)?(/n/zele/aanbod/\d+/fotos/\d+)"><img', detail.text).group(1)
    photo = client.get(photo_url)
    assert photo.headers["content-type"] == "image/jpeg"
    assert not Image.open(io.BytesIO(photo.content)).getexif()
    thumb = client.get(photo_url, params={"klein": "1"})
    assert thumb.headers["content-type"] == "image/webp"


def test_a_fake_photo_or_one_without_alt_text_is_refused_at_its_field(client, login_as):
    login_as("member")
    page = client.get("/n/zele/aanbod/nieuw")
    fake = [("foto", ("foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"))]
    response = client.post("/n/zele/aanbod/nieuw", data=offer_form(csrf_from(page.text), foto_alt="Iets"), files=fake)
    assert response.status_code == 422
    assert "Dit is geen foto (JPEG, PNG of WebP)." in response.text and 'id="veld-foto-fout"' in response.text
    assert 'value="Zwemmen voor het hele gezin"' in response.text
    real = [("foto", ("zwembad.jpg", jpeg_with_gps(), "image/jpeg"))]
    response = client.post("/n/zele/aanbod/nieuw", data=offer_form(csrf_from(page.text)), files=real)
    assert response.status_code == 422
    assert "Beschrijf kort wat op de foto staat" in response.text and 'id="veld-foto_alt-fout"' in response.text
