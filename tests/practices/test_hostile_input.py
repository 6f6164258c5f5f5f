"""Done when (3): hostile input is refused or neutralised with a clear message, and nothing is lost."""

from __future__ import annotations

from lerend_netwerk.practices.models import Attachment, Practice
from tests.conftest import csrf_from
from tests.practices.helpers import jpeg_with_gps, make_practice, practice_form


def _new_page(client, login_as):
    login_as("member")
    return csrf_from(client.get("/n/zele/praktijken/nieuw").text)


def test_script_in_story_is_neutralised(client, login_as, db):
    csrf = _new_page(client, login_as)
    story = '<script>alert("x")</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) **vet**'
    response = client.post("/n/zele/praktijken/nieuw", data=practice_form(csrf, verhaal=story))
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;" in page  # shown as text, harmless
    assert "<strong>vet</strong>" in page


def test_html_file_renamed_jpg_is_refused_and_the_form_is_kept(client, login_as, db, settings):
    csrf = _new_page(client, login_as)
    fake = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
    response = client.post(
        "/n/zele/praktijken/nieuw",
        data=practice_form(csrf, titel="Mijn titel blijft staan", kost="Veertig euro per jaar"),
        files=[("bestanden", ("vakantie.jpg", fake, "image/jpeg"))],
    )
    assert response.status_code == 422
    assert "vakantie.jpg is geen foto (JPEG, PNG, WebP) of PDF" in response.text
    assert 'value="Mijn titel blijft staan"' in response.text and "Veertig euro per jaar" in response.text
    assert 'value="geld" checked' in response.text
    assert db.read_sync(lambda s: s.query(Practice).count()) == 0
    assert not settings.upload_dir.exists() or not any(settings.upload_dir.iterdir())


def test_file_over_the_upload_limit_gets_a_field_message(client, login_as, db, make_settings):
    csrf = _new_page(client, login_as)
    big = jpeg_with_gps() + b"\0" * (10 * 1024 * 1024)  # over 10 MB, under the 12 MB request limit
    response = client.post(
        "/n/zele/praktijken/nieuw",
        data=practice_form(csrf, titel="Grote foto"),
        files=[("bestanden", ("groot.jpg", big, "image/jpeg"))],
    )
    assert response.status_code == 422
    assert "groot.jpg is te groot" in response.text and "hoogstens 10 MB" in response.text
    assert 'value="Grote foto"' in response.text
    assert 'data-max-bytes="10485760"' in response.text  # the browser warns before sending, when JS runs


def test_50_mb_upload_gets_the_413_page_in_dutch(client, login_as, db):
    csrf = _new_page(client, login_as)
    huge = b"\xff\xd8\xff" + b"\0" * (50 * 1024 * 1024)
    response = client.post(
        "/n/zele/praktijken/nieuw", data=practice_form(csrf), files=[("bestanden", ("film.jpg", huge, "image/jpeg"))]
    )
    assert response.status_code == 413
    assert "Het bestand is te groot" in response.text
    assert db.read_sync(lambda s: s.query(Practice).count()) == 0


def test_10000_character_title_is_refused_and_kept(client, login_as, db):
    csrf = _new_page(client, login_as)
    long_title = "drempel " * 1250
    response = client.post("/n/zele/praktijken/nieuw", data=practice_form(csrf, titel=long_title))
    assert response.status_code == 422
    assert "Dit is te lang: maximaal 150 tekens, je schreef er 9999" in response.text
    assert long_title.strip() in response.text
    assert db.read_sync(lambda s: s.query(Practice).count()) == 0


def test_valid_file_with_other_errors_asks_to_choose_it_again(client, login_as, db):
    csrf = _new_page(client, login_as)
    response = client.post(
        "/n/zele/praktijken/nieuw",
        data=practice_form(csrf, titel=""),
        files=[("bestanden", ("foto.jpg", jpeg_with_gps(), "image/jpeg"))],
    )
    assert response.status_code == 422
    assert "Vul dit veld in." in response.text
    assert "Kies je bestanden opnieuw" in response.text
    assert db.read_sync(lambda s: s.query(Attachment).count()) == 0


def test_wrong_and_foreign_ids_are_refused(client, login_as, db, network, other_network, people):
    from sqlalchemy import select

    from lerend_netwerk.networks.models import Organisation

    foreign_org = db.read_sync(
        lambda s: s.scalar(select(Organisation.id).where(Organisation.network_id == other_network.id))
    )
    csrf = _new_page(client, login_as)
    response = client.post(
        "/n/zele/praktijken/nieuw",
        data=practice_form(csrf, organisatie=str(foreign_org), drempels=["bestaat-niet"], sector="ruimtevaart"),
    )
    assert response.status_code == 422
    assert response.text.count("Kies een van de mogelijkheden uit de lijst.") >= 3
    assert client.get("/n/zele/praktijken/99999999999").status_code == 404
    assert client.get("/n/zele/praktijken/abc").status_code == 404
    practice = make_practice(db, network, people["member"])
    assert client.get(f"/n/zele/praktijken/{practice.id}/bestanden/99999999999").status_code == 404
    bad_filters = client.get("/n/zele/praktijken", params={"drempel": "<script>", "pagina": "-3", "organisatie": "x"})
    assert bad_filters.status_code == 200 and "<script>" not in bad_filters.text
