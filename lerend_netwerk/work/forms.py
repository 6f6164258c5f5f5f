"""Form data -> typed values for working groups, the plan and the wijk figures, with Dutch messages per field and
what was typed kept on the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.forms import Form
from lerend_netwerk.work.models import ActionStatus, WorkGroup
from lerend_netwerk.work.service import GroupData


def group_form(found: WorkGroup | None) -> Form:
    if found is None:
        return Form({"ritme": "4"})
    return Form(
        {
            "naam": found.name,
            "thema": found.theme,
            "beschrijving": found.description,
            "trekker": str(found.trekker_id or ""),
            "ritme": str(found.meetings_per_year),
            "regio": "1" if found.shared_in_region else "",
        }
    )


def parse_group(form: Form, themes: list[str], people: list[int]) -> GroupData:
    name = form.text("naam", required=True, max_length=150)
    theme = form.choice("thema", themes) or ""
    description = form.text("beschrijving", max_length=2000, multiline=True)
    trekker = form.id("trekker", people)
    per_year = form.integer("ritme", required=True, minimum=1, maximum=52)
    return GroupData(name, theme, description, trekker, per_year or 4, form.boolean("regio"))


@dataclass(frozen=True)
class MemberData:
    person_id: int | None
    organisation_id: int | None
    role: str


def parse_member(form: Form, people: list[int], organisations: list[int]) -> MemberData:
    person = form.id("persoon", people)
    organisation = form.id("organisatie", organisations)
    role = form.text("rol", max_length=80)
    if form.ok and person is None and organisation is None:
        form.error("persoon", _("Kies een persoon of een organisatie."))
    return MemberData(person, organisation, role)


@dataclass(frozen=True)
class ActionData:
    title: str
    description: str
    internal_note: str
    trekker_id: int | None
    partner_ids: list[int]
    group_id: int | None
    wijk: str
    due_on: date | None
    status: ActionStatus
    progress: int


def parse_action(
    form: Form, *, people: list[int], organisations: list[int], groups: list[int], wijken: list[str]
) -> ActionData:
    title = form.text("titel", required=True, max_length=200)
    description = form.text("beschrijving", max_length=4000, multiline=True)
    note = form.text("interne_nota", max_length=4000, multiline=True)
    trekker = form.id("trekker", people)
    partners = [int(v) for v in form.choices("partners", [str(o) for o in organisations])]
    group = form.id("werkgroep", groups)
    wijk = form.choice("wijk", wijken) or ""
    due = form.date("deadline")
    status = form.choice("status", [s.value for s in ActionStatus]) or ActionStatus.PLANNED.value
    progress = form.integer("voortgang", minimum=0, maximum=100)
    return ActionData(
        title, description, note, trekker, partners, group, wijk, due, ActionStatus(status), progress or 0
    )


@dataclass(frozen=True)
class ProgressData:
    status: ActionStatus
    progress: int
    done_milestones: list[int]


def parse_progress(form: Form, milestone_ids: list[int]) -> ProgressData:
    status = form.choice("status", [s.value for s in ActionStatus], required=True)
    progress = form.integer("voortgang", required=True, minimum=0, maximum=100)
    done = [int(v) for v in form.choices("mijlpalen", [str(i) for i in milestone_ids])]
    return ProgressData(ActionStatus(status or ActionStatus.PLANNED.value), progress or 0, done)
