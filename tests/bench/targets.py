"""The key pages of issue 8, found in whatever database the benchmark runs on, with what wrk needs to load them:
paths, a logged-in session cookie, a CSRF cookie and token, survey drafts.

The same rules pick the same kind of thing at every scale (the network with the most signals, the survey with
the most answers, ...), so small and large compare page for page. Sessions, drafts and CSRF tokens are made the
way the app makes them (`sessions.start`, `surveys.service_answers.start_draft`, `signing.mac`), so no login or start page
request is part of what is measured.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk.accounts import sessions
from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.dialogue.models import SessionStatus, SignUp, TableSession
from lerend_netwerk.networks.models import Membership, Network, Person, Role
from lerend_netwerk.practices.models import Practice, Visibility
from lerend_netwerk.practices.models import Status as PracticeStatus
from lerend_netwerk.signals.models import Signal
from lerend_netwerk.signals.queries import BOARD_CARDS
from lerend_netwerk.surveys import answers, queries, service_answers
from lerend_netwerk.surveys.models import CHOICE_KINDS, Answer, Kind, Survey, is_open
from lerend_netwerk.web import signing
from tests.bench.wrk import Load

BOARD_VISIBLE = 100  # issue 8: the board with 100 cards visible
SIGNUP_SESSIONS = 10  # sign-up POSTs go round this many sessions, so no single waiting list grows very long
DRAFTS = 32  # answer POSTs go round this many drafts (one per wrk connection), as many people answer at once
WORD = re.compile(r"[a-zà-ÿ]{6,}")


@dataclass
class Page:
    key: str
    title: str
    load: Load
    expect: int  # the status of the page itself; anything else is counted as an error
    who: str = "visitor"
    note: str = ""
    browser: bool = True  # a page a browser opens (GET); its weight is measured
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.load.paths[0]

    def first_body(self) -> str:
        return self.load.body.replace("{n}", "probe" + secrets.token_hex(4))


@dataclass
class Visit:
    """Cookies a client sends: a CSRF seed (and its token for forms), maybe a login session."""

    csrf_seed: str
    csrf_token: str
    session: str | None = None

    def cookie(self, *extra: str) -> str:
        parts = [f"ln_csrf={self.csrf_seed}"]
        if self.session:
            parts.append(f"ln_session={self.session}")
        return "; ".join([*parts, *extra])


def visit(secret: str, db: Database | None = None, person_id: int | None = None) -> Visit:
    seed = secrets.token_urlsafe(24)
    token = signing.mac(secret, "csrf", seed)
    session = db.write_sync(sessions.start, person_id, "bench") if db is not None and person_id else None
    return Visit(seed, token, session)


def coordinator_of(db: Session, network_id: int) -> Person:
    person = db.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.network_id == network_id, Membership.role == Role.COORDINATOR)
        .order_by(Person.id)
        .limit(1)
    )
    assert person is not None, f"network {network_id} has no coordinator"
    return person


def _board_window(db: Session, network_id: int) -> tuple[dict[str, str], int, int]:
    """The board from the most recent day ("van", a filter the stuurgroep has) on which its columns show at least
    100 cards: at every scale the same number of cards, whatever the network holds. Returns the query, the cards
    visible and the signals it matches."""
    rows = db.execute(
        select(Signal.reported_on, Signal.status, func.count())
        .where(Signal.network_id == network_id, Signal.merged_into_id.is_(None))
        .group_by(Signal.reported_on, Signal.status)
        .order_by(Signal.reported_on.desc())
    ).all()
    counts: Counter[Any] = Counter()

    def visible() -> int:
        return min(sum(counts.values()), BOARD_CARDS)  # the board shows BOARD_CARDS cards over all its columns

    for day, same_day in groupby(rows, key=lambda row: row[0]):
        for _day, status, n in same_day:
            counts[status] += n
        if visible() >= BOARD_VISIBLE:
            return {"van": day.isoformat()}, visible(), sum(counts.values())
    return {}, visible(), sum(counts.values())


def _practice_network(db: Session) -> int:
    return db.execute(
        select(Practice.network_id, func.count()).group_by(Practice.network_id).order_by(func.count().desc()).limit(1)
    ).one()[0]


def _public_practices(network_id: int) -> Any:
    return (
        Practice.network_id == network_id,
        Practice.status == PracticeStatus.PUBLISHED,
        Practice.visibility == Visibility.PUBLIC,
    )


def _practice_filters(db: Session, network_id: int) -> dict[str, str]:
    """The most common threshold among the network's public practices, and the most common sector with it."""
    rows = db.execute(select(Practice.thresholds, Practice.sector).where(*_public_practices(network_id))).all()
    codes = Counter(code for packed, _ in rows for code in packed.split("|") if code)
    threshold = codes.most_common(1)[0][0]
    sectors = Counter(sector for packed, sector in rows if f"|{threshold}|" in packed)
    return {"drempel": threshold, "sector": sectors.most_common(1)[0][0]}


