"""Platform administration: the networks on this installation and each one's first coordinator."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk import audit
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks import service
from lerend_netwerk.networks.models import Membership, Network, NetworkKind, Person, Role
from lerend_netwerk.networks.thresholds import ensure_defaults
from lerend_netwerk.web.auth import admin_only
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
RESERVED_SLUGS = {"static", "beheer", "inloggen", "mijn"}


def create_network(
    db: Session,
    *,
    name: str,
    slug: str,
    municipality: str,
    kind: NetworkKind,
    region_id: int | None,
    coordinator_name: str,
    coordinator_email: str,
    actor_id: int,
) -> Network:
    """A new network with the default threshold types and its first coordinator (invited by e-mail)."""
    if db.scalar(select(Network.id).where(Network.slug == slug)) or slug in RESERVED_SLUGS:
        raise service.MembershipError(_("Dit webadres is al in gebruik. Kies een ander."), "slug")
    if (
        region_id is not None
        and db.scalar(select(Network.id).where(Network.id == region_id, Network.kind == NetworkKind.REGIONAL)) is None
    ):
        raise service.MembershipError(_("Kies een van de mogelijkheden uit de lijst."), "regio")
    network = Network(
        name=name, slug=slug, municipality=municipality, kind=kind, region_id=region_id, themes=[], neighbourhoods=[]
    )
    db.add(network)
    db.flush()
    ensure_defaults(db, network.id)
    person = db.scalar(select(Person).where(Person.email == coordinator_email))
    if person is None:
        person = Person(name=coordinator_name, email=coordinator_email)
        db.add(person)
        db.flush()
    db.add(Membership(person_id=person.id, network_id=network.id, role=Role.COORDINATOR))
    audit.record(db, "network.created", actor_id=actor_id, network_id=network.id, subject=("network", network.id))
    return network


def regional_networks(db: Session) -> list[Network]:
    return list(db.scalars(select(Network).where(Network.kind == NetworkKind.REGIONAL).order_by(Network.name)))


async def _page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    db = request.app.state.db
    networks = await db.read(service.list_networks)
    regions = await db.read(regional_networks)
    return render(
        request,
        "networks/admin.html",
        {
            "networks": networks,
            "form": form or Form(),
            "kind_options": [
                (NetworkKind.LOCAL.value, _("Lokaal netwerk (een gemeente)")),
                (NetworkKind.REGIONAL.value, _("Regionaal netwerk")),
            ],
            "region_options": [("", _("Geen regio"))] + [(r.id, r.name) for r in regions],
        },
        status_code=status,
    )


@admin_only
async def admin_home(request: Request) -> Response:
    return await _page(request)


@admin_only
async def admin_create_network(request: Request) -> Response:
    form = Form(await read_form(request))
    name = form.text("naam", required=True, max_length=200)
    slug = form.text("slug", required=True, max_length=60).lower()
    if slug and "slug" not in form.errors and not SLUG_RE.match(slug):
        form.error("slug", _("Gebruik alleen kleine letters, cijfers en koppeltekens, bijvoorbeeld sint-niklaas."))
    municipality = form.text("gemeente", max_length=120)
    kind = form.choice("soort", [k.value for k in NetworkKind], required=True)
    region_id = form.integer("regio", minimum=1) if form.value("regio") else None
    coordinator_name = form.text("coordinator_naam", required=True, max_length=120)
    coordinator_email = form.email("coordinator_email", required=True)
    if form.ok:
        try:
            network = await request.app.state.db.write(
                create_network,
                name=name,
                slug=slug,
                municipality=municipality,
                kind=NetworkKind(kind),
                region_id=region_id,
                coordinator_name=coordinator_name,
                coordinator_email=coordinator_email,
                actor_id=request.state.visitor.person.id,
            )
        except service.MembershipError as exc:
            form.error(exc.field, str(exc))
        else:
            flash(request, _("Het netwerk {name} is aangemaakt.").format(name=network.name))
            return RedirectResponse(request.url_for("networks:admin"), status_code=303)
    return await _page(request, form, status=422)


routes = [
    Route("/beheer", admin_home, name="networks:admin"),
    Route("/beheer", admin_create_network, methods=["POST"], name="networks:create_network"),
]
