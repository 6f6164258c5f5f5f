"""The load test of issue 7: several uvicorn workers on PostgreSQL take simultaneous dialogue sign-ups (far more
people than places), survey answers and board moves by coordinators, from many concurrent clients (httpx2,
asyncio) on 127.0.0.1, bounded by a fixed number of operations and a time limit. Afterwards the database is
checked against what the clients were told:

* no 5xx and no failed request;
* every acknowledged write is there exactly once: one sign-up per acknowledged e-mail address (sent twice at
  once for some people: a double click must not make two), one survey response per acknowledged respondent (found
  by a unique text in their answer), one history event per acknowledged board move, with the reason given;
* the capacity of a session is never exceeded, and no place stays empty while someone waits;
* each signal's history is an unbroken chain that ends in its current column.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx2 as httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk.accounts import sessions
from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.dialogue.models import DialogueTable, SignUp, SignUpStatus, TableSession
from lerend_netwerk.networks.models import Membership, Network, Role
from lerend_netwerk.signals.models import Signal, SignalEvent, SignalFollowUp, Status
from lerend_netwerk.surveys import service
from lerend_netwerk.surveys.models import Answer, Kind, Option, Response

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CANCEL = re.compile(r'action="([^"]*/annuleren/\d+)"')
CONFIRM = re.compile(r'href="([^"]*/annuleren/\d+)"')  # the personal page's "Ik kom niet" asks once more first
LINK = re.compile(r'href="(?:https?://[^"/]+)?(/n/[^"]+/dialoogtafels/link/[^"]+)"')
STATUSES = [s.value for s in Status]


@dataclass(frozen=True)
class Plan:
    signups: int = 1000  # people who try to sign up
    sessions: int = 4
    capacity: int = 10
    twice_every: int = 10  # every 10th person sends the form twice at once (a double click)
    cancel_every: int = 7  # every 7th acknowledged sign-up is cancelled through the personal link (7: every session)
    respondents: int = 600
    moves: int = 600
    movers: int = 8  # coordinator/steering sessions moving cards at the same time
    signals: int = 40  # the moves go round this many signals, so movers collide on the same cards
    concurrency: int = 48  # clients at work at the same moment
    time_limit: float = 180.0
    workers: int = 3

    @classmethod
    def quick(cls) -> Plan:
        return cls(signups=240, respondents=160, moves=160, time_limit=60.0)


@dataclass
class Setup:
    network_slug: str
    session_ids: list[int]
    capacity: int
    survey_code: str
    survey_id: int
    choice_field: str
    choice_value: str
    text_field: str
    text_question_id: int
    signal_ids: list[int]
    mover_tokens: list[str]
    responses_before: int
    events_before: int


def prepare(db: Database, plan: Plan) -> Setup:
    """New sessions with few places, a new open survey, and sessions for the network's board movers."""

    def build(s: Session) -> dict[str, Any]:
        network = s.scalars(
            select(Network)
            .join(Signal, Signal.network_id == Network.id)
            .group_by(Network.id)
            .order_by(func.count(Signal.id).desc())
        ).first()
        assert network is not None
        table = DialogueTable(network_id=network.id, name="Loadtest-tafel", theme="Vrije tijd", audience="")
        s.add(table)
        s.flush()
        starts = utcnow() + timedelta(days=20)
        session_rows = [
            TableSession(
                network_id=network.id,
                table_id=table.id,
                starts_at=starts + timedelta(days=k),
                ends_at=starts + timedelta(days=k, hours=2),
                place="Ontmoetingscentrum",
                capacity=plan.capacity,
            )
            for k in range(plan.sessions)
        ]
        s.add_all(session_rows)
        today = date.today()
        survey = service.create_survey(
            s,
            network.id,
            actor_id=None,
            title="Loadtest",
            intro="",
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=30),
            anonymous=True,
        )
        choice = service.add_question(
            s,
            network.id,
            survey.id,
            kind=Kind.SINGLE,
            text="Keuze?",
            options=["A", "B", "C"],
            required=True,
            actor_id=None,
        )
        text = service.add_question(s, network.id, survey.id, kind=Kind.SHORT_TEXT, text="Een woord?", actor_id=None)
        s.flush()
        movers = s.scalars(
            select(Membership.person_id).where(
                Membership.network_id == network.id, Membership.role.in_([Role.COORDINATOR, Role.STEERING])
            )
        ).all()
        signal_ids = s.scalars(
            select(Signal.id)
            .where(Signal.network_id == network.id, Signal.merged_into_id.is_(None))
            .order_by(Signal.id.desc())
            .limit(plan.signals)
        ).all()
        for signal_id in signal_ids:  # what every column needs (signals.service.missing): any move is a valid one
            follow = s.get(SignalFollowUp, signal_id) or SignalFollowUp(signal_id=signal_id, network_id=network.id)
            follow.decision = follow.decision or "Loadtest: besproken op de stuurgroep"
            follow.action = follow.action or "Loadtest: voorstel uitwerken"
            if not (follow.trekker_person_id or follow.trekker_organisation_id):
                follow.trekker_person_id = movers[0]
            follow.feedback = follow.feedback or "Loadtest: dit deden we ermee."
            follow.feedback_published_at = follow.feedback_published_at or utcnow()
            s.add(follow)
        return {
            "slug": network.slug,
            "sessions": [r.id for r in session_rows],
            "survey": (survey.code, survey.id),
            "choice": (f"v{choice.id}", str(_first_option(s, choice.id))),
            "text": (f"v{text.id}", text.id),
            "signals": list(signal_ids),
            "movers": list(movers),
            "responses": s.scalar(select(func.count()).select_from(Response)) or 0,
            "events": s.scalar(select(func.max(SignalEvent.id))) or 0,
        }

    found = db.write_sync(build)
    tokens = [
        db.write_sync(sessions.start, found["movers"][k % len(found["movers"])], "bench") for k in range(plan.movers)
    ]
    return Setup(
        network_slug=found["slug"],
        session_ids=found["sessions"],
        capacity=plan.capacity,
        survey_code=found["survey"][0],
        survey_id=found["survey"][1],
        choice_field=found["choice"][0],
        choice_value=found["choice"][1],
        text_field=found["text"][0],
        text_question_id=found["text"][1],
        signal_ids=found["signals"],
        mover_tokens=tokens,
        responses_before=found["responses"],
        events_before=found["events"],
    )


