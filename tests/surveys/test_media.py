"""For people who read little: recordings of questions and options (checked by content, small, served with their
type), pictograms and pictures beside options, easy-read texts, the readability hint, and files going away with
their question or with the voice's owner."""

from __future__ import annotations

import io
import os
import time

from PIL import Image
from sqlalchemy import select

from lerend_netwerk.retention import run as run_retention
from lerend_netwerk.surveys import media
from lerend_netwerk.surveys.models import Media, Option, Question, Survey
from tests.conftest import csrf_from
from tests.surveys.audio import mp3, ogg_opus
from tests.surveys.helpers import begin, make_survey, options_of


def _media_url(ids: dict, key: str = "wijk") -> str:
    return f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids[key]}/media"


def _upload(client, ids, data: bytes, *, name: str = "vraag.ogg", target: str = "", lang: str = "nl", key="wijk"):  # noqa: ANN001, ANN201
    page = client.get(_media_url(ids, key))
    assert page.status_code == 200, page.text
    return client.post(
        _media_url(ids, key) + "/geluid",
        data={"csrf_token": csrf_from(page.text), "doel": target, "taal": lang},
        files=[("geluid", (name, data, "audio/ogg"))],
    )


def _files(settings) -> list[str]:  # noqa: ANN001
    folder = media.folder(settings.upload_dir)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_recording_of_a_question_is_uploaded_served_and_played_on_the_question(
    client, db, network, login_as, settings
):
    ids = make_survey(db, network)
    login_as("facilitator")
    sent = _upload(client, ids, ogg_opus())
    assert sent.status_code == 303, sent.text
    found = db.read_sync(lambda s: s.scalars(select(Media)).one())
    assert (found.content_type, found.language, found.option_id) == ("audio/ogg", "nl", None)
    assert _files(settings) == [found.stored_name]

    served = client.get(f"/b/{ids['code']}/media/{found.id}")
    assert served.status_code == 200
    assert served.headers["content-type"] == "audio/ogg"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.content == ogg_opus()
    part = client.get(f"/b/{ids['code']}/media/{found.id}", headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.content == b"OggS"  # a phone's player asks for parts
    assert client.get(f"/b/anderecode/media/{found.id}").status_code == 404  # only under its own survey's link

    client.cookies.clear()
    begin(client, ids["code"])
    step = client.get(f"/b/{ids['code']}/vraag/1")
    assert f'src="/b/{ids["code"]}/media/{found.id}"' in step.text
    assert "<audio" in step.text and 'preload="none"' in step.text  # nothing loads until someone presses play


def test_an_option_gets_an_mp3_and_a_second_upload_replaces_the_first(client, db, network, login_as, settings):
    ids = make_survey(db, network, languages=("fr",))
    login_as("facilitator")
    centrum = options_of(db, ids["wijk"])["Centrum"]
    assert _upload(client, ids, mp3(), name="centrum.mp3", target=f"o{centrum}", lang="fr").status_code == 303
    first = db.read_sync(lambda s: s.scalars(select(Media)).one())
    assert (first.content_type, first.option_id, first.language) == ("audio/mpeg", centrum, "fr")
    assert _upload(client, ids, ogg_opus(), target=f"o{centrum}", lang="fr").status_code == 303
    again = db.read_sync(lambda s: s.scalars(select(Media)).all())
    assert len(again) == 1 and again[0].content_type == "audio/ogg"
    assert _files(settings) == [again[0].stored_name]  # the replaced file is gone


def test_a_fake_or_too_large_recording_is_refused_at_the_field(client, db, network, login_as, settings):
    ids = make_survey(db, network)
    login_as("facilitator")
    fake = _upload(client, ids, b"<html><script>alert(1)</script></html>" * 20, name="vraag.mp3")
    assert fake.status_code == 422
    assert "geen geluidsopname" in fake.text and "We kijken naar de inhoud" in fake.text
    assert 'id="veld-geluid-fout"' in fake.text
    photo = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(photo, "PNG")
    assert "geen geluidsopname" in _upload(client, ids, photo.getvalue(), name="foto.ogg").text
    truncated = _upload(client, ids, b"\xff\xfb\x90\x00" + b"x" * 600, name="half.mp3")
    assert truncated.status_code == 422
    big = _upload(client, ids, ogg_opus() + bytes(media.MAX_AUDIO_BYTES), name="lang.ogg")
    assert big.status_code == 422 and "te groot" in big.text
    unknown_language = _upload(client, ids, ogg_opus(), lang="xx")
    assert unknown_language.status_code == 422
    assert db.read_sync(lambda s: s.scalars(select(Media)).all()) == []
    assert _files(settings) == []  # nothing half-written


def test_recordings_are_deleted_with_their_question_and_by_hand(client, db, network, login_as, settings):
    ids = make_survey(db, network)
    login_as("facilitator")
    assert _upload(client, ids, ogg_opus(), key="idea").status_code == 303
    assert _upload(client, ids, ogg_opus(), key="kids").status_code == 303
    kids = db.read_sync(lambda s: s.scalar(select(Media).where(Media.question_id == ids["kids"])))
    page = client.get(_media_url(ids, "kids"))
    removed = client.post(
        _media_url(ids, "kids") + f"/{kids.id}/verwijderen", data={"csrf_token": csrf_from(page.text)}
    )
    assert removed.status_code == 303
    edit = client.get(f"/n/zele/bevragingen/{ids['survey']}")
    deleted = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids['idea']}/actie",
        data={"csrf_token": csrf_from(edit.text), "actie": "verwijderen"},
    )
    assert deleted.status_code == 303
    assert db.read_sync(lambda s: s.scalars(select(Media)).all()) == []
    assert _files(settings) == []


