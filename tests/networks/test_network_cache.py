"""Workers keep the networks they served while PostgreSQL announces every change (`lerend_netwerk.networks.cache`):
a network page then runs no statement for its network, and a change made anywhere shows on the pages that follow."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx2 as httpx
import pytest
from sqlalchemy import event, select, text, update
from starlette.testclient import TestClient

from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database
from lerend_netwerk.networks.models import Network, Organisation
from lerend_netwerk.networks.thresholds import ThresholdType
from tests.conftest import PG_URL, wait_until_listening
from tests.served import served

NEW_NAME = "Kansenplatform Zele-Noord"
postgresql_only = pytest.mark.skipif(not PG_URL, reason="PostgreSQL announces changes; run with LN_TEST_DATABASE_URL")
sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="the SQLite run")


def _network_reads(db: Database) -> list[str]:
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if "FROM network \nWHERE network.slug =" in statement:
            seen.append(statement)

    for engine in db.engines:
        event.listen(engine, "before_cursor_execute", note)

    return seen


def _rename(db: Database, name: str) -> None:
    db.write_sync(lambda s: s.execute(update(Network).where(Network.slug == "zele").values(name=name)))


def _reaches_every_worker(shown: Callable[[], bool], what: str) -> None:
    """Wait up to 2 s for `shown()`: a change made by another process reaches the workers by NOTIFY."""
    deadline = time.monotonic() + 2
    while not shown():
        assert time.monotonic() < deadline, f"{what} did not reach the workers within 2 s"
        time.sleep(0.01)


@postgresql_only
def test_a_worker_reads_its_network_once_and_sees_its_own_change_at_once(settings, db, network):
    app = create_app(settings, db=db)
    reads = _network_reads(db)
    with TestClient(app, follow_redirects=False) as client:
        wait_until_listening(app)
        assert client.get("/n/zele").status_code == 200
        assert client.get("/n/zele/praktijken").status_code == 200
        assert client.get("/n/zele/dialoogtafels").status_code == 200
        assert len(reads) == 1, "only the first page read the network"

        _rename(db, NEW_NAME)  # written by this process: forgotten when it commits, before any notice
        assert NEW_NAME in client.get("/n/zele").text
        assert len(reads) == 2


@postgresql_only
def test_a_change_made_by_another_process_shows_on_every_worker(settings, db, network, tmp_path):
    with served(settings.database_url, tmp_path / "served", workers=2) as base, httpx.Client(base_url=base) as web:
        for _ in range(8):  # both workers serve the page, and keep the network
            page = web.get("/n/zele")
            assert page.status_code == 200
            assert "Kansenplatform Zele" in page.text
            assert NEW_NAME not in page.text
        _rename(db, NEW_NAME)  # this test process is "another process" for both workers
        _reaches_every_worker(lambda: NEW_NAME in web.get("/n/zele").text, "the change")
        for _ in range(8):  # and from then on, whichever worker answers
            assert NEW_NAME in web.get("/n/zele").text


@sqlite_only
def test_on_sqlite_nothing_is_kept(settings, db, network):
    app = create_app(settings, db=db)
    reads = _network_reads(db)
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/n/zele").status_code == 200
        assert client.get("/n/zele").status_code == 200
        assert not app.state.networks.listening
        assert len(reads) == 2
        _rename(db, NEW_NAME)
        assert NEW_NAME in client.get("/n/zele").text


@postgresql_only
def test_without_the_trigger_nothing_is_kept(settings, db, network):
    db.write_sync(lambda s: s.execute(text("DROP TRIGGER network_changed ON network")))
    try:
        app = create_app(settings, db=db)
        reads = _network_reads(db)
        with TestClient(app, follow_redirects=False) as client:
            time.sleep(0.3)
            assert client.get("/n/zele").status_code == 200
            assert client.get("/n/zele").status_code == 200
            assert not app.state.networks.listening
            assert len(reads) == 2
    finally:
        db.write_sync(
            lambda s: s.execute(
                text(
                    "CREATE TRIGGER network_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network"
                    " FOR EACH STATEMENT EXECUTE FUNCTION ln_network_changed()"
                )
            )
        )


def _list_reads(db: Database) -> dict[str, int]:
    seen = {"threshold_type": 0, "organisation": 0}

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        for table in seen:
            if f"\nFROM {table} \n" in statement:
                seen[table] += 1

    for engine in db.engines:
        event.listen(engine, "before_cursor_execute", note)

    return seen


def _add_organisation(db: Database, name: str) -> None:
    db.write_sync(
        lambda s: s.add(Organisation(network_id=s.scalar(select(Network.id).where(Network.slug == "zele")), name=name))
    )


def test_a_worker_reads_the_threshold_types_and_organisations_once_and_sees_its_own_change(settings, db, network):
    """On PostgreSQL the lists are kept while the worker listens; on SQLite while `reference_version` (migration
    0023) stays what the worker read them at."""
    _add_organisation(db, "Vzw De Brug")
    app = create_app(settings, db=db)
    reads = _list_reads(db)
    with TestClient(app, follow_redirects=False) as client:
        if not db.is_sqlite:
            wait_until_listening(app)
        for _ in range(3):
            page = client.get("/n/zele/praktijken")
            assert page.status_code == 200
            assert "Vzw De Brug" in page.text
        assert reads == {"threshold_type": 1, "organisation": 1}, "only the first page read the lists"

        _add_organisation(db, "Buurtwerk Noord")  # written by this process: forgotten when it commits
        assert "Buurtwerk Noord" in client.get("/n/zele/praktijken").text


def test_a_threshold_type_or_organisation_changed_by_another_process_shows_on_every_worker(
    settings, db, network, tmp_path
):
    _add_organisation(db, "Vzw De Brug")
    with served(settings.database_url, tmp_path / "served", workers=2) as base, httpx.Client(base_url=base) as web:
        for _ in range(8):  # both workers serve the list, and keep its threshold types and organisations
            assert "Vzw De Brug" in web.get("/n/zele/praktijken").text
        db.write_sync(
            lambda s: (
                s.execute(
                    update(Organisation).where(Organisation.name == "Vzw De Brug").values(name="Vzw De Nieuwe Brug")
                ),
                s.execute(update(ThresholdType).where(ThresholdType.code == "geld").values(label="Geld en kosten")),
            )
        )
        _reaches_every_worker(lambda: "Vzw De Nieuwe Brug" in web.get("/n/zele/praktijken").text, "the change")
        for _ in range(8):  # and from then on, whichever worker answers
            page = web.get("/n/zele/praktijken").text
            assert "Vzw De Nieuwe Brug" in page
            assert "Geld en kosten" in page


def test_a_survey_question_changed_by_another_process_shows_to_the_next_respondent(settings, db, network, tmp_path):
    """A survey's questions and options are kept per worker too; a change made elsewhere (a coordinator fixing a
    typo before the survey goes out) reaches every worker's next respondent."""
    from lerend_netwerk.surveys.models import Option, Question
    from tests.surveys.helpers import begin, make_survey

    ids = make_survey(db, network)
    with served(settings.database_url, tmp_path / "served", workers=2) as base, httpx.Client(base_url=base) as web:
        assert begin(web, ids["code"], layout="alles").status_code == 303  # a respondent, with answers in progress
        for _ in range(8):  # both workers show the survey, and keep its questions
            page = web.get(f"/b/{ids['code']}/alles")
            assert page.status_code == 200
            assert "In welke wijk woon je?" in page.text
        db.write_sync(
            lambda s: (
                s.execute(update(Question).where(Question.id == ids["wijk"]).values(text="In welke buurt woon je?")),
                s.execute(
                    update(Option)
                    .where(Option.question_id == ids["wijk"], Option.label == "Kouter")
                    .values(label="De Kouter")
                ),
            )
        )
        _reaches_every_worker(
            lambda: "In welke buurt woon je?" in web.get(f"/b/{ids['code']}/alles").text, "the change"
        )
        for _ in range(8):  # and from then on, whichever worker answers
            page = web.get(f"/b/{ids['code']}/alles").text
            assert "In welke buurt woon je?" in page
            assert "De Kouter" in page