def _first_option(s: Session, question_id: int) -> int:
    return s.scalars(select(Option.id).where(Option.question_id == question_id).order_by(Option.id)).first()


@dataclass
class Record:
    """What the clients saw and were told."""

    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # 5xx, transport errors, unexpected statuses
    signups: Counter[str] = field(default_factory=Counter)  # e-mail -> acknowledged sign-ups (200)
    told_confirmed: Counter[int] = field(default_factory=Counter)  # session id -> "you have a place"
    cancelled: set[str] = field(default_factory=set)
    cancelled_in: Counter[int] = field(default_factory=Counter)  # session id -> acknowledged cancellations
    submitted: Counter[str] = field(default_factory=Counter)  # marker -> acknowledged submissions
    moves: list[tuple[int, str, str]] = field(default_factory=list)  # (signal id, to, reason) acknowledged
    refused_moves: int = 0
    refused_other: int = 0
    operations: int = 0

    async def request(
        self, client: httpx.AsyncClient, kind: str, method: str, url: str, *, expect: tuple[int, ...], **kw: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kw)
        except httpx.HTTPError as exc:
            self.failures.append(f"{kind} {method} {url}: {type(exc).__name__} {exc}")
            return None
        self.latency[kind].append((time.perf_counter() - started) * 1000)
        self.statuses[(kind, response.status_code)] += 1
        if response.status_code not in expect:
            self.failures.append(f"{kind} {method} {url}: {response.status_code} {response.text[:200]!r}")
        return response


def _csrf(response: httpx.Response | None) -> str:
    match = CSRF.search(response.text) if response is not None else None
    return match.group(1) if match else ""


