"""Turning requests into typed input for the board and the public report form; messages are Dutch and sit next to
their field. Each parser fills the `Form`'s errors and keeps its raw values, so the form can be shown again."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Network
from lerend_netwerk.networks.thresholds import ThresholdType, active_types
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.models import SignalFollowUp, Status
from lerend_netwerk.signals.service import FollowUpInput, Report
from lerend_netwerk.web.forms import Form

REASON_MAX = 500
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_IN_TEXT = re.compile(r"(?:\+|\b)\d[\d ./-]{7,}\d\b")


def read_filters(
    db: Session, network: Network, params: QueryParams, kinds: Iterable[str]
) -> tuple[list[ThresholdType], Form, Filters]:
    """`parse_filters` against the network's threshold types (kept per worker: no statement once kept), for a read
    that goes on to use the filters (the board, its figures) or that only reads them (`routes.staff.filters_of`)."""
    thresholds = active_types(db, network.id)
    form, filters = parse_filters(params, network, thresholds, kinds)
    return thresholds, form, filters


def parse_filters(
    params: QueryParams, network: Network, thresholds: list[ThresholdType], kinds: Iterable[str]
) -> tuple[Form, Filters]:
    """The board's GET filter form; `kinds` are the source kinds the platform declares. Unknown values are refused
    with a message and that filter is dropped."""
    form = Form(params)
    p = Filters.PARAMS
    data: dict[str, Any] = {
        "theme": form.choice(p["theme"], network.themes or []) or "",
        "neighbourhood": form.choice(p["neighbourhood"], network.neighbourhoods or []) or "",
        "threshold": form.choice(p["threshold"], [t.code for t in thresholds]) or "",
        "source": form.choice(p["source"], list(kinds)) or "",
        "start": form.date(p["start"]),
        "end": form.date(p["end"]),
        "q": form.text(p["q"], max_length=100),
    }
    if data["start"] and data["end"] and data["start"] > data["end"]:
        form.error(p["end"], _("De einddatum ligt voor de begindatum."))
    for name, param in p.items():
        if param in form.errors:
            data[name] = None if name in ("start", "end") else ""
    return form, Filters(**data)


def parse_period(params: QueryParams) -> tuple[Form, date, date]:
    """The signalenbundel's period: "van" and "tot", by default the last half year up to today."""
    form = Form(params)
    today = date.today()
    start = form.date("van") or today.replace(day=1) - timedelta(days=180)
    end = form.date("tot") or today
    if start > end:
        form.error("tot", _("De einddatum ligt voor de begindatum."))
    return form, start, end


def parse_move(form: Form) -> tuple[Status | None, str]:
    status = form.choice("status", [s.value for s in Status], required=True)
    reason = form.text("reden", required=True, max_length=REASON_MAX)
    return (Status(status) if status and "status" not in form.errors else None), reason


def parse_follow_up(form: Form, people_ids: list[int], organisation_ids: list[int]) -> FollowUpInput:
    """The trekker select holds "p12" (a person) or "o3" (a partner organisation)."""
    trekker = form.choice("trekker", ["", *(f"p{i}" for i in people_ids), *(f"o{i}" for i in organisation_ids)]) or ""
    partner = form.id("partner", organisation_ids) if form.value("partner") else None
    return FollowUpInput(
        trekker_person_id=int(trekker[1:]) if trekker.startswith("p") else None,
        trekker_organisation_id=int(trekker[1:]) if trekker.startswith("o") else None,
        decision=form.text("beslissing", max_length=4000, multiline=True),
        action=form.text("actie", max_length=4000, multiline=True),
        action_organisation_id=partner,
        due_on=form.date("vervaldatum"),
        internal_note=form.text("interne_nota", max_length=4000, multiline=True),
    )


def follow_up_form(follow: SignalFollowUp | None) -> Form:
    """The follow-up form filled in with what was saved before."""
    if follow is None:
        return Form()
    return Form(
        {
            "trekker": (f"p{follow.trekker_person_id}" if follow.trekker_person_id else "")
            or (f"o{follow.trekker_organisation_id}" if follow.trekker_organisation_id else ""),
            "beslissing": follow.decision,
            "actie": follow.action,
            "partner": str(follow.action_organisation_id or ""),
            "vervaldatum": follow.due_on.isoformat() if follow.due_on else "",
            "interne_nota": follow.internal_note,
        }
    )