def test_a_survey_without_pictures_is_not_asked_again_and_a_picture_added_elsewhere_shows(
    settings, db, network, tmp_path
):
    """Most surveys have no pictures or recordings: that empty list is kept too (a found survey's, not a key a
    visitor makes up), so a respondent's page does not ask for it each time; a picture added by another process
    reaches every worker's next respondent."""
    from lerend_netwerk.surveys.models import Media, MediaKind, Option
    from tests.surveys.helpers import begin, make_survey

    ids = make_survey(db, network)
    app = create_app(settings, db=db)
    media_reads = []

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if "\nFROM survey_media" in statement:
            media_reads.append(statement)

    for engine in db.engines:
        event.listen(engine, "before_cursor_execute", note)

    try:
        with TestClient(app, follow_redirects=False) as client:
            if not db.is_sqlite:
                wait_until_listening(app)
            assert begin(client, ids["code"], layout="alles").status_code == 303
            for _ in range(3):
                assert client.get(f"/b/{ids['code']}/alles").status_code == 200
            assert len(media_reads) == 1, "only the first page read the (empty) list of pictures"
    finally:
        for engine in db.engines:
            event.remove(engine, "before_cursor_execute", note)

    with served(settings.database_url, tmp_path / "served", workers=2) as base, httpx.Client(base_url=base) as web:
        assert begin(web, ids["code"], layout="alles").status_code == 303
        for _ in range(8):  # both workers show the survey, and keep its empty list of pictures
            assert 'class="pictogram"' not in web.get(f"/b/{ids['code']}/alles").text
        option_id = db.read_sync(
            lambda s: s.scalar(select(Option.id).where(Option.question_id == ids["wijk"], Option.label == "Kouter"))
        )
        db.write_sync(
            lambda s: s.add(
                Media(
                    survey_id=ids["survey"],
                    question_id=ids["wijk"],
                    option_id=option_id,
                    kind=MediaKind.PICTURE,
                    stored_name="kouter-test.png",
                    content_type="image/png",
                    size=68,
                )
            )
        )
        _reaches_every_worker(lambda: 'class="pictogram"' in web.get(f"/b/{ids['code']}/alles").text, "the picture")
        for _ in range(8):  # and from then on, whichever worker answers
            assert 'class="pictogram"' in web.get(f"/b/{ids['code']}/alles").text