class Clients:
    def __init__(self, base_url: str, setup: Setup, plan: Plan, record: Record) -> None:
        self.base_url = base_url
        self.setup = setup
        self.plan = plan
        self.record = record
        self.gate = asyncio.Semaphore(plan.concurrency)

    def client(self, cookies: dict[str, str] | None = None) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base_url, timeout=60, cookies=cookies)

    async def sign_up(self, k: int) -> None:
        s, r = self.setup, self.record
        session_id = s.session_ids[k % len(s.session_ids)]
        path = f"/n/{s.network_slug}/dialoogtafels/sessies/{session_id}"
        email = f"load-{k}@example.org"
        async with self.gate, self.client() as client:
            token = _csrf(await r.request(client, "page", "GET", path, expect=(200,)))
            data = {"csrf_token": token, "voornaam": f"Deelnemer {k}", "email": email, "toestemming": "1"}
            times = 2 if k % self.plan.twice_every == 0 else 1
            r.operations += times
            sent = [
                r.request(
                    client,
                    "sign-up",
                    "POST",
                    f"{path}/inschrijven",
                    data=data,
                    expect=(200, 422) if times > 1 else (200,),
                )
                for _ in range(times)
            ]
            answers = [a for a in await asyncio.gather(*sent) if a is not None and a.status_code == 200]
            for answer in answers:
                r.signups[email] += 1
                if "Je bent ingeschreven" in answer.text:
                    r.told_confirmed[session_id] += 1
            if not answers or k % self.plan.cancel_every != 1:
                return
            link = LINK.search(answers[0].text)
            if link is None:
                r.failures.append(f"sign-up page of {email} shows no personal link")
                return
            page = await r.request(client, "page", "GET", link.group(1), expect=(200,))
            confirm = CONFIRM.search(page.text) if page is not None else None
            if confirm is not None:
                page = await r.request(client, "page", "GET", confirm.group(1), expect=(200,))
            action = CANCEL.search(page.text) if page is not None else None
            if action is None:
                r.failures.append(f"personal link of {email} shows no cancel button")
                return
            r.operations += 1
            done = await r.request(
                client, "cancel", "POST", action.group(1), data={"csrf_token": _csrf(page)}, expect=(303,)
            )
            if done is not None and done.status_code == 303:
                r.cancelled.add(email)
                r.cancelled_in[session_id] += 1

    async def answer(self, k: int) -> None:
        s, r = self.setup, self.record
        base = f"/b/{s.survey_code}"
        marker = f"loadmarker{k}x"
        async with self.gate, self.client() as client:
            token = _csrf(await r.request(client, "page", "GET", base, expect=(200,)))
            begun = await r.request(
                client,
                "page",
                "POST",
                f"{base}/begin",
                data={"csrf_token": token, "taal": "nl", "weergave": "alles"},
                expect=(303,),
            )
            if begun is None or begun.status_code != 303:
                return
            data = {"csrf_token": token, s.choice_field: s.choice_value, s.text_field: marker}
            times = 2 if k % self.plan.twice_every == 0 else 1
            r.operations += times
            sent = [
                r.request(client, "survey answer", "POST", f"{base}/alles", data=data, expect=(303,))
                for _ in range(times)
            ]
            told = [
                a
                for a in await asyncio.gather(*sent)
                if a is not None and a.status_code == 303 and "/bedankt" in a.headers.get("location", "")
            ]
            if told:
                r.submitted[marker] += 1  # one person, told once or twice that it arrived: one response expected

    async def move(self, m: int, count: int) -> None:
        s, r = self.setup, self.record
        rng = random.Random(m)
        board = f"/n/{s.network_slug}/signalen"
        async with self.client({"ln_session": s.mover_tokens[m]}) as client:
            token = _csrf(await r.request(client, "page", "GET", board, expect=(200,)))
            for i in range(count):
                signal_id, to = rng.choice(s.signal_ids), rng.choice(STATUSES)
                reason = f"loadmove {m}-{i}"
                r.operations += 1
                answer = await r.request(
                    client,
                    "board move",
                    "POST",
                    f"{board}/{signal_id}/verplaatsen",
                    data={"csrf_token": token, "status": to, "reden": reason, "terug": board},
                    expect=(303, 422),
                )
                if answer is not None and answer.status_code == 303:
                    r.moves.append((signal_id, to, reason))
                elif answer is not None and answer.status_code == 422 and "al in deze kolom" in answer.text:
                    r.refused_moves += 1  # it was in that column already: the person is told so
                elif answer is not None and answer.status_code == 422:
                    r.refused_other += 1  # the setup gave every signal what each column needs: a wrong refusal


