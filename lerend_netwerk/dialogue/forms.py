"""Reading the dialogue forms: a table, needs, contact, session details, repetition, a note point. Messages are
recorded on the Form, which keeps the raw values to fill the form in again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lerend_netwerk.dialogue.models import TableSession
from lerend_netwerk.dialogue.service import Needs, SessionFields
from lerend_netwerk.i18n import TIMEZONE, lazy_gettext
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.forms import Form

UNITS = [("weken", lazy_gettext("weken")), ("maanden", lazy_gettext("maanden"))]
# A new session: two hours, twelve places, sign-up closes a day before; repeated, every two months.
NEW_SESSIONS = {
    "duur": "120",
    "plaatsen": "12",
    "inschrijven_tot": "1",
    "aantal": "1",
    "om_de": "2",
    "eenheid": "maanden",
}


@dataclass
class TableInput:
    name: str
    theme: str
    audience: str
    facilitator_ids: list[int]


def table(form: Form, themes: list[str]) -> TableInput:
    name = form.text("naam", required=True, max_length=200)
    theme = form.choice("thema", themes)
    audience = form.text("voor_wie", max_length=500, multiline=True)
    ids = [int(v) for v in form.values_of("begeleiders") if v.isdigit()]
    if len(ids) != len(form.values_of("begeleiders")):
        form.error("begeleiders", _("Kies een van de mogelijkheden uit de lijst."))
    return TableInput(name, theme or "", audience, ids)


def needs(form: Form) -> Needs:
    childcare = form.boolean("kinderopvang")
    interpreter = form.boolean("tolk")
    result = Needs(
        childcare=childcare,
        children_count=form.integer("kinderen_aantal", minimum=1, maximum=12),
        children_ages=form.text("kinderen_leeftijden", max_length=120),
        transport=form.boolean("vervoer"),
        interpreter=interpreter,
        interpreter_language=form.text("tolk_taal", max_length=80),
        diet=form.text("dieet", max_length=200),
        accessibility=form.text("toegankelijkheid", max_length=300),
        other=form.text("anders", max_length=500, multiline=True),
    )
    if interpreter and not result.interpreter_language:
        form.error("tolk_taal", _("Welke taal? Dan zoeken we de juiste tolk."))
    return result


def contact(form: Form, *, required: bool) -> tuple[str | None, str | None]:
    """E-mail or phone; when `required`, at least one, and consent for what we use it for."""
    email = form.email("email")
    phone = form.phone("telefoon")
    consent = form.boolean("toestemming")
    if required and not email and not phone and "email" not in form.errors and "telefoon" not in form.errors:
        form.error("email", _("Vul een e-mailadres of een telefoonnummer in, zodat we je kunnen bereiken."))
    if (email or phone) and not consent:
        form.error(
            "toestemming", _("Zet een vinkje als je akkoord gaat. Zonder je akkoord kunnen we je niets laten weten.")
        )
    return email, phone


AMOUNT_RE = re.compile(r"^[0-9]{1,7}(\.[0-9]{1,2})?$")


def euros_to_cents(form: Form, name: str) -> int | None:
    # No length limit of its own: "vijfentwintig" is not too long, it is not written in digits.
    raw = form.text(name, max_length=1000).replace(",", ".").replace("€", "").strip()
    if not form.ok and name in form.errors:
        return None
    if not raw:
        return 0
    if not AMOUNT_RE.match(raw):  # digits with at most two decimals: no "1e309", "NaN" or "inf" for float()
        form.error(name, _("Schrijf het bedrag in cijfers, bijvoorbeeld 25 of 25,50."))
        return None
    euros, _sep, cents = raw.partition(".")
    value = int(euros) * 100 + int(cents.ljust(2, "0") or 0)
    if not 0 <= value <= 100_000:
        form.error(name, _("Vul een bedrag in tussen 0 en 1000 euro."))
        return None
    return value


def cents_to_input(cents: int) -> str:
    """An amount as it goes back into a field, written the Flemish way: 2550 -> "25,50"."""
    return f"{cents / 100:.2f}".replace(".", ",")


def wijk_choices(neighbourhoods: list[str] | None, current: str = "") -> list[str]:
    """The wijken a session can be held in: the network's, and the one it already has (a wijk the network has
    since renamed or dropped stays possible for the sessions that have it)."""
    wijken = list(neighbourhoods or [])
    return wijken + [current] if current and current not in wijken else wijken


def wijk_options(wijken: list[str]) -> list[tuple[str, str]]:
    """The wijk select's options: none, then the wijken; no options at all when the network has no wijken."""
    return [("", _("Geen wijk")), *((w, w) for w in wijken)] if wijken else []