def test_retention_removes_files_without_a_row_and_erasure_removes_a_voice(
    client, db, network, people, login_as, settings, registry
):  # noqa: E501
    ids = make_survey(db, network)
    login_as("facilitator")
    assert _upload(client, ids, ogg_opus()).status_code == 303
    # an option removed in the builder takes its recording row along (ON DELETE CASCADE); the file is an orphan
    centrum = options_of(db, ids["wijk"])["Centrum"]
    assert _upload(client, ids, ogg_opus(), target=f"o{centrum}").status_code == 303
    db.write_sync(lambda s: s.delete(s.get(Option, centrum)))
    orphans = [
        n for n in _files(settings) if n not in db.read_sync(lambda s: set(s.scalars(select(Media.stored_name))))
    ]
    assert len(orphans) == 1
    old = time.time() - 2 * 3600
    for name in _files(settings):
        os.utime(media.folder(settings.upload_dir) / name, (old, old))
    report = db.write_sync(run_retention, settings, registry)
    assert report["survey_media_files"] == 1
    assert orphans[0] not in _files(settings)

    # the facilitator's own voice goes when they have their data erased
    from lerend_netwerk.accounts import mydata

    facilitator = people["facilitator"]
    db.write_sync(mydata.erase, facilitator.id, registry.privacy, actor_id=None)
    assert db.read_sync(lambda s: s.scalars(select(Media)).all()) == []
    for name in _files(settings):
        os.utime(media.folder(settings.upload_dir) / name, (old, old))
    db.write_sync(run_retention, settings, registry)
    assert _files(settings) == []


def test_pictograms_and_pictures_show_beside_the_text(client, db, network, login_as, settings):
    ids = make_survey(db, network)
    login_as("facilitator")
    opts = options_of(db, ids["wijk"])
    page = client.get(_media_url(ids))
    token = csrf_from(page.text)
    chosen = client.post(
        _media_url(ids) + "/pictogrammen",
        data={"csrf_token": token, f"p{opts['Centrum']}": "house", f"p{opts['Kouter']}": "transport"},
    )
    assert chosen.status_code == 303
    wrong = client.post(_media_url(ids) + "/pictogrammen", data={"csrf_token": token, f"p{opts['Centrum']}": "x.svg"})
    assert wrong.status_code == 422
    photo = io.BytesIO()
    Image.new("RGB", (600, 400), "blue").save(photo, "JPEG")
    picture = client.post(
        _media_url(ids) + "/afbeelding",
        data={"csrf_token": token, "keuze": str(opts["Heikant"])},
        files=[("afbeelding", ("heikant.jpg", photo.getvalue(), "image/jpeg"))],
    )
    assert picture.status_code == 303, picture.text
    fake = client.post(
        _media_url(ids) + "/afbeelding",
        data={"csrf_token": token, "keuze": str(opts["Heikant"])},
        files=[("afbeelding", ("heikant.jpg", b"<svg onload=alert(1)>", "image/jpeg"))],
    )
    assert fake.status_code == 422 and "geen afbeelding" in fake.text
    kept = db.read_sync(lambda s: s.scalars(select(Media)).one())
    assert kept.content_type == "image/webp"
    served = client.get(f"/b/{ids['code']}/media/{kept.id}")
    assert served.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(served.content)).width == 240

    client.cookies.clear()
    begin(client, ids["code"])
    step = client.get(f"/b/{ids['code']}/vraag/1").text
    assert "img/pictograms/house" in step and "img/pictograms/transport" in step
    assert f"/b/{ids['code']}/media/{kept.id}" in step
    for label in ("Centrum", "Kouter", "Heikant"):
        assert f"<span data-speak-text>{label}</span>" in step  # the text is always beside the picture


