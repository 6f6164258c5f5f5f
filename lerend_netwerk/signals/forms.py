"""Turning requests into typed input for the board; messages are Dutch and sit next to their field."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import QueryParams

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Network
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.signals.board import Filters
from lerend_netwerk.signals.models import SourceKind, Status
from lerend_netwerk.signals.workflow import FollowUpInput, looks_personal
from lerend_netwerk.web.forms import Form

REASON_MAX = 500


def parse_filters(params: QueryParams, network: Network, thresholds: list[ThresholdType]) -> tuple[Form, Filters]:
    """The board's GET filter form. Unknown values are refused with a message and that filter is dropped."""
    form = Form(params)
    p = Filters.PARAMS
    data: dict[str, Any] = {
        "theme": form.choice(p["theme"], network.themes or []) or "",
        "neighbourhood": form.choice(p["neighbourhood"], network.neighbourhoods or []) or "",
        "threshold": form.choice(p["threshold"], [t.code for t in thresholds]) or "",
        "source": form.choice(p["source"], [k.value for k in SourceKind]) or "",
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


def personal_data_check(form: Form, *fields: str) -> None:
    """A description that looks like it holds a phone number or e-mail comes back once with a warning; the
    person either removes it or ticks that it may stay (say, a public service's number)."""
    if looks_personal(*(str(form.data.get(f, "")) for f in fields)) and not form.boolean("persoonsgegevens_ok"):
        form.error(
            "persoonsgegevens_ok",
            _(
                "Uw tekst lijkt een telefoonnummer of e-mailadres te bevatten. Haal het weg, "
                "of vink aan dat het er mag staan."
            ),
        )
