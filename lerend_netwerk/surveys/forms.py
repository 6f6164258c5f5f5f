"""The survey forms: raw form values in, typed values and a Dutch message per field out (the `Form` keeps what was
typed, to fill the form in again). Staff forms: a survey's settings, a question, a translation, entry on behalf
of someone, a signal. Respondent forms: how to begin, and the answers (`v<question id>` fields)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import answers as rules
from lerend_netwerk.surveys.languages import EXTRA_LANGUAGES, language_options
from lerend_netwerk.surveys.models import CHOICE_KINDS, FIXED_OPTIONS, KIND_LABELS, Kind, Mode, Survey
from lerend_netwerk.surveys.queries import QuestionView, SurveyView
from lerend_netwerk.web.forms import Form

# -- staff: building ---------------------------------------------------------------------------------------------


def read_settings(form: Form, themes: Sequence[str]) -> dict[str, Any]:
    """A survey's settings, as keyword arguments of `service.create_survey` / `update_survey`."""
    values: dict[str, Any] = {
        "title": form.text("titel", required=True, max_length=200),
        "intro": form.text("intro", max_length=3000, multiline=True),
        "opens_on": form.date("opent"),
        "closes_on": form.date("sluit"),
        "anonymous": form.boolean("anoniem"),
        "easy_read": form.boolean("makkelijk_lezen"),
        "theme": form.choice("thema", themes) or "",
        "languages": form.choices("talen", EXTRA_LANGUAGES),
    }
    if values["opens_on"] and values["closes_on"] and values["closes_on"] < values["opens_on"]:
        form.error("sluit", _("De einddatum komt vóór de begindatum."))
    return values


def settings_form(survey: Survey) -> Form:
    """The settings form filled in with the survey's current settings."""
    return form_of(
        {
            "titel": survey.title,
            "intro": survey.intro,
            "opent": survey.opens_on.isoformat() if survey.opens_on else "",
            "sluit": survey.closes_on.isoformat() if survey.closes_on else "",
            "anoniem": "1" if survey.anonymous else "",
            "makkelijk_lezen": "1" if survey.easy_read else "",
            "thema": survey.theme,
            "talen": list(survey.languages),
        }
    )


def read_question(form: Form) -> dict[str, Any]:
    """A question, as keyword arguments of `service.add_question` / `update_question`."""
    kind = form.choice("soort", [k.value for k in Kind], required=True)
    condition = form.value("toon_als")
    show_if: tuple[int | None, int | None] = (None, None)
    if condition:
        q, _sep, o = str(condition).partition(":")
        if q.isdigit() and o.isdigit():
            show_if = (int(q), int(o))
        else:
            form.error("toon_als", _("Kies een van de mogelijkheden uit de lijst."))
    return {
        "kind": Kind(kind) if kind and "soort" not in form.errors else Kind.SHORT_TEXT,
        "text": form.text("tekst", required=True, max_length=500),
        "easy_text": form.text("eenvoudig", max_length=500),
        "help": form.text("uitleg", max_length=500),
        "required": form.boolean("verplicht"),
        "options": form.text("keuzes", max_length=6000, multiline=True).split("\n"),
        "show_if": show_if,
    }


def question_form(qv: QuestionView) -> Form:
    """The question form filled in with the question as it is."""
    q = qv.question
    return Form(
        {
            "soort": q.kind.value,
            "tekst": q.text,
            "eenvoudig": q.easy_text,
            "uitleg": q.help,
            "verplicht": "1" if q.required else "",
            "keuzes": "\n".join(o.label for o in qv.options) if q.kind not in FIXED_OPTIONS else "",
            "toon_als": f"{q.show_if_question_id}:{q.show_if_option_id}" if q.show_if_question_id else "",
        }
    )


def kind_options() -> list[tuple[str, Any]]:
    return [(kind.value, label) for kind, label in KIND_LABELS.items()]


def conditions(view: SurveyView, before: int | None = None) -> list[tuple[str, str]]:
    """Skip-logic choices as one list "question = answer", so a plain <select> does it without JavaScript."""
    result = [("", _("Altijd tonen"))]
    for number, qv in enumerate(view.questions, start=1):
        if before is not None and qv.question.position >= before:
            break
        if qv.question.kind in CHOICE_KINDS:
            for option in qv.options:
                label = _("Alleen als vraag {n} ({q}) = {a}").format(n=number, q=qv.question.text[:40], a=option.label)
                result.append((f"{qv.id}:{option.id}", label))
    return result


QUESTION_ACTIONS = ["omhoog", "omlaag", "sluiten", "heropenen", "verwijderen"]