def session_fields(form: Form, wijken: list[str], *, keep: datetime | None = None) -> SessionFields | None:
    """The session's fields; a start before now is refused, unless it is `keep` (the start it has: a session
    that already took place can still get its place or text corrected). The wijk is one of `wijken` (the
    network's), or none."""
    starts = form.datetime_local("start", required=True)
    now = datetime.now(TIMEZONE).replace(tzinfo=None)
    if starts is not None and starts < now and starts != keep:
        form.error("start", _("Deze datum en dit uur zijn al voorbij. Kies een moment in de toekomst."))
    minutes = form.integer("duur", required=True, minimum=15, maximum=12 * 60)
    place = form.text("plaats", required=True, max_length=200)
    address = form.text("adres", max_length=300)
    wijk = (form.choice("wijk", wijken) or "") if wijken else ""  # no wijken, no field: nothing to choose
    directions = form.text("weg", max_length=2000, multiline=True)
    accessibility = form.text("toegankelijkheid", max_length=2000, multiline=True)
    expect = form.text("verwachten", max_length=500, multiline=True)
    capacity = form.integer("plaatsen", required=True, minimum=1, maximum=500)
    deadline = form.integer("inschrijven_tot", minimum=0, maximum=60)
    cents = euros_to_cents(form, "vergoeding")
    if not form.ok or starts is None or minutes is None or capacity is None or cents is None:
        return None
    return SessionFields(
        starts_local=starts,
        minutes=minutes,
        place=place,
        address=address,
        wijk=wijk,
        directions=directions,
        accessibility=accessibility,
        expect=expect,
        capacity=capacity,
        deadline_days=deadline or 0,
        compensation_cents=cents,
    )


def session_values(session: TableSession) -> dict[str, str]:
    """The form's raw values for an existing session, in Brussels time (to edit it)."""
    start = session.starts_at.astimezone(TIMEZONE)
    deadline = session.signup_deadline
    return {
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "duur": str(int((session.ends_at - session.starts_at).total_seconds() // 60)),
        "plaats": session.place,
        "adres": session.address,
        "wijk": session.wijk,
        "weg": session.directions,
        "toegankelijkheid": session.accessibility,
        "verwachten": session.expect,
        "plaatsen": str(session.capacity),
        "inschrijven_tot": str((session.starts_at - deadline).days) if deadline else "0",
        "vergoeding": cents_to_input(session.compensation_cents),
    }


def repetition(form: Form) -> tuple[int, int, str]:
    count = form.integer("aantal", minimum=1, maximum=24) or 1
    every = form.integer("om_de", minimum=1, maximum=12) or 1
    unit = form.choice("eenheid", [u for u, _label in UNITS]) or "weken"
    return count, every, unit


@dataclass
class PointInput:
    text: str
    theme: str
    people_count: int


def point(form: Form, themes: list[str]) -> PointInput:
    text = form.text("punt", required=True, max_length=2000, multiline=True)
    theme = form.choice("thema", themes)
    count = form.integer("aantal", required=True, minimum=1, maximum=500)
    return PointInput(text, theme or "", count or 1)
