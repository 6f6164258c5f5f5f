"""Done when (1) and (2): a member publishes a practice with a photo and a PDF; EXIF is gone; a visitor finds it
by a Dutch word with and without accent, singular and plural, when public, not when network-only; another
network's member cannot read a network-only practice or its file by URL. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from lerend_netwerk.practices.models import Attachment, Practice, Visibility
from tests.conftest import csrf_from
from tests.practices.helpers import jpeg_with_gps, make_practice, pdf_bytes, practice_form


def _publish(client, login_as, **overrides):
    login_as("member")
    page = client.get("/n/zele/praktijken/nieuw")
    assert page.status_code == 200
    files = [
        ("bestanden", ("foto-met-gps.jpg", jpeg_with_gps(), "image/jpeg")),
        ("bestanden", ("uitleg.pdf", pdf_bytes(), "application/pdf")),
    ]
    response = client.post(
        "/n/zele/praktijken/nieuw", data=practice_form(csrf_from(page.text), **overrides), files=files
    )
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_member_publishes_with_photo_and_pdf_and_exif_is_gone(client, login_as, db, settings):
    location = _publish(client, login_as)
    page = client.get(location)
    assert "Gratis tweedehands sportmateriaal" in page.text
    assert "<strong>sportmateriaal</strong>" in page.text
    files = db.read_sync(lambda s: s.query(Attachment).order_by(Attachment.id).all())
    assert [f.kind for f in files] == ["photo", "pdf"]
    photo_url = re.search(r'href="(?:http://testserver)?(/n/zele/praktijken/\d+/bestanden/\d+)"><img', page.text).group(
        1
    )
    photo = client.get(photo_url)
    assert photo.status_code == 200
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert photo.headers["content-disposition"].startswith("inline")
    image = Image.open(io.BytesIO(photo.content))
    assert not image.getexif()  # no Make, no GPS
    assert b"SpyCam" not in photo.content
    thumb = client.get(photo_url + "/klein")
    assert thumb.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(thumb.content)).width <= 480
    pdf = client.get(f"{location}/bestanden/{files[1].id}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="uitleg.pdf"'
    # stored outside static/, under random names
    stored = list(settings.upload_dir.iterdir())
    assert len(stored) == 3 and not any("foto" in p.name or "uitleg" in p.name for p in stored)


@pytest.mark.parametrize(
    "query", ["sportmateriaal", "SPORTMATERIALEN", "fiets", "fietsen", "voetbalschoen", "café", "cafe", "cafés"]
)
def test_visitor_finds_public_practice_by_dutch_word(client, login_as, db, network, people, query):
    make_practice(
        db,
        network,
        people["member"],
        title="Sportmateriaal en fietsen voor iedereen",
        story="Uitleg in het café van het buurthuis over voetbalschoenen.",
        visibility=Visibility.PUBLIC,
    )
    login_as("visitor")
    found = client.get("/n/zele/praktijken", params={"q": query})
    assert found.status_code == 200
    assert "Sportmateriaal en fietsen voor iedereen" in found.text, query


def test_search_plural_finds_singular_and_back(client, login_as, db, network, people):
    make_practice(
        db,
        network,
        people["member"],
        title="Een herinnering via WhatsApp",
        visibility=Visibility.PUBLIC,
        story="Ouders krijgen de dag voordien een bericht in plaats van een brief.",
    )
    login_as("visitor")
    for query in ("herinneringen", "brieven", "ouder", "berichten"):
        assert "Een herinnering via WhatsApp" in client.get("/n/zele/praktijken", params={"q": query}).text, query
    assert "Een herinnering via WhatsApp" not in client.get("/n/zele/praktijken", params={"q": "zwembad"}).text


def test_search_finds_the_start_of_a_word_and_words_whose_stem_is_spelled_otherwise(
    client, login_as, db, network, people
):
    """One prefix phrase per word where the stem starts the word; the word itself as well where it does not
    ("huizen" -> "huis"), so compounds that start with the word are still found."""
    make_practice(
        db,
        network,
        people["member"],
        title="Een huizenmarkt voor gezinnen",
        visibility=Visibility.PUBLIC,
        story="De tarievenlijst van de kinderopvang hangt aan de deur.",
    )
    login_as("visitor")
    for query in ("huizen", "huizenmarkt", "kinder", "kinderopvang", "gezin", "gezinnen", "gezinnen huizen"):
        assert "Een huizenmarkt voor gezinnen" in client.get("/n/zele/praktijken", params={"q": query}).text, query
    assert "Een huizenmarkt voor gezinnen" not in client.get("/n/zele/praktijken", params={"q": "huisarts"}).text


def test_search_by_relevance_puts_a_match_in_the_title_first(client, login_as, db, network, people):
    titled = make_practice(
        db, network, people["member"], title="Fietsen herstellen", visibility=Visibility.PUBLIC, story="Samen werken."
    )
    make_practice(
        db,
        network,
        people["member"],
        title="Een werkplaats in de wijk",
        visibility=Visibility.PUBLIC,
        story="Wie wil, brengt iets mee om te herstellen, ook fietsen.",
    )
    login_as("visitor")
    page = client.get("/n/zele/praktijken", params={"q": "fiets", "sort": "relevantie"}).text
    assert titled.title in page and "Een werkplaats in de wijk" in page
    assert page.index(titled.title) < page.index("Een werkplaats in de wijk")


def test_network_only_practice_is_not_found_by_visitor(client, login_as, db, network, people):
    make_practice(db, network, people["member"], title="Sportmateriaal intern", visibility=Visibility.NETWORK)
    login_as("visitor")
    assert "Sportmateriaal intern" not in client.get("/n/zele/praktijken", params={"q": "sportmateriaal"}).text
    login_as("participant")
    assert "Sportmateriaal intern" in client.get("/n/zele/praktijken", params={"q": "sportmateriaal"}).text


def test_other_network_member_cannot_read_network_only_practice_or_its_file(client, login_as, db):
    location = _publish(client, login_as, zichtbaarheid="netwerk")
    page = client.get(location)
    file_urls = re.findall(r"(/n/zele/praktijken/\d+/bestanden/\d+)", page.text)
    assert file_urls
    login_as("outsider")
    assert client.get(location).status_code == 404
    for url in set(file_urls):
        assert client.get(url).status_code == 404
        assert client.get(url + "/klein").status_code in (404,)
    # nor through the other network's list, nor by guessing the other slug
    assert "Gratis tweedehands" not in client.get("/n/temse/praktijken", params={"q": "sportmateriaal"}).text
    practice_id = location.rsplit("/", 1)[1]
    assert client.get(f"/n/temse/praktijken/{practice_id}").status_code == 404
    login_as("visitor")
    assert client.get(location).status_code == 404
    assert client.get(file_urls[0]).status_code == 404


def test_region_visibility_reaches_the_region_not_others(client, login_as, db, network, other_network, people):
    from lerend_netwerk.networks.models import Network, NetworkKind, Role
    from tests.factories import make_network, make_person

    region = db.write_sync(make_network, slug="regio", name="Regio Test", kind=NetworkKind.REGIONAL)

    def join(s):
        s.get(Network, network.id).region_id = region.id

    db.write_sync(join)
    sibling = db.write_sync(make_network, slug="sibling", name="Netwerk Buur", region_id=region.id)
    neighbour = db.write_sync(make_person, sibling, Role.MEMBER, email="member@buur.example")
    practice = make_practice(
        db,
        network,
        people["member"],
        title="Kinderopvang tijdens de activiteit",
        visibility=Visibility.REGION,
        thresholds=("kinderopvang",),
    )
    from lerend_netwerk.accounts import sessions

    token = db.write_sync(sessions.start, neighbour.id, "test")
    client.cookies.clear()
    client.cookies.set("ln_session", token)
    assert client.get(f"/n/zele/praktijken/{practice.id}").status_code == 200
    assert "Kinderopvang tijdens de activiteit" in client.get("/n/sibling/praktijken").text
    login_as("outsider")
    assert client.get(f"/n/zele/praktijken/{practice.id}").status_code == 404


def test_drafts_are_for_staff_of_the_network_only(client, login_as, db, network, people):
    from lerend_netwerk.practices.models import Status

    practice = make_practice(
        db, network, people["member"], title="Nog een concept", status=Status.DRAFT, visibility=Visibility.PUBLIC
    )
    login_as("visitor")
    assert client.get(f"/n/zele/praktijken/{practice.id}").status_code == 404
    login_as("participant")
    assert client.get(f"/n/zele/praktijken/{practice.id}").status_code == 404
    login_as("facilitator")
    assert "Dit is een concept" in client.get(f"/n/zele/praktijken/{practice.id}").text
    assert db.read_sync(lambda s: s.get(Practice, practice.id).published_at) is None