def _search_word(db: Session, network_id: int) -> str:
    titles = db.scalars(select(Practice.title).where(*_public_practices(network_id))).all()
    words = Counter(w for title in titles for w in set(WORD.findall(title.lower())))
    return words.most_common(1)[0][0]


def _offer_filters(db: Session, network_id: int) -> dict[str, str]:
    """The overview's filters a social worker sets at a desk, as narrow as still fills one page of offers: children,
    reduced price and the wijk with the most public offers, then fewer of them until a page is full. So both scales
    measure the same page (a full page of cards), and only the volume behind it differs: with all three filters the
    scale-1 network shows 4 offers where scale 50 shows 20, a page five times the size."""
    from lerend_netwerk.offers import queries as offer_queries
    from lerend_netwerk.offers.forms import Filters as OfferFilters
    from lerend_netwerk.offers.models import Offer
    from lerend_netwerk.offers.models import Status as OfferStatus
    from lerend_netwerk.practices.access import Viewer as OfferViewer

    wijken = db.execute(
        select(Offer.neighbourhood, func.count())
        .where(
            Offer.network_id == network_id,
            Offer.status == OfferStatus.PUBLISHED,
            Offer.visibility == Visibility.PUBLIC,
        )
        .group_by(Offer.neighbourhood)
        .order_by(func.count().desc(), Offer.neighbourhood)
    ).all()
    wijk = wijken[0][0] if wijken else ""
    candidates = [
        {"leeftijd": "kinderen", "prijs": "korting", "wijk": wijk},
        {"leeftijd": "kinderen", "prijs": "korting"},
        {"leeftijd": "kinderen"},
    ]
    names = {"leeftijd": "age", "prijs": "price", "wijk": "neighbourhood"}
    visitor = OfferViewer()
    for params in candidates:
        params = {k: v for k, v in params.items() if v}
        page = offer_queries.find(db, network_id, visitor, OfferFilters(**{names[k]: v for k, v in params.items()}))
        if page.total >= offer_queries.PAGE_SIZE:
            return params
    return params


def _practice_page(db: Session, network_id: int) -> int:
    from lerend_netwerk.practices.models import Comment

    counted = (
        select(Practice.id, func.count(Comment.id).label("n"))
        .outerjoin(Comment, Comment.practice_id == Practice.id)
        .where(*_public_practices(network_id))
        .group_by(Practice.id)
        .order_by(func.count(Comment.id).desc(), Practice.id.desc())
        .limit(1)
    )
    return db.execute(counted).one()[0]


def _open_sessions(db: Session) -> list[tuple[str, int]]:
    """(network slug, id) of every upcoming session still open for sign-up, busiest first."""
    now = utcnow()
    rows = db.execute(
        select(Network.slug, TableSession.id)
        .join(Network, Network.id == TableSession.network_id)
        .outerjoin(SignUp, SignUp.session_id == TableSession.id)
        .where(
            TableSession.status == SessionStatus.PLANNED,
            TableSession.starts_at > now,
            (TableSession.signup_deadline.is_(None)) | (TableSession.signup_deadline > now),
        )
        .group_by(Network.slug, TableSession.id)
        .order_by(func.count(SignUp.id).desc(), TableSession.id)
    ).all()
    return [(slug, sid) for slug, sid in rows]


