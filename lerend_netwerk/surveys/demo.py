"""Demo: Wevelgem asks "Wat houdt jou tegen om mee te doen?" in Dutch and French, with 200 generated answers
(self, assisted and paper) from a fixed random seed, so every demo shows the same results."""

from __future__ import annotations

import io
import random
from datetime import timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Role
from lerend_netwerk.surveys import media, queries, service, service_answers, service_media, tally
from lerend_netwerk.surveys.models import Kind, MediaKind, Mode, Option, Response, today
from lerend_netwerk.surveys.queries import SurveyView

SEED = 2026
ANSWERS = 200
INTRO = (
    "Het lokaal netwerk van Wevelgem (gemeente, OCMW, CAW, sport, cultuur en jeugd) wil weten wat mensen tegenhoudt "
    "om mee te doen aan sport, cultuur en vrije tijd.\n\n"
    "Je antwoorden zijn anoniem. We gebruiken ze om drempels te verlagen. Het duurt ongeveer 3 minuten."
)
FR = {
    "title": "Qu'est-ce qui t'empêche de participer ?",
    "intro": "Le réseau local de Wevelgem veut savoir ce qui empêche les gens de participer au sport, à la culture "
    "et aux loisirs.\n\nTes réponses sont anonymes. Cela prend environ 3 minutes.",
}
QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": Kind.MULTIPLE,
        "text": "Wat houdt jou tegen om mee te doen?",
        "easy": "Wat maakt meedoen moeilijk?",
        "fr": "Qu'est-ce qui t'empêche ?",
        "options": [
            ("Het kost te veel", "C'est trop cher"),
            ("Ik geraak er moeilijk", "C'est difficile d'y aller"),
            ("Ik weet niet wat er is", "Je ne sais pas ce qui existe"),
            ("Ik moet me online inschrijven", "Il faut s'inscrire en ligne"),
            ("Niemand past op de kinderen", "Personne ne garde les enfants"),
        ],
        "required": True,
    },
    {
        "kind": Kind.YESNO,
        "text": "Zijn sportclubs te duur voor jou?",
        "fr": "Les clubs de sport sont-ils trop chers ?",
        "required": True,
    },
    {"kind": Kind.LONG_TEXT, "text": "Wat zou helpen?", "fr": "Qu'est-ce qui aiderait ?", "if_yes": True},
    {
        "kind": Kind.SMILEY,
        "text": "Hoe welkom voel je je bij activiteiten in de gemeente?",
        "fr": "Te sens-tu bienvenu(e) aux activités de la commune ?",
    },
    {"kind": Kind.NUMBER, "text": "Hoeveel kinderen wonen bij jou?", "fr": "Combien d'enfants vivent chez toi ?"},
    {"kind": Kind.SHORT_TEXT, "text": "Nog iets dat je kwijt wil?", "fr": "Autre chose à dire ?"},
]
IDEAS = [
    "Een korting met de UiTPAS voor het hele gezin",
    "Lidgeld in schijven betalen",
    "Een busje naar de sporthal in Moorsele",
    "Inschrijven op papier bij het OCMW",
    "Kinderopvang tijdens de activiteit",
    "Iemand die de eerste keer meegaat",
    "Uitleg in eenvoudige woorden",
]


def fill(db: Session, demo: Any) -> None:
    network = demo.networks["wevelgem"]
    facilitator = demo.people[("wevelgem", Role.FACILITATOR)]
    rng = random.Random(SEED)
    day = today()
    survey = service.create_survey(
        db,
        network.id,
        actor_id=facilitator.id,
        title="Wat houdt jou tegen om mee te doen?",
        intro=INTRO,
        opens_on=day - timedelta(days=21),
        closes_on=day + timedelta(days=30),
        anonymous=True,
        theme="vrije tijd",
        languages=["fr"],
    )
    texts: dict[str, str] = {"title": FR["title"], "intro": FR["intro"]}
    wijk = service.add_question(
        db,
        network.id,
        survey.id,
        kind=Kind.SINGLE,
        text="In welke wijk woon je?",
        options=list(network.neighbourhoods),
        required=True,
        actor_id=facilitator.id,
    )
    texts[f"q{wijk.id}"] = "Dans quel quartier habites-tu ?"
    yes_no = None
    for spec in QUESTIONS:
        show_if: tuple[int | None, int | None] = (None, None)
        if spec.get("if_yes") and yes_no is not None:
            db.flush()
            view = queries.survey_view(db, network.id, survey.id)
            yes = next(o.id for o in view.question(yes_no).options if o.code == "ja")
            show_if = (yes_no, yes)
        q = service.add_question(
            db,
            network.id,
            survey.id,
            kind=spec["kind"],
            text=spec["text"],
            easy_text=spec.get("easy", ""),
            required=spec.get("required", False),
            options=[nl for nl, _fr in spec.get("options", [])],
            show_if=show_if,
            actor_id=facilitator.id,
        )
        texts[f"q{q.id}"] = spec["fr"]
        if spec["kind"] is Kind.YESNO:
            yes_no = q.id
    db.flush()
    view = queries.survey_view(db, network.id, survey.id)
    for qv, spec in zip(view.questions[1:], QUESTIONS, strict=True):
        for option, (_nl, fr) in zip(qv.options, spec.get("options", []), strict=False):
            texts[f"o{option.id}"] = fr
    service.save_translation(db, network.id, survey.id, "fr", texts, actor_id=facilitator.id)
    db.flush()
    _pictures(db, demo, view, facilitator.id)
    _answers(db, view, facilitator.id, rng)