def test_no_request_changes_what_the_next_one_sees_of_a_kept_row():
    """Each request gets its own copy of a kept row; the JSON in it is the kept one, frozen: changing it fails at
    once (a bug found by any test), a new value on one copy stays on that copy, and the row read from the database is
    left as it was. Frozen JSON still is JSON to the rest of the app: a dict, a list, `json.dumps`, a copy to edit."""
    import copy
    import json

    from lerend_netwerk.networks import cache
    from lerend_netwerk.surveys.models import Question

    question = Question(id=7, survey_id=3, text="In welke wijk woon je?", translations={"fr": {"text": "Quartier ?"}})
    kept = cache._values(question)
    first, second = cache._detached(Question, kept), cache._detached(Question, kept)
    for change in (
        lambda: first.translations["fr"].update(text="Changed"),
        lambda: first.translations.__setitem__("en", {"text": "Neighbourhood?"}),
        lambda: first.translations.setdefault("en", {}),
        lambda: first.translations.pop("fr"),
    ):
        with pytest.raises(TypeError):
            change()
    first.translations = {"fr": {"text": "Autre"}}  # a new value for this request's copy only
    assert second.translations == {"fr": {"text": "Quartier ?"}}
    assert cache._detached(Question, kept).translations == {"fr": {"text": "Quartier ?"}}
    assert (second.id, second.text) == (7, "In welke wijk woon je?")
    question.translations["fr"]["text"] = "Changed in the row"  # the row itself was not frozen
    assert isinstance(second.translations, dict) and json.loads(json.dumps(second.translations)) == {
        "fr": {"text": "Quartier ?"}
    }
    editable = copy.deepcopy(second.translations)
    editable["fr"]["text"] = "Edited copy"
    assert type(editable) is dict and second.translations["fr"]["text"] == "Quartier ?"
    themes = cache.frozen_json(["werk", "wonen"])
    with pytest.raises(TypeError):
        themes.append("zorg")
    assert themes == ["werk", "wonen"] and isinstance(themes, list) and [*themes, "zorg"] == ["werk", "wonen", "zorg"]
