"""Turning requests into typed input for the accounts' pages: inviting someone, a role, a new login card, and a
correction or erasure of someone's data. Messages are Dutch and sit next to their field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Role
from lerend_netwerk.web.forms import Form


@dataclass(frozen=True)
class Invitation:
    name: str
    email: str
    role: Role
    organisation_id: int | None


def parse_invitation(form: Form) -> Invitation | None:
    name = form.text("naam", required=True, max_length=120)
    email = form.email("email", required=True)
    role = form.choice("rol", [r.value for r in Role], required=True)
    organisation_id = form.integer("organisatie", minimum=1) if form.value("organisatie") else None
    if not form.ok or email is None or role is None:
        return None
    return Invitation(name, email, Role(role), organisation_id)


def parse_role(form: Form) -> Role | None:
    role = form.choice("rol", [r.value for r in Role], required=True)
    return Role(role) if form.ok and role else None


@dataclass(frozen=True)
class NewCard:
    person_id: int | None  # a card for someone in the list, or (None) for a new participant called `name`
    name: str


def parse_new_card(form: Form) -> NewCard | None:
    person_id = form.integer("persoon", minimum=1) if form.value("persoon") else None
    # A new card for someone in the list comes without a name; a bad id there must not ask for one.
    name = form.text("naam", required=not form.value("persoon"), max_length=120)
    if "persoon" in form.errors:
        # The person id is a hidden field in a row, so the message goes in the summary at the top of the form.
        form.errors.pop("persoon")
        form.error("__all__", _("Kies een van de mogelijkheden uit de lijst."))
    return NewCard(person_id, name) if form.ok else None


def person_form(person: dict[str, Any]) -> Form:
    """The correction form filled in with what is stored (`person` as the data export has it)."""
    return Form({"naam": person["name"], "email": person["email"] or "", "telefoon": person["phone"] or ""})


def parse_correction(form: Form) -> tuple[str, str | None, str | None]:
    """Name, e-mail address and phone number, as corrected."""
    return form.text("naam", required=True, max_length=120), form.email("email"), form.phone("telefoon")


def confirmed(form: Form) -> bool:
    """Erasing needs the box ticked; without it the form comes back with the message."""
    if not form.boolean("bevestig"):
        form.error("bevestig", _("Vink aan dat je zeker bent. Wissen kan niet ongedaan worden."))
    return form.ok