# Pictograms beside the choices of the first question, and one picture of the facilitator's own.
PICTOGRAMS = {
    "Het kost te veel": "money",
    "Ik geraak er moeilijk": "transport",
    "Niemand past op de kinderen": "childcare",
}


def _pictures(db: Session, demo: Any, view: SurveyView, actor_id: int) -> None:
    first = view.questions[1]
    for option in first.options:
        db.get(Option, option.id).pictogram = PICTOGRAMS.get(option.label, "")  # type: ignore[union-attr]
    online = next(o for o in first.options if o.label == "Ik moet me online inschrijven")
    stored = media.store_picture(demo.settings.upload_dir, "computer.png", _screen_picture())
    service_media.add_media(
        db,
        view.survey.network_id,
        view.survey.id,
        first.id,
        option_id=online.id,
        language="",
        kind=MediaKind.PICTURE,
        stored=stored,
        actor_id=actor_id,
    )


def _screen_picture() -> bytes:
    """A simple drawing of a computer screen with a form on it (made here: the demo ships no image files)."""
    image = Image.new("RGB", (240, 200), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((20, 20, 220, 150), radius=10, outline="#1d1d1b", width=6, fill="#d7ecf7")
    for top in (50, 80, 110):
        draw.rectangle((45, top, 195, top + 14), fill="#ffffff", outline="#1d1d1b", width=2)
    draw.rectangle((100, 150, 140, 175), fill="#1d1d1b")
    draw.rectangle((70, 175, 170, 185), fill="#1d1d1b")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _answers(db: Session, view: SurveyView, facilitator_id: int, rng: random.Random) -> None:
    modes = [Mode.SELF] * 5 + [Mode.ASSISTED] * 3 + [Mode.PAPER] * 2
    for _ in range(ANSWERS):
        mode = rng.choice(modes)
        answers: dict[str, Any] = {}
        for qv in view.questions:
            q = qv.question
            if q.kind is Kind.MULTIPLE:
                weights = [6, 3, 4, 2, 2][: len(qv.options)]
                picked = {rng.choices(qv.options, weights)[0].id for _ in range(rng.randint(1, 3))}
                answers[str(q.id)] = sorted(picked)
            elif q.kind is Kind.YESNO:
                answers[str(q.id)] = rng.choices(qv.options, [62, 30, 8])[0].id
            elif q.kind in (Kind.SINGLE, Kind.SMILEY):
                answers[str(q.id)] = rng.choice(qv.options).id
            elif q.kind is Kind.NUMBER and rng.random() < 0.8:
                answers[str(q.id)] = rng.choices([0, 1, 2, 3, 4], [2, 3, 4, 2, 1])[0]
            elif q.kind is Kind.LONG_TEXT and rng.random() < 0.4:
                answers[str(q.id)] = rng.choice(IDEAS)
        survey = view.survey
        token = service_answers.start_draft(
            db,
            survey.network_id,
            survey.id,
            language=rng.choice(["nl"] * 4 + ["fr"]),
            mode=mode,
            facilitator_id=facilitator_id if mode is not Mode.SELF else None,
        )
        db.flush()
        draft = queries.get_draft(db, survey.network_id, survey.id, token)
        assert draft is not None
        service_answers.save_answers(db, survey.network_id, draft.id, answers)
        db.flush()
        response_id = service_answers.submit(db, survey.network_id, survey.id, token)
        db.flush()
        # Spread the demo answers over the three weeks the survey has been open.
        response = db.get(Response, response_id)
        assert response is not None
        response.submitted_on = today() - timedelta(days=rng.randint(0, 20))
    db.flush()
    tally.rebuild(db, view.survey.id)  # the days were moved after counting
