"""Generated surveys: eight questions each (with skip logic), responses in every mode, exactly the asked number of
answered questions, tallies recounted from the answers by `surveys.tally.rebuild`, and result lines handed to the
signals board."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from lerend_netwerk import audit
from lerend_netwerk.networks.models import Role
from lerend_netwerk.registry import Registry
from lerend_netwerk.scale import survey_words as words
from lerend_netwerk.scale.bulk import Loader
from lerend_netwerk.scale.people import Net
from lerend_netwerk.scale.signals import Handed
from lerend_netwerk.scale.volumes import BIG_SURVEY_SHARE, Clock, shares
from lerend_netwerk.surveys import tally
from lerend_netwerk.surveys.models import (
    CODE_ALPHABET,
    FIXED_OPTIONS,
    Answer,
    Kind,
    Mode,
    Option,
    Question,
    Response,
    Survey,
    SurveySignal,
)
from lerend_netwerk.web.urls import Urls

MODES = [Mode.SELF] * 5 + [Mode.ASSISTED] * 3 + [Mode.PAPER] * 2
REQUIRED = 3  # wijk, barriers, yes/no: every response answers these
OPTIONAL_COUNTS = [0, 1, 2, 3, 4, 5]
OPTIONAL_WEIGHTS = [5, 10, 25, 30, 20, 10]


@dataclass
class Made:
    """One generated survey: its questions by position (0-7) with their option ids."""

    id: int
    network: Net
    title: str
    opens_on: date
    closes_on: date
    named: bool
    french: bool
    barriers: list[str]
    theme: str
    questions: list[int] = field(default_factory=list)
    options: list[list[int]] = field(default_factory=list)


def generate(
    load: Loader, rng: random.Random, clock: Clock, nets: list[Net], counts: list[int], answers: int
) -> tuple[dict[int, list[tuple[int, str, str]]], list[Handed], int]:
    """`counts` surveys per network sharing `answers` answered questions (the first survey a tenth of them).
    Returns (id, results link, title) of the surveys per network, result lines for the board, and the number of
    answered questions made."""
    made: list[Made] = []
    for net, count in zip(nets, counts, strict=True):
        for n in range(count):
            made.append(_survey(load, rng, clock, net, current=n == 0))
    urls = Registry.build().urls
    handed: list[Handed] = []
    answered = 0
    for survey, target in zip(made, shares(answers, len(made), first=BIG_SURVEY_SHARE), strict=True):
        answered += _responses(load, rng, clock, survey, target)
        handed += _result_lines(rng, clock, survey, _results(urls, survey))
    links: dict[int, list[tuple[int, str, str]]] = {net.id: [] for net in nets}
    for survey in made:
        links[survey.network.id].append((survey.id, _results(urls, survey), survey.title))
    return links, handed, answered


def recount(load: Loader) -> None:
    """Tallies of every survey (per day and mode, per option, per pair of choice answers), recounted from the stored
    answers (after the answers' indexes are back)."""
    load.flush()
    for survey_id in load.conn.scalars(select(Survey.id).order_by(Survey.id)):
        tally.rebuild(load.conn, survey_id)


def _results(urls: Urls, survey: Made) -> str:
    """The site path of the survey's results, where a signal made from it links back to."""
    return urls.path("surveys:results", network=survey.network.slug, id=survey.id)


def _survey(load: Loader, rng: random.Random, clock: Clock, net: Net, *, current: bool) -> Made:
    theme, title, intro, barriers, yes_no = rng.choice(words.TOPICS)
    if current:  # each network has one survey open now: the benchmark answers it
        opens = clock.today - timedelta(days=rng.randint(30, 60))
        closes = clock.today + timedelta(days=30)
    else:
        opens = clock.day_in_past(rng, newest=80)
        closes = opens + timedelta(days=rng.randint(28, 70))
    french = theme == "vrije tijd"
    named = not current and rng.random() < 0.1  # the open one stays anonymous: anyone can answer it
    theme = theme if theme in net.themes else rng.choice(net.themes)
    survey = Made(load.next_id(Survey), net, title, opens, closes, named, french, barriers, theme)
    author = net.person(Role.FACILITATOR, rng)[0]
    created = clock.moment(opens - timedelta(days=7), rng)
    load.add(
        Survey,
        {
            "id": survey.id,
            "network_id": net.id,
            "code": "".join(rng.choice(CODE_ALPHABET) for _ in range(8)),
            "title": title,
            "intro": intro,
            "languages": ["fr"] if french else [],
            "translations": {"fr": {"title": words.FRENCH["title"], "intro": words.FRENCH["intro"]}} if french else {},
            "opens_on": opens,
            "closes_on": closes,
            "anonymous": not survey.named,
            "theme": theme,
            "created_by_id": author,
            "created_at": created,
        },
    )
    specs: list[tuple[Kind, str, bool, list[str]]] = [
        (Kind.SINGLE, words.WIJK_QUESTION, True, net.wijken),
        (Kind.MULTIPLE, title, True, barriers),
        (Kind.YESNO, yes_no, True, []),
        (Kind.LONG_TEXT, words.HELP_QUESTION, False, []),
        (Kind.SMILEY, words.SMILEY_QUESTION, False, []),
        (Kind.NUMBER, words.NUMBER_QUESTION, False, []),
        (Kind.SINGLE, words.AGE_QUESTION, False, words.AGES),
        (Kind.SHORT_TEXT, words.LAST_QUESTION, False, []),
    ]
    for position, (kind, text, required, labels) in enumerate(specs, start=1):
        question_id = load.next_id(Question)
        fixed = FIXED_OPTIONS.get(kind, [])
        options = [(code, label) for code, label in fixed] or [("", label) for label in labels]
        option_ids = [load.next_id(Option) for _ in options]
        show_if = (survey.questions[2], survey.options[2][0]) if kind is Kind.LONG_TEXT else (None, None)
        fr = words.FRENCH["questions"][position - 1] if french else ""
        load.add(
            Question,
            {
                "id": question_id,
                "survey_id": survey.id,
                "position": position,
                "kind": kind,
                "text": text,
                "help": "",
                "required": required,
                "translations": {"fr": {"text": fr, "help": ""}} if french else {},
                "show_if_question_id": show_if[0],
                "show_if_option_id": show_if[1],
                "closed_at": None,
                "created_at": created,
            },
        )
        for n, (option_id, (code, label)) in enumerate(zip(option_ids, options, strict=True)):
            fr_label = words.FRENCH["barriers"][n] if french and kind is Kind.MULTIPLE else ""
            load.add(
                Option,
                {
                    "id": option_id,
                    "question_id": question_id,
                    "position": n + 1,
                    "code": code,
                    "label": label,
                    "translations": {"fr": fr_label} if fr_label else {},
                },
            )
        survey.questions.append(question_id)
        survey.options.append(option_ids)
    load.add(
        audit.AuditEvent,
        {
            "id": load.next_id(audit.AuditEvent),
            "at": created,
            "network_id": net.id,
            "actor_id": author,
            "action": "survey.created",
            "subject_type": "survey",
            "subject_id": survey.id,
            "details": {},
        },
    )
    return survey


def _size(remaining: int, wanted: int) -> int:
    """How many questions the next response answers, so the survey ends on exactly its target (never 1 or 2 left)."""
    if remaining <= REQUIRED + len(OPTIONAL_COUNTS) - 1:
        return remaining
    return min(wanted, remaining - REQUIRED)


def _responses(load: Loader, rng: random.Random, clock: Clock, survey: Made, target: int) -> int:
    last_day = min(survey.closes_on, clock.today)
    days = (last_day - survey.opens_on).days
    facilitators = [p[0] for p in survey.network.people[Role.FACILITATOR]]
    participants = [p[0] for p in survey.network.people[Role.PARTICIPANT]]
    done = 0
    while done < target:
        size = _size(target - done, REQUIRED + rng.choices(OPTIONAL_COUNTS, OPTIONAL_WEIGHTS)[0])
        done += size
        mode = rng.choice(MODES)
        response_id = load.next_id(Response)
        load.add(
            Response,
            {
                "id": response_id,
                "survey_id": survey.id,
                "mode": mode,
                "language": "fr" if survey.french and rng.random() < 0.2 else "nl",
                "submitted_on": survey.opens_on + timedelta(days=rng.randint(0, days)),
                "facilitator_id": rng.choice(facilitators) if mode is not Mode.SELF else None,
                "person_id": rng.choice(participants) if survey.named else None,
            },
        )
        for question, values in _answers(rng, survey, size):
            for option_id, number, text in values:
                load.add(
                    Answer,
                    {
                        "id": load.next_id(Answer),
                        "survey_id": survey.id,
                        "response_id": response_id,
                        "question_id": survey.questions[question],
                        "option_id": option_id,
                        "number": number,
                        "text": text,
                    },
                )
    return done


def _answers(rng: random.Random, survey: Made, size: int) -> list[tuple[int, list[tuple[Any, Any, Any]]]]:
    """(question position, [(option id, number, text)]) for `size` answered questions; "what would help" only
    after a yes, as the skip logic asks."""
    options = survey.options
    optional = size - REQUIRED
    yes = rng.random() < 0.62 or optional == 5
    yes_no = options[2][0] if yes else rng.choices(options[2][1:], [30, 8])[0]
    pool = [4, 5, 6, 7] + ([3] if yes else [])
    chosen = sorted(rng.sample(pool, optional))
    barriers = rng.sample(options[1], rng.choice((1, 1, 2, 2, 3)))
    picked = [
        (0, [(rng.choice(options[0]), None, None)]),
        (1, [(o, None, None) for o in sorted(barriers)]),
        (2, [(yes_no, None, None)]),
    ]
    for position in chosen:
        if position == 3:
            picked.append((3, [(None, None, rng.choice(words.HELP_TEXTS))]))
        elif position == 5:
            picked.append((5, [(None, rng.choices([0, 1, 2, 3, 4, 5], [2, 3, 4, 2, 1, 1])[0], None)]))
        elif position == 7:
            picked.append((7, [(None, None, rng.choice(words.LAST_TEXTS))]))
        else:
            picked.append((position, [(rng.choice(options[position]), None, None)]))
    return picked


def _result_lines(rng: random.Random, clock: Clock, survey: Made, link: str) -> list[Handed]:
    """A facilitator turns one or two result lines of a survey into signals."""
    lines = rng.sample(range(len(survey.options[1])), rng.randint(1, 2))
    return [
        Handed(
            survey.network.id,
            "survey",
            f"{survey.barriers[n]}: veel mensen kruisten dit aan",
            survey.theme,
            rng.randint(5, 40),
            survey.id,
            link,
            survey.title,
            min(survey.closes_on, clock.today),
        )
        for n in lines
    ]


def write_links(load: Loader, handed: list[Handed], signal_ids: list[int], clock: Clock) -> None:
    """Which survey each signal came from (`SurveySignal`), once the signals exist."""
    for item, signal_id in zip(handed, signal_ids, strict=True):
        load.add(
            SurveySignal,
            {
                "id": load.next_id(SurveySignal),
                "survey_id": item.ref_id,
                "signal_id": signal_id,
                "title": item.title[:200],
                "question_id": None,
                "answer_ids": [],
                "created_by_id": None,
                "created_at": clock.now,
            },
        )
