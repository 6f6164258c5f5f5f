"""Pages for those who run the platform or a network: the platform administration (the networks on this
installation, a new network with its first coordinator), a network's audit log (who did what, when) and its
e-mails (what the outbox sent, is sending or could not send)."""

from __future__ import annotations

import json
from dataclasses import asdict

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk import i18n
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks import queries, service
from lerend_netwerk.networks.forms import parse_audit_filters, parse_new_network, parse_outbox_filters
from lerend_netwerk.networks.models import NetworkKind
from lerend_netwerk.web.auth import admin_only, requires
from lerend_netwerk.web.export import csv_response
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for

# -- platform administration ---------------------------------------------------------------------------------


async def _admin_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    db = request.app.state.db
    networks = await db.read(queries.list_networks)
    regions = await db.read(queries.regional_networks)
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
    return await _admin_page(request)


@admin_only
async def admin_create_network(request: Request) -> Response:
    form = Form(await read_form(request))
    new = parse_new_network(form)
    if new is not None:
        try:
            network = await request.app.state.db.write(
                service.create_network, **asdict(new), actor_id=request.state.visitor.person.id
            )
        except service.MembershipError as exc:
            form.error(exc.field or "__all__", exc.message)
        else:
            flash(request, _("Het netwerk {name} is aangemaakt.").format(name=network.name))
            return RedirectResponse(path_for(request, "networks:admin"), status_code=303)
    return await _admin_page(request, form, status=422)


# -- the audit log -------------------------------------------------------------------------------------------


@requires("audit.view")
async def audit_log(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form, filters = parse_audit_filters(request.query_params)
    items, total = await db.read(queries.audit_entries, network.id, filters)
    codes = await db.read(queries.audit_actions, network.id)
    pages = max(1, -(-total // queries.AUDIT_PAGE_SIZE))
    return render(
        request,
        "networks/audit.html",
        {
            "form": form,
            "entries": items,
            "total": total,
            "filters": filters,
            "pages": pages,
            "action_options": [(code, code) for code in codes],
        },
        status_code=200 if form.ok else 422,
        partial="networks/_audit_rows.html",
    )


@requires("audit.view")
async def audit_csv(request: Request) -> Response:
    network = request.state.network
    _, filters = parse_audit_filters(request.query_params)
    items, _ = await request.app.state.db.read_long(queries.audit_entries, network.id, filters, limit=None)
    rows = [
        [
            e.at.isoformat(),
            e.action,
            item.actor_name or "",
            e.subject_type,
            e.subject_id or "",
            json.dumps(e.details, ensure_ascii=False),
        ]
        for item in items
        for e in [item.event]
    ]
    return csv_response(
        ["tijdstip", "actie", "door", "onderwerp", "onderwerp_id", "details"], rows, f"logboek-{network.slug}.csv"
    )


# -- the network's e-mails -----------------------------------------------------------------------------------

STATUS_LABELS = {
    "queued": lazy_gettext("Wacht om te vertrekken"),
    "sending": lazy_gettext("Wordt nu verstuurd"),
    "sent": lazy_gettext("Verstuurd"),
    "failed": lazy_gettext("Niet verstuurd"),
}
ERROR_LABELS = {
    "unreachable": lazy_gettext("De mailserver was niet bereikbaar."),
    "login": lazy_gettext("Aanmelden bij de mailserver lukte niet."),
    "temporary": lazy_gettext("De mailserver weigerde even (code {code})."),
    "sender": lazy_gettext("De mailserver weigerde de afzender (code {code})."),
    "refused": lazy_gettext("De mailserver kent dit adres niet of weigert het (code {code})."),
    "rejected": lazy_gettext("De mailserver weigerde de e-mail (code {code})."),
    "uncertain": lazy_gettext("De verbinding viel weg tijdens het versturen. Misschien kwam de e-mail toch aan."),
    "interrupted": lazy_gettext("Het versturen werd onderbroken. Misschien kwam de e-mail toch aan."),
}


def error_label(code: str) -> str:
    """The Dutch sentence for an outbox error code ("refused:550")."""
    if not code:
        return ""
    name, _sep, number = code.partition(":")
    label = ERROR_LABELS.get(name)
    return str(label).format(code=number) if label is not None else code


@requires("outbox.view")
async def outbox(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form, filters = parse_outbox_filters(request.query_params)
    counts = await db.read(queries.outbox_counts, network.id)
    lines = await db.read(queries.outbox_lines, network.id, filters)
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    return render(
        request,
        "networks/outbox.html",
        {
            "form": form,
            "filters": filters,
            "counts": counts,
            "lines": lines,
            "pages": max(1, -(-total // queries.OUTBOX_PAGE_SIZE)),
            "status_labels": STATUS_LABELS,
            "status_options": [(code, label) for code, label in STATUS_LABELS.items()],
            "error_label": error_label,
            "keep_days": request.app.state.settings.outbox_keep_days,
        },
        status_code=200 if form.ok else 422,
    )


# -- the languages a network offers ------------------------------------------------------------------------------


def _language_page(request: Request, form: Form, *, status: int = 200) -> Response:
    options = [(code, name) for code, name in i18n.LANGUAGES.items() if code != i18n.DEFAULT_LOCALE]
    return render(request, "networks/languages.html", {"form": form, "language_options": options}, status_code=status)


@requires("network.manage")
async def languages(request: Request) -> Response:
    network = request.state.network
    current = i18n.offered((network.options or {}).get("languages"))
    return _language_page(request, Form(FormData([("talen", c) for c in current if c != i18n.DEFAULT_LOCALE])))


@requires("network.manage")
async def save_languages(request: Request) -> Response:
    form = Form(await read_form(request))
    picked = form.choices("talen", [code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LOCALE])
    if form.errors:
        return _language_page(request, form, status=422)
    network = request.state.network
    await request.app.state.db.write(
        service.set_languages, network.id, picked, actor_id=request.state.visitor.person.id
    )
    flash(request, _("De talen zijn bewaard."))
    return RedirectResponse(path_for(request, "networks:languages", network=network.slug), status_code=303)