async def _run(base_url: str, setup: Setup, plan: Plan, record: Record) -> bool:
    clients = Clients(base_url, setup, plan, record)
    per_mover = [plan.moves // plan.movers + (1 if m < plan.moves % plan.movers else 0) for m in range(plan.movers)]
    work = [clients.sign_up(k) for k in range(plan.signups)] + [clients.answer(k) for k in range(plan.respondents)]
    random.Random(7).shuffle(work)
    tasks = [clients.move(m, n) for m, n in enumerate(per_mover)] + work
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=plan.time_limit)
    except TimeoutError:
        return False
    return True


def verify(db: Database, setup: Setup, record: Record) -> dict[str, Any]:
    def check(s: Session) -> dict[str, Any]:
        rows = s.execute(
            select(SignUp.email, SignUp.session_id, SignUp.status, SignUp.waiting_position).where(
                SignUp.session_id.in_(setup.session_ids)
            )
        ).all()
        per_email = Counter(e for e, *_ in rows)
        acknowledged = set(record.signups)
        lost = [e for e in acknowledged if per_email[e] == 0]
        duplicated = [e for e, n in per_email.items() if n > 1]
        unacknowledged = [e for e in per_email if e not in acknowledged]
        told_twice = [e for e, n in record.signups.items() if n > 1]
        wrong_cancel = [e for e, _sid, st, _w in rows if e in record.cancelled and st != SignUpStatus.CANCELLED]
        over, empty_while_waiting, positions = 0, 0, 0
        per_session: dict[int, dict[str, int]] = {}
        for sid in setup.session_ids:
            mine = [(st, w) for _e, x, st, w in rows if x == sid]
            confirmed = sum(1 for st, _ in mine if st == SignUpStatus.CONFIRMED)
            waiting = [w for st, w in mine if st == SignUpStatus.WAITING]
            over += max(0, confirmed - setup.capacity)
            empty_while_waiting += max(0, min(setup.capacity, confirmed + len(waiting)) - confirmed)
            positions += len(waiting) - len(set(waiting))
            per_session[sid] = {"capacity": setup.capacity, "confirmed": confirmed, "waiting": len(waiting)}
        texts = s.execute(
            select(Answer.text, Answer.response_id).where(Answer.question_id == setup.text_question_id)
        ).all()
        per_marker = Counter(t for t, _ in texts)
        responses = s.scalar(select(func.count()).where(Response.survey_id == setup.survey_id)) or 0
        events = s.execute(
            select(
                SignalEvent.id,
                SignalEvent.signal_id,
                SignalEvent.from_status,
                SignalEvent.to_status,
                SignalEvent.reason,
            )
            .where(SignalEvent.id > setup.events_before, SignalEvent.kind == "moved")
            .order_by(SignalEvent.id)
        ).all()
        by_reason = Counter(e.reason for e in events)
        acked = {reason: (sid, to) for sid, to, reason in record.moves}
        moves_lost = [x for x in acked if by_reason[x] == 0]
        moves_duplicated = [x for x, n in by_reason.items() if n > 1]
        moves_unacknowledged = [x for x in by_reason if x not in acked]
        moves_wrong = [e.reason for e in events if e.reason in acked and acked[e.reason] != (e.signal_id, e.to_status)]
        broken_chains = 0
        chain: dict[int, list[Any]] = defaultdict(list)
        for e in events:
            chain[e.signal_id].append(e)
        current = dict(s.execute(select(Signal.id, Signal.status).where(Signal.id.in_(setup.signal_ids))).all())
        for sid, history in chain.items():
            for before, after in zip(history, history[1:], strict=False):
                broken_chains += before.to_status != after.from_status
            broken_chains += history[-1].to_status != current[sid].value
        return {
            "sign_ups": {
                "acknowledged": sum(record.signups.values()),
                "people_acknowledged": len(acknowledged),
                "rows": len(rows),
                "lost": len(lost),
                "duplicated": len(duplicated) + len(told_twice),
                "unacknowledged_rows": len(unacknowledged),
                "cancelled_acknowledged": len(record.cancelled),
                "cancel_not_applied": len(wrong_cancel),
                "over_capacity": over,
                "empty_places_while_waiting": empty_while_waiting,
                "duplicate_waiting_positions": positions,
                # a cancelled place goes to the waiting list first, so no more than capacity + cancellations
                # can ever have been told "you have a place"
                "told_confirmed_over_capacity": sum(
                    max(0, n - setup.capacity - record.cancelled_in[sid]) for sid, n in record.told_confirmed.items()
                ),
                "sessions": per_session,
            },
            "survey": {
                "acknowledged": len(record.submitted),
                "responses": responses,
                "lost": sum(1 for m in record.submitted if per_marker[m] == 0),
                "duplicated": sum(1 for m, n in per_marker.items() if n > 1) + max(0, responses - len(per_marker)),
                "unacknowledged": sum(1 for m in per_marker if m not in record.submitted),
            },
            "board_moves": {
                "acknowledged": len(record.moves),
                "refused_already_there": record.refused_moves,
                "refused_otherwise": record.refused_other,
                "events": len(events),
                "lost": len(moves_lost),
                "duplicated": len(moves_duplicated),
                "unacknowledged": len(moves_unacknowledged),
                "wrong_signal_or_column": len(moves_wrong),
                "broken_history_chains": broken_chains,
            },
        }

    return db.read_sync(check)


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

    return {
        "n": len(values),
        "p50": at(50),
        "p95": at(95),
        "p99": at(99),
        "max": round(ordered[-1], 1),
        "mean": round(statistics.fmean(values), 1),
    }


