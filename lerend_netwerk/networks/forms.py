"""Turning requests into typed input for the network pages; messages are Dutch and sit next to their field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import NetworkKind
from lerend_netwerk.networks.queries import AuditFilters, OutboxFilters
from lerend_netwerk.outbox import STATUSES
from lerend_netwerk.web.forms import Form

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")


@dataclass(frozen=True)
class NewNetwork:
    name: str
    slug: str
    municipality: str
    kind: NetworkKind
    region_id: int | None
    coordinator_name: str
    coordinator_email: str


def parse_new_network(form: Form) -> NewNetwork | None:
    """The administrator's "new network" form; None when a field is refused (the message is on the form)."""
    name = form.text("naam", required=True, max_length=200)
    slug = form.text("slug", required=True, max_length=60).lower()
    if slug and "slug" not in form.errors and not SLUG_RE.match(slug):
        form.error("slug", _("Gebruik alleen kleine letters, cijfers en koppeltekens, bijvoorbeeld sint-niklaas."))
    municipality = form.text("gemeente", max_length=120)
    kind = form.choice("soort", [k.value for k in NetworkKind], required=True)
    region_id = form.integer("regio", minimum=1) if form.value("regio") else None
    coordinator_name = form.text("coordinator_naam", required=True, max_length=120)
    coordinator_email = form.email("coordinator_email", required=True)
    if not form.ok or kind is None or coordinator_email is None:
        return None
    return NewNetwork(name, slug, municipality, NetworkKind(kind), region_id, coordinator_name, coordinator_email)


def parse_audit_filters(params: Mapping[str, str]) -> tuple[Form, AuditFilters]:
    """The audit log's GET filters; with a refused value the log shows unfiltered, with the message."""
    form = Form(dict(params))
    action = form.text("actie", max_length=80)
    start = form.date("van")
    end = form.date("tot")
    page = form.integer("pagina", minimum=1, maximum=100000) or 1
    if not form.ok:
        return form, AuditFilters()
    return form, AuditFilters(action=action, start=start, end=end, page=page)


def parse_outbox_filters(params: Mapping[str, str]) -> tuple[Form, OutboxFilters]:
    """The e-mail overview's GET filters; with a refused value the list shows unfiltered, with the message."""
    form = Form(dict(params))
    status = form.choice("stand", list(STATUSES))
    page = form.integer("pagina", minimum=1, maximum=100000) or 1
    if not form.ok:
        return form, OutboxFilters()
    return form, OutboxFilters(status=status or "", page=page)
