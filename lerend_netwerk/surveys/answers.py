"""What a respondent's answers may be: which questions they get (skip logic), one question's value checked, and a
whole set of answers checked before it is stored. Used by the answer forms and by the submit that stores them.

An answer set is {"<question id>": value}: an option id, a sorted list of option ids (multiple choice), a number
or a text. Empty answers are None."""

from __future__ import annotations

from typing import Any

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys.models import CHOICE_KINDS, Kind
from lerend_netwerk.surveys.queries import QuestionView, SurveyView

MAX_NUMBER = 10**9
TEXT_LIMITS = {Kind.SHORT_TEXT: 300, Kind.LONG_TEXT: 5000}


def visible(view: SurveyView, answers: dict[str, Any]) -> list[QuestionView]:
    """The open questions this person gets, in order: skip logic hides those whose condition is not met."""
    shown: list[QuestionView] = []
    shown_ids: set[int] = set()
    for qv in view.open_questions():
        q = qv.question
        if q.show_if_question_id is not None:
            given = answers.get(str(q.show_if_question_id))
            picked = given if isinstance(given, list) else [given]
            if q.show_if_question_id not in shown_ids or q.show_if_option_id not in picked:
                continue
        shown.append(qv)
        shown_ids.add(q.id)
    return shown


def parse_one(qv: QuestionView, raw: list[str]) -> tuple[Any, str | None]:
    """One question's raw form values -> (value to keep, Dutch error or None). Empty answers are None."""
    q = qv.question
    raw = [v.strip() for v in raw if v.strip()]
    if not raw:
        return None, None
    if q.kind in CHOICE_KINDS:
        allowed = {str(o.id): o.id for o in qv.options}
        if any(v not in allowed for v in raw):
            return None, _("Dit antwoord hoort niet bij deze vraag. Kies een van de mogelijkheden.")
        if q.kind is Kind.MULTIPLE:
            return sorted({allowed[v] for v in raw}), None
        if len(raw) > 1:
            return None, _("Kies één antwoord.")
        return allowed[raw[0]], None
    if len(raw) > 1:
        return None, _("Geef één antwoord.")
    value = raw[0].replace("\r\n", "\n")
    if q.kind is Kind.NUMBER:
        try:
            number = int(value.replace(" ", ""))
        except ValueError:
            return None, _("Vul een getal in, zonder letters.")
        if abs(number) > MAX_NUMBER:
            return None, _("Dit getal is te groot.")
        return number, None
    limit = TEXT_LIMITS[q.kind]
    if len(value) > limit:
        return None, _("Dit is te lang: maximaal {max} tekens, je schreef er {n}.").format(max=limit, n=len(value))
    if q.kind is Kind.SHORT_TEXT and "\n" in value:
        value = " ".join(value.split())
    return value, None


def unknown_question() -> str:
    return _("Een antwoord hoort bij een vraag die niet (meer) bestaat. Laad de pagina opnieuw.")


def required_message() -> str:
    return _("Deze vraag is verplicht. Geef een antwoord.")


def check(view: SurveyView, answers: dict[str, Any]) -> dict[str, str]:
    """Everything wrong with a full set of answers: unknown questions, values outside the choices, missing required."""
    errors: dict[str, str] = {}
    known = {str(qv.id): qv for qv in view.open_questions()}
    for key, value in answers.items():
        qv = known.get(key)
        if qv is None:
            errors["__all__"] = unknown_question()
            continue
        raw = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        _value, error = parse_one(qv, raw)
        if error:
            errors[key] = error
    for qv in visible(view, answers):
        if qv.question.required and answers.get(str(qv.id)) in (None, "", []):
            errors.setdefault(str(qv.id), required_message())
    return errors