def run(base_url: str, db: Database, setup: Setup, plan: Plan) -> dict[str, Any]:
    record = Record()
    started = time.perf_counter()
    finished = asyncio.run(_run(base_url, setup, plan, record))
    elapsed = time.perf_counter() - started
    checks = verify(db, setup, record)
    five_xx = sum(n for (_kind, status), n in record.statuses.items() if status >= 500)
    requests = sum(record.statuses.values())
    lost = sum(checks[k]["lost"] for k in ("sign_ups", "survey", "board_moves"))
    duplicated = sum(checks[k]["duplicated"] for k in ("sign_ups", "survey", "board_moves"))
    problems = (
        checks["sign_ups"]["unacknowledged_rows"]
        + checks["sign_ups"]["cancel_not_applied"]
        + checks["sign_ups"]["empty_places_while_waiting"]
        + checks["sign_ups"]["duplicate_waiting_positions"]
        + checks["sign_ups"]["told_confirmed_over_capacity"]
        + checks["survey"]["unacknowledged"]
        + checks["board_moves"]["unacknowledged"]
        + checks["board_moves"]["refused_otherwise"]
        + checks["board_moves"]["wrong_signal_or_column"]
        + checks["board_moves"]["broken_history_chains"]
    )
    return {
        "plan": plan.__dict__,
        "finished_within_limit": finished,
        "seconds": round(elapsed, 1),
        "operations": record.operations,
        "operations_per_second": round(record.operations / elapsed, 1),
        "requests": requests,
        "requests_per_second": round(requests / elapsed, 1),
        "errors_5xx": five_xx,
        "failures": len(record.failures),
        "failure_samples": record.failures[:20],
        "lost": lost,
        "duplicated": duplicated,
        "over_capacity": checks["sign_ups"]["over_capacity"],
        "other_inconsistencies": problems,
        "statuses": {f"{kind} {status}": n for (kind, status), n in sorted(record.statuses.items())},
        "latency_ms": {kind: percentiles(values) for kind, values in sorted(record.latency.items())},
        "checks": checks,
        "passed": finished
        and not five_xx
        and not record.failures
        and not lost
        and not duplicated
        and not checks["sign_ups"]["over_capacity"]
        and not problems,
    }
