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


QUESTION = {"soort": "short_text", "tekst": "Nog iets?"}
CASES = [
    Case("surveys_list", VIEWERS),
    Case("survey_new", BUILDERS),
    Case("survey_create", BUILDERS, "POST", data={"titel": "Nieuwe bevraging", "anoniem": "1"}),
    Case("survey_edit", VIEWERS, setup=survey),
    Case("survey_update", BUILDERS, "POST", setup=survey, data={"titel": "Andere titel", "anoniem": "1"}),
    Case("survey_add_question", BUILDERS, "POST", setup=survey, data=QUESTION),
    Case("survey_question", BUILDERS, setup=question),
    Case("survey_update_question", BUILDERS, "POST", setup=question, data=QUESTION),
    Case("survey_question_action", BUILDERS, "POST", setup=question, data={"actie": "omhoog"}),
    Case("survey_translation", BUILDERS, setup=translation),
    Case("survey_save_translation", BUILDERS, "POST", setup=translation, data={"title": "Enquête"}),
    Case("survey_preview", VIEWERS, setup=survey),
    Case("survey_poster", VIEWERS, setup=survey),
    Case("survey_paper", VIEWERS, setup=survey),
    Case("survey_start_entry", BUILDERS, "POST", setup=survey, data={"modus": "paper"}),
    Case("survey_results", VIEWERS, setup=survey),
    Case("survey_results_print", VIEWERS, setup=survey),
    Case("survey_export", VIEWERS, setup=survey),
    Case("survey_make_signal", BUILDERS, "POST", setup=survey, data={"titel": "Sport is te duur"}),
    # The respondent's side: anyone with the link, logged in or not (an anonymous survey).
    Case("survey_start", EVERYONE, setup=public),
    Case("survey_begin", EVERYONE, "POST", setup=public, data={"taal": "nl", "weergave": "stap"}),
    Case("survey_resume", EVERYONE, setup=public_resume, note="an unknown token goes back to the start"),
    Case("survey_step", EVERYONE, setup=public_step, note="without a draft: back to the start"),
    Case("survey_save_step", EVERYONE, "POST", setup=public_step),
    Case("survey_all", EVERYONE, setup=public),
    Case("survey_save_all", EVERYONE, "POST", setup=public),
    Case("survey_review", EVERYONE, setup=public),
    Case("survey_send", EVERYONE, "POST", setup=public, note="nothing to send: the thank-you page, nothing stored"),
    Case("survey_thanks", EVERYONE, setup=public),
]