def test_easy_read_text_is_shown_first_when_the_survey_is_marked(client, db, network, login_as):
    ids = make_survey(db, network, languages=("fr",))
    login_as("facilitator")
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids['wijk']}")
    saved = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids['wijk']}",
        data={
            "csrf_token": csrf_from(page.text),
            "soort": "single",
            "tekst": "In welke wijk woon je?",
            "eenvoudig": "Waar woon je?",
            "keuzes": "Centrum\nKouter\nHeikant",
            "verplicht": "1",
        },
    )
    assert saved.status_code == 303, saved.text
    assert db.read_sync(lambda s: s.get(Question, ids["wijk"]).easy_text) == "Waar woon je?"
    client.cookies.clear()
    begin(client, ids["code"])
    plain = client.get(f"/b/{ids['code']}/vraag/1").text
    assert plain.index("In welke wijk woon je?") < plain.index("Waar woon je?")  # the usual text first

    db.write_sync(lambda s: setattr(s.get(Survey, ids["survey"]), "easy_read", True))
    easy = client.get(f"/b/{ids['code']}/vraag/1").text
    assert easy.index("Waar woon je?") < easy.index("In welke wijk woon je?")
    assert "In andere woorden" in easy


def test_the_builder_shows_a_readability_hint(client, db, network, login_as):
    ids = make_survey(db, network)
    login_as("facilitator")
    long = (
        "Wij willen graag van u weten of de toegankelijkheid van het vrijetijdsaanbod in uw gemeente voldoende is "
        "en of er nog andere drempels zijn die u ervaart wanneer u wil deelnemen."
    )
    hint = client.get(f"/n/zele/bevragingen/{ids['survey']}/leesbaarheid", params={"tekst": long})
    assert hint.status_code == 200
    assert "woorden per zin" in hint.text and "Dat is lang" in hint.text
    assert "toegankelijkheid" in hint.text and "vrijetijdsaanbod" in hint.text
    partial = client.get(
        f"/n/zele/bevragingen/{ids['survey']}/leesbaarheid",
        params={"tekst": "Waar woon je?"},
        headers={"HX-Request": "true"},
    )
    assert partial.text.lstrip().startswith("<div") and "Dat is goed" in partial.text
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids['wijk']}")
    assert "woorden per zin" in page.text  # shown next to the field without JavaScript


def test_an_easy_read_translation_is_shown_in_its_language(client, db, network, login_as):
    ids = make_survey(db, network, languages=("fr",))
    db.write_sync(lambda s: setattr(s.get(Survey, ids["survey"]), "easy_read", True))
    login_as("facilitator")
    url = f"/n/zele/bevragingen/{ids['survey']}/vertaling/fr"
    page = client.get(url)
    assert f'name="q{ids["wijk"]}_easy"' in page.text
    saved = client.post(
        url,
        data={
            "csrf_token": csrf_from(page.text),
            f"q{ids['wijk']}": "Dans quel quartier habites-tu ?",
            f"q{ids['wijk']}_easy": "Où habites-tu ?",
        },
    )
    assert saved.status_code == 303
    client.cookies.clear()
    begin(client, ids["code"], lang="fr")
    step = client.get(f"/b/{ids['code']}/vraag/1").text
    assert step.index("Où habites-tu ?") < step.index("Dans quel quartier habites-tu ?")
