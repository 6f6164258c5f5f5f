"""Who may use the surveys' routes. Respondent pages (/b/<code>) are public; building, entry and results are
for the network's facilitators, coordinators (and the stuurgroep for viewing and results)."""

from __future__ import annotations

from typing import Any

from tests.matrix import EVERYONE, Case
from tests.surveys.helpers import make_survey

VIEWERS = frozenset({"facilitator", "steering", "coordinator"})
BUILDERS = frozenset({"facilitator", "coordinator"})


def survey(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    return {"id": make_survey(db, network, languages=("fr",))["survey"]}


def question(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    ids = make_survey(db, network, languages=("fr",))
    return {"id": ids["survey"], "qid": ids["idea"]}


def translation(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    return {**survey(db, network, people), "lang": "fr"}


def public(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    return {"code": make_survey(db, network)["code"]}


def public_step(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    return {**public(db, network, people), "n": "1"}


def public_resume(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    return {**public(db, network, people), "token": "geen-geldige-link"}


def recording(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    """A question with a recording row (its file is not written: serving a real file is in test_media.py)."""
    from lerend_netwerk.surveys import service_media
    from lerend_netwerk.surveys.media import Stored
    from lerend_netwerk.surveys.models import MediaKind

    ids = make_survey(db, network, languages=("fr",))
    stored = Stored(f"matrix-{ids['survey']}", "audio/ogg", 10)
    db.write_sync(
        lambda s: service_media.add_media(
            s,
            network.id,
            ids["survey"],
            ids["idea"],
            option_id=None,
            language="nl",
            kind=MediaKind.AUDIO,
            stored=stored,
            actor_id=None,
        )
    )
    from sqlalchemy import select

    from lerend_netwerk.surveys.models import Media

    mid = db.read_sync(lambda s: s.scalar(select(Media.id).where(Media.stored_name == stored.stored_name)))
    return {"id": ids["survey"], "qid": ids["idea"], "mid": mid, "code": ids["code"]}


def public_recording(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    found = recording(db, network, people)
    return {"code": found["code"], "mid": found["mid"]}


def recording_staff(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    found = recording(db, network, people)
    return {"id": found["id"], "qid": found["qid"], "mid": found["mid"]}


QUESTION = {"soort": "short_text", "tekst": "Nog iets?"}
CASES = [
    Case("surveys:list", VIEWERS),
    Case("surveys:new", BUILDERS),
    Case("surveys:create", BUILDERS, "POST", data={"titel": "Nieuwe bevraging", "anoniem": "1"}),
    Case("surveys:edit", VIEWERS, setup=survey),
    Case("surveys:update", BUILDERS, "POST", setup=survey, data={"titel": "Andere titel", "anoniem": "1"}),
    Case("surveys:add_question", BUILDERS, "POST", setup=survey, data=QUESTION),
    Case("surveys:question", BUILDERS, setup=question),
    Case("surveys:update_question", BUILDERS, "POST", setup=question, data=QUESTION),
    Case("surveys:question_action", BUILDERS, "POST", setup=question, data={"actie": "omhoog"}),
    Case("surveys:media", BUILDERS, setup=question),
    Case(
        "surveys:add_audio",
        BUILDERS,
        "POST",
        setup=question,
        data={"taal": "nl"},
        expect_status=422,
        note="no file chosen: the form comes back with a message at the file field",
    ),
    Case(
        "surveys:add_picture",
        BUILDERS,
        "POST",
        setup=question,
        data={},
        expect_status=422,
        note="no file chosen: the form comes back with a message at the file field",
    ),
    Case("surveys:set_pictograms", BUILDERS, "POST", setup=question, data={}),
    Case("surveys:delete_media", BUILDERS, "POST", setup=recording_staff),
    Case("surveys:readability", BUILDERS, setup=survey),
    Case("surveys:translation", BUILDERS, setup=translation),
    Case("surveys:save_translation", BUILDERS, "POST", setup=translation, data={"title": "Enquête"}),
    Case("surveys:preview", VIEWERS, setup=survey),
    Case("surveys:poster", VIEWERS, setup=survey),
    Case("surveys:paper", VIEWERS, setup=survey),
    Case("surveys:start_entry", BUILDERS, "POST", setup=survey, data={"modus": "paper"}),
    Case("surveys:results", VIEWERS, setup=survey),
    Case("surveys:results_print", VIEWERS, setup=survey),
    Case("surveys:export", VIEWERS, setup=survey),
    Case("surveys:export_texts", VIEWERS, setup=survey),
    Case("surveys:make_signal", BUILDERS, "POST", setup=survey, data={"titel": "Sport is te duur"}),
    # The respondent's side: anyone with the link, logged in or not (an anonymous survey).
    Case("surveys:start", EVERYONE, setup=public),
    Case("surveys:begin", EVERYONE, "POST", setup=public, data={"taal": "nl", "weergave": "stap"}),
    Case("surveys:resume", EVERYONE, setup=public_resume, note="an unknown token goes back to the start"),
    Case("surveys:step", EVERYONE, setup=public_step, note="without a draft: back to the start"),
    Case("surveys:save_step", EVERYONE, "POST", setup=public_step),
    Case("surveys:all", EVERYONE, setup=public),
    Case("surveys:save_all", EVERYONE, "POST", setup=public),
    Case("surveys:review", EVERYONE, setup=public),
    Case("surveys:send", EVERYONE, "POST", setup=public, note="nothing to send: the thank-you page, nothing stored"),
    Case("surveys:thanks", EVERYONE, setup=public),
    Case(
        "surveys:media_file",
        EVERYONE,
        setup=public_recording,
        expect_status=404,
        note="the matrix makes the row without its file: a missing file is a 404 (serving is in test_media.py)",
    ),
]