def parse_merge(form: Form) -> tuple[list[int], str]:
    """The signals to fold into this one (ticked suggestions "andere" and typed numbers "nummer"), and why."""
    reason = form.text("reden", required=True, max_length=500)
    others: list[int] = []
    for raw in [*form.values_of("andere"), *form.values_of("nummer")]:
        if raw.strip():
            if not raw.strip().isdigit() or not 0 < int(raw) < 2**31:
                form.error("nummer", _("Vul het nummer van een signaal in, zonder letters."))
            else:
                others.append(int(raw))
    if not others:
        form.error("nummer", _("Kies minstens één ander signaal om samen te voegen."))
    return others, reason


def parse_meeting(form: Form) -> tuple[str, date | None, list[int]]:
    """A new meeting: its title, its date and the signals ticked for its agenda."""
    title = form.text("titel", required=True, max_length=150)
    meets_on = form.date("datum", required=True)
    ids = []
    for raw in form.values_of("signalen"):
        if raw.isdigit() and 0 < int(raw) < 2**31:
            ids.append(int(raw))
        else:
            form.error("signalen", _("Kies een van de mogelijkheden uit de lijst."))
    if not ids:
        form.error("signalen", _("Kies minstens één signaal van dit netwerk."))
    return title, meets_on, ids


def parse_agenda_point(form: Form, candidates: list[int]) -> tuple[str, int | None]:
    """One more point on a stuurgroep meeting's agenda: a signal from the list, a point in words, or both (the
    words then name the point)."""
    title = form.text("punt", max_length=200)
    signal_id = form.id("signaal", candidates) if form.value("signaal") else None
    if not title and signal_id is None and "signaal" not in form.errors:
        form.error("punt", _("Kies een signaal of schrijf een agendapunt."))
    return title, signal_id


def parse_minutes(form: Form, members: list[tuple[int, str]]) -> tuple[str, list[int]]:
    """The minutes of a meeting and who of its members was there."""
    text = form.text("verslag", max_length=20_000, multiline=True)
    present = [int(v) for v in form.choices("aanwezig", [str(pid) for pid, _name in members])]
    return text, present


def parse_report(form: Form, network: Network, thresholds: list[ThresholdType], *, partner: bool) -> Report:
    """The public report form. A partner also says how many people raised it."""
    title = form.text("titel", required=True, max_length=200, min_length=3)
    description = form.text("beschrijving", max_length=4000, multiline=True)
    theme = form.choice("thema", network.themes or []) or ""
    wijk = form.choice("wijk", network.neighbourhoods or []) or ""
    threshold = form.choice("drempel", [t.code for t in thresholds]) or ""
    people = (form.integer("aantal", minimum=1, maximum=10000) or 1) if partner else 1
    email = form.email("email")
    consent = form.boolean("toestemming")
    if email and not consent:
        form.error("toestemming", _("Vink aan dat we je mogen mailen, of laat je e-mailadres weg."))
    personal_data_check(form, "titel", "beschrijving")
    return Report(
        title=title,
        description=description,
        theme=theme,
        neighbourhood=wijk,
        threshold_code=threshold,
        people_count=people,
        contact_email=email if email and consent else None,
    )


def looks_personal(*texts: str) -> bool:
    """True when a text seems to hold an e-mail address or a phone number (nine digits or more)."""
    for text in texts:
        if EMAIL_IN_TEXT.search(text):
            return True
        for match in PHONE_IN_TEXT.finditer(text):
            if sum(ch.isdigit() for ch in match.group()) >= 9:
                return True
    return False


def personal_data_check(form: Form, *fields: str) -> None:
    """A description that looks like it holds a phone number or e-mail comes back once with a warning; the
    person either removes it or ticks that it may stay (say, a public service's number)."""
    if looks_personal(*(str(form.data.get(f, "")) for f in fields)) and not form.boolean("persoonsgegevens_ok"):
        form.error(
            "persoonsgegevens_ok",
            _(
                "Je tekst lijkt een telefoonnummer of e-mailadres te bevatten. Haal het weg, "
                "of vink aan dat het er mag staan."
            ),
        )