def _surveys(db: Session) -> tuple[Survey, Survey]:
    """(the survey with the most answers, the open anonymous survey with the most answers)."""
    counted = db.execute(
        select(Survey, func.count(Answer.id))
        .outerjoin(Answer, Answer.survey_id == Survey.id)
        .group_by(Survey.id)
        .order_by(func.count(Answer.id).desc(), Survey.id)
    ).all()
    today = date.today()
    biggest = counted[0][0]
    open_ = next(s for s, _n in counted if s.anonymous and is_open(s, today))
    return biggest, open_


def _first_answer(db: Session, survey: Survey) -> tuple[str, str]:
    """The field and a valid value for the first question a respondent sees."""
    view = queries.view_by_code(db, survey.code)
    qv = answers.visible(view, {})[0]
    if qv.question.kind in CHOICE_KINDS:
        value = str(qv.options[0].id)
    elif qv.question.kind is Kind.NUMBER:
        value = "2"
    else:
        value = "Een bus naar de sporthal"
    return f"v{qv.id}", value


def _slug(db: Session, network_id: int) -> str:
    return db.scalar(select(Network.slug).where(Network.id == network_id)) or ""


def key_pages(db: Database, secret: str, run: str) -> list[Page]:
    """Every key page of issue 8 for this database; `run` keeps POSTed e-mail addresses unique across runs."""

    def find(s: Session) -> dict[str, Any]:
        board_net = s.execute(
            select(Signal.network_id, func.count()).group_by(Signal.network_id).order_by(func.count().desc()).limit(1)
        ).one()[0]
        practice_net = _practice_network(s)
        biggest, open_survey = _surveys(s)
        board_query, visible, matched = _board_window(s, board_net)
        return {
            "board_net": board_net,
            "board_slug": _slug(s, board_net),
            "board_coordinator": coordinator_of(s, board_net).id,
            "board_query": board_query,
            "board_visible": visible,
            "board_matched": matched,
            "board_signals": s.scalar(select(func.count()).where(Signal.network_id == board_net)),
            "practice_slug": _slug(s, practice_net),
            "practice_filters": _practice_filters(s, practice_net),
            "offer_filters": _offer_filters(s, practice_net),
            "search_word": _search_word(s, practice_net),
            "practice_id": _practice_page(s, practice_net),
            "sessions": _open_sessions(s),
            "results_survey": (biggest.id, _slug(s, biggest.network_id), coordinator_of(s, biggest.network_id).id),
            "results_answers": s.scalar(select(func.count()).where(Answer.survey_id == biggest.id)),
            "open_survey": (open_survey.id, open_survey.code, open_survey.network_id),
            "first_answer": _first_answer(s, open_survey),
        }

    f = db.read_sync(find)
    visitor = visit(secret)
    board_coordinator = visit(secret, db, f["board_coordinator"])
    results_coordinator = visit(secret, db, f["results_survey"][2])
    survey_id, code, survey_network = f["open_survey"]
    draft_cookie = f"ln_bevraging_{code}"
    drafts = [
        db.write_sync(service_answers.start_draft, survey_network, survey_id, language="nl") for _ in range(2 * DRAFTS)
    ]
    reading, answering_drafts = drafts[:DRAFTS], drafts[DRAFTS:]
    # the busiest open session is the page; sign-ups go to the next ten, in whichever network they are
    session_page, signup_targets = f["sessions"][0], (f["sessions"][1 : 1 + SIGNUP_SESSIONS] or f["sessions"][:1])
    field_name, value = f["first_answer"]
    board_path = f"/n/{f['board_slug']}/signalen" + (f"?{urlencode(f['board_query'])}" if f["board_query"] else "")
    practices = f"/n/{f['practice_slug']}/praktijken"
    results_id, results_slug, _ = f["results_survey"]
    email = quote(f"bench-{run}-{{n}}@example.org", safe="{}")
    return [
        Page(
            "practice_list",
            "Practice list with filters",
            Load(paths=[f"{practices}?{urlencode(f['practice_filters'])}"], cookies=[visitor.cookie()]),
            200,
            note=", ".join(f"{k}={v}" for k, v in f["practice_filters"].items()),
        ),
        Page(
            "offer_list",
            "Offer overview with filters",
            Load(paths=[f"/n/{f['practice_slug']}/aanbod?{urlencode(f['offer_filters'])}"], cookies=[visitor.cookie()]),
            200,
            note=", ".join(f"{k}={v}" for k, v in f["offer_filters"].items()),
        ),
        Page(
            "practice",
            "Practice page",
            Load(paths=[f"{practices}/{f['practice_id']}"], cookies=[visitor.cookie()]),
            200,
            note="the public practice with the most comments",
        ),
        Page(
            "search",
            "Search results",
            Load(paths=[f"{practices}?{urlencode({'q': f['search_word']})}"], cookies=[visitor.cookie()]),
            200,
            note=f"q={f['search_word']} (the most common title word)",
        ),
        Page(
            "session",
            "Dialogue session page",
            Load(paths=[f"/n/{session_page[0]}/dialoogtafels/sessies/{session_page[1]}"], cookies=[visitor.cookie()]),
            200,
            note="the busiest upcoming session",
        ),
        Page(
            "signup_post",
            "Sign-up POST",
            Load(
                method="POST",
                paths=[f"/n/{slug}/dialoogtafels/sessies/{sid}/inschrijven" for slug, sid in signup_targets],
                cookies=[visitor.cookie()],
                body=f"csrf_token={visitor.csrf_token}&voornaam=Bench&email={email}&toestemming=1",
            ),
            200,
            browser=False,
            note=f"a new e-mail address each time, over {len(signup_targets)} sessions (places, then waiting list)",
        ),
        Page(
            "survey_question",
            "Survey question page",
            Load(paths=[f"/b/{code}/vraag/1"], cookies=[visitor.cookie(f"{draft_cookie}={t}") for t in reading]),
            200,
        ),
        Page(
            "answer_post",
            "Survey answer POST",
            Load(
                method="POST",
                paths=[f"/b/{code}/vraag/1"],
                cookies=[visitor.cookie(f"{draft_cookie}={t}") for t in answering_drafts],
                body=f"csrf_token={visitor.csrf_token}&{field_name}={quote(value)}",
            ),
            303,
            browser=False,
            note=f"question 1 saved in one of {DRAFTS} drafts, redirect to question 2",
        ),
        Page(
            "survey_results",
            "Survey results",
            Load(
                paths=[f"/n/{results_slug}/bevragingen/{results_id}/resultaten"], cookies=[results_coordinator.cookie()]
            ),
            200,
            who="coordinator",
            note=f"{f['results_answers']:,} answers",
            facts={"answers": f["results_answers"]},
        ),
        Page(
            "board",
            "Signals board",
            Load(paths=[board_path], cookies=[board_coordinator.cookie()]),
            200,
            who="coordinator",
            note=f"{f['board_visible']} cards visible of {f['board_matched']:,} matching"
            + (f" ({', '.join(f'{k}={v}' for k, v in f['board_query'].items())})" if f["board_query"] else ""),
            facts={"cards_visible": f["board_visible"], "signals_in_network": f["board_signals"]},
        ),
        Page(
            "board_counts",
            "Board counts (theme × wijk)",
            Load(paths=[f"/n/{f['board_slug']}/signalen/cijfers"], cookies=[board_coordinator.cookie()]),
            200,
            who="coordinator",
            note=f"over {f['board_signals']:,} signals",
            facts={"signals_in_network": f["board_signals"]},
        ),
        Page(
            "feedback",
            "Feedback page (you said, we did)",
            Load(paths=[f"/n/{f['board_slug']}/jullie-zeiden-wij-deden"], cookies=[visitor.cookie()]),
            200,
        ),
        Page(
            "plan",
            "Public plan page (what we promised, where we stand)",
            Load(paths=[f"/n/{f['board_slug']}/wat-we-beloofden"], cookies=[visitor.cookie()]),
            200,
            note="the kansenplan of the largest network: objectives, actions, milestones",
        ),
        Page(
            "wijken",
            "Wijk comparison",
            Load(paths=[f"/n/{f['board_slug']}/wijken"], cookies=[board_coordinator.cookie()]),
            200,
            who="coordinator",
            note=f"figures, signals, actions and sessions per wijk, over {f['board_signals']:,} signals",
            facts={"signals_in_network": f["board_signals"]},
        ),
    ]


def ceiling_page() -> Page:
    """The plain-text endpoint of tests/bench/ceiling.py, loaded exactly like a key page."""
    return Page("ceiling", "Plain-text Starlette endpoint (the ceiling)", Load(paths=["/"]), 200, browser=False)