def translation_form(view: SurveyView, language: str) -> Form:
    """The translation form filled in with the texts already translated into `language`."""
    current = (view.survey.translations or {}).get(language, {})
    values = {"title": current.get("title", ""), "intro": current.get("intro", "")}
    for qv in view.questions:
        tr = (qv.question.translations or {}).get(language, {})
        values[f"q{qv.id}"] = tr.get("text", "")
        values[f"q{qv.id}_help"] = tr.get("help", "")
        values[f"q{qv.id}_easy"] = tr.get("easy", "")
        for option in qv.options:
            values[f"o{option.id}"] = (option.translations or {}).get(language, "")
    return Form(values)


def read_translation(form: Form, view: SurveyView) -> dict[str, str]:
    """The texts of `service.save_translation`: "title", "intro", "q<id>", "q<id>_help" and "o<id>"."""
    texts = {"title": form.text("title", max_length=200), "intro": form.text("intro", max_length=3000, multiline=True)}
    for qv in view.questions:
        texts[f"q{qv.id}"] = form.text(f"q{qv.id}", max_length=500)
        texts[f"q{qv.id}_help"] = form.text(f"q{qv.id}_help", max_length=500)
        texts[f"q{qv.id}_easy"] = form.text(f"q{qv.id}_easy", max_length=500)
        for option in qv.options:
            texts[f"o{option.id}"] = form.text(f"o{option.id}", max_length=200)
    return texts


# -- staff: entry and signals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """Assisted or paper entry by a facilitator, in one of the survey's languages."""

    mode: Mode
    language: str


def read_entry(form: Form, survey: Survey) -> Entry | None:
    """None when no valid mode was chosen."""
    mode = form.choice("modus", [Mode.ASSISTED.value, Mode.PAPER.value], required=True)
    language = form.choice("taal", [c for c, _l in language_options(survey)]) or "nl"
    if not form.ok or mode is None:
        return None
    return Entry(Mode(mode), language)


def read_signal(form: Form, view: SurveyView) -> dict[str, Any]:
    """A signal from selected free-text answers or one result line, as keyword arguments of `service.make_signal`."""
    title = form.text("titel", required=True, max_length=200)
    description = form.text("beschrijving", max_length=3000, multiline=True)
    answer_ids = [int(v) for v in form.values_of("antwoord") if v.isdigit() and len(v) < 10]
    if len(answer_ids) != len(form.values_of("antwoord")):
        form.error("antwoord", _("Kies een van de mogelijkheden uit de lijst."))
    question_id = form.id("vraag", [qv.id for qv in view.questions]) if form.value("vraag") else None
    people = form.integer("aantal", minimum=1, maximum=1_000_000) if form.value("aantal") else None
    return {
        "title": title,
        "description": description,
        "answer_ids": answer_ids,
        "question_id": question_id,
        "people_count": people or max(1, len(answer_ids)),
    }


# -- respondents ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """How a respondent begins: in which language, one question a screen ("stap") or all at once ("alles")."""

    language: str
    layout: str


def read_start(form: Form, survey: Survey) -> Start:
    language = form.choice("taal", [c for c, _l in language_options(survey)]) or "nl"
    layout = form.choice("weergave", ["stap", "alles"]) or "stap"
    return Start(language, layout)


def form_of(values: dict[str, Any]) -> Form:
    """A Form pre-filled from a dict whose values may be lists (checkboxes)."""
    pairs = [(k, str(x)) for k, v in values.items() for x in (v if isinstance(v, list) else [v])]
    return Form(FormData(pairs))


def draft_form(answers: dict[str, Any]) -> Form:
    """A draft's answers as a form, so a screen shows what was given before."""
    return form_of({f"v{k}": v for k, v in answers.items()})


def read_answers(view: SurveyView, raw: FormData, question_ids: list[int]) -> tuple[dict[str, Any], dict[str, str]]:
    """The `v<id>` fields of an answer form for `question_ids` -> (answers, errors per question id). A field for a
    question that is not in this survey (or closed) is refused as a whole: better a clear message than an answer
    stored under the wrong question."""
    values = {key: [v for v in raw.getlist(key) if isinstance(v, str)] for key in raw}
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = {qv.id for qv in view.open_questions()}
    for key in values:
        if key.startswith("v") and key[1:].isdigit() and int(key[1:]) not in known:
            errors["__all__"] = rules.unknown_question()
    for qid in question_ids:
        qv = view.question(qid)
        if qv is None:
            continue
        value, error = rules.parse_one(qv, values.get(f"v{qid}", []))
        if error:
            errors[str(qid)] = error
        answers[str(qid)] = value
    return answers, errors
