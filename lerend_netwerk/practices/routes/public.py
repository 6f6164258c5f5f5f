"""Practice pages: list and search, the practice card, sharing and editing (with files), versions, files."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.thresholds import ThresholdType, active_types
from lerend_netwerk.practices import learning, service, thresholds_admin, uploads
from lerend_netwerk.practices.common import actor_id, viewer
from lerend_netwerk.practices.forms import (
    SECTOR_LABELS,
    TARGET_LABELS,
    VISIBILITY_LABELS,
    parse_practice,
    read_files,
)
from lerend_netwerk.practices.markup import diff_lines, render_markdown
from lerend_netwerk.practices.models import SECTORS, TARGET_GROUPS, Practice, Status
from lerend_netwerk.web.auth import public, requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


def _labels(types: list[ThresholdType]) -> dict[str, Any]:
    return {
        "threshold_labels": {t.code: t for t in types},
        "target_labels": TARGET_LABELS,
        "sector_labels": SECTOR_LABELS,
        "visibility_labels": VISIBILITY_LABELS,
    }


# -- list and search -------------------------------------------------------------------------------------


@public
async def practice_list(request: Request) -> Response:
    network = request.state.network
    form = Form(request.query_params)

    def load(db: Session) -> dict[str, Any]:
        types = active_types(db, network.id)
        orgs = service.organisations(db, network.id)
        networks = service.networks_in_scope(db, network.id)
        filters = service.Filters(
            q=form.text("q", max_length=200),
            threshold=form.choice("drempel", [t.code for t in types]) or "",
            target_group=form.choice("doelgroep", TARGET_GROUPS) or "",
            sector=form.choice("sector", SECTORS) or "",
            organisation_id=form.id("organisatie", [o.id for o in orgs]),
            network_id=form.id("netwerk", [n.id for n in networks]),
            sort=form.choice("sorteer", ["relevantie", "recent"]) or "relevantie",
            page=form.integer("pagina", minimum=1, maximum=10_000) or 1,
        )
        page = service.find(db, network.id, viewer(request), filters)
        cards = service.cards(db, page.items)
        following = learning.is_following(db, viewer(request).person_id, network.id, None)
        return {
            "page": page,
            "cards": cards,
            "organisations": orgs,
            "networks": networks,
            "following": following,
            "types": types,
        }

    context = await request.app.state.db.read(load)
    context.update(_labels(context["types"]), form=form, page_url=lambda n: _page_url(request, n))
    # Bad filter values are ignored (they only narrow a list); the form shows what was understood.
    return render(request, "practices/list.html", context, partial="practices/_results.html")


def _page_url(request: Request, number: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "pagina"] + [("pagina", str(number))]
    return "?" + urlencode(params)


# -- the practice card -----------------------------------------------------------------------------------


@public
async def detail(request: Request) -> Response:
    return await detail_page(request)


async def detail_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    """The practice card; `form` carries a refused comment or note back with its message (422)."""
    network = request.state.network
    practice_id = path_id(request)
    who = viewer(request)

    def load(db: Session) -> dict[str, Any] | None:
        practice = service.get_readable(db, network.id, practice_id, who)
        if practice is None:
            return None
        (_, names, _), *related = service.cards(db, [practice, *service.related(db, practice, who)])
        return {
            "practice": practice,
            "names": names,
            "files": service.attachments(db, practice.id),
            "related": [(p, p_names) for p, p_names, _thumb in related],
            "adoptions": service.adoptions(db, practice.id),
            "comments": learning.comments(db, practice.id),
            "adopt_options": learning.adoption_options(db, practice, who),
            "may_edit": service.may_edit(db, practice, who),
            "following": learning.is_following(db, who.person_id, network.id, practice.id),
            "types": {t.code: t for t in thresholds_admin.all_types(db, practice.network_id)},
        }

    context = await request.app.state.db.read(load)
    if context is None:
        raise HTTPException(404)
    context.update(_labels([]), story=render_markdown(context["practice"].story), form=form or Form())
    context["threshold_labels"] = context.pop("types")
    return render(request, "practices/detail.html", context, status_code=status)


# -- sharing and editing ---------------------------------------------------------------------------------


async def _form_page(request: Request, form: Form, practice: Practice | None = None, *, status: int = 200) -> Response:
    network = request.state.network

    def load(db: Session) -> dict[str, Any]:
        return {
            "types": active_types(db, network.id),
            "organisations": service.organisations(db, network.id),
            "files": service.attachments(db, practice.id) if practice else [],
        }

    context = await request.app.state.db.read(load)
    options = [(t.code, t.label) for t in context["types"]]
    if practice is not None:
        options += [(c, c) for c in practice.threshold_codes if c not in {code for code, _l in options}]
    context.update(types_options=options, organisation_options=[(o.id, o.name) for o in context["organisations"]])
    context.update(
        _labels(context["types"]),
        form=form,
        practice=practice,
        max_mb=round(request.app.state.settings.max_upload_bytes / 1_000_000),
        max_bytes=request.app.state.settings.max_upload_bytes,
    )
    return render(request, "practices/form.html", context, status_code=status)


def _values_of(practice: Practice) -> dict[str, Any]:
    return {
        "titel": practice.title,
        "samenvatting": practice.summary,
        "verhaal": practice.story,
        "drempels": practice.threshold_codes,
        "doelgroepen": practice.target_group_codes,
        "sector": practice.sector,
        "organisatie": str(practice.organisation_id or ""),
        "kost": practice.cost,
        "werkte": practice.worked,
        "werkte_niet": practice.not_worked,
        "partners": practice.partners,
        "contact_naam": practice.contact_name,
        "contact_email": practice.contact_email,
        "zichtbaarheid": practice.visibility.value,
        "status": practice.status.value,
    }


@requires("practice.create")
async def new(request: Request) -> Response:
    network = request.state.network
    person = request.state.visitor.person
    org_id = await request.app.state.db.read(service.my_organisation_id, network.id, person.id)
    form = Form(
        {
            "zichtbaarheid": "netwerk",
            "organisatie": str(org_id or ""),
            "contact_naam": person.name,
            "contact_email": person.email or "",
        }
    )
    return await _form_page(request, form)


async def _editable(request: Request) -> Practice:
    network = request.state.network
    practice_id = path_id(request)

    def load(db: Session) -> Practice | None:
        practice = service.get_readable(db, network.id, practice_id, viewer(request))
        if practice is None:
            return None
        if not service.may_edit(db, practice, viewer(request)):
            raise HTTPException(403, _("Alleen uw organisatie of de coördinator kan deze praktijk aanpassen."))
        return practice

    practice = await request.app.state.db.read(load)
    if practice is None:
        raise HTTPException(404)
    return practice


@requires("practice.create")
async def edit(request: Request) -> Response:
    practice = await _editable(request)
    return await _form_page(request, Form(_values_of(practice)), practice)


@requires("practice.create")
async def create(request: Request) -> Response:
    return await _save(request, None)


@requires("practice.create")
async def update(request: Request) -> Response:
    return await _save(request, await _editable(request))


async def _save(request: Request, practice: Practice | None) -> Response:
    network = request.state.network
    settings = request.app.state.settings
    db = request.app.state.db
    raw = await read_form(request)
    form = Form(raw)

    def options(session: Session) -> tuple[list[str], list[int], int]:
        codes = [t.code for t in active_types(session, network.id)]
        if practice is not None:  # a retired type stays valid on a practice that already had it
            codes += [c for c in practice.threshold_codes if c not in codes]
        existing = service.attachment_count(session, practice.id) if practice else 0
        return codes, [o.id for o in service.organisations(session, network.id)], existing

    codes, org_ids, existing = await db.read(options)
    data = parse_practice(form, threshold_codes=codes, organisation_ids=org_ids)
    pending = await read_files(raw, form, existing=existing, max_bytes=settings.max_upload_bytes)
    stored: list[uploads.Stored] = []
    if form.ok:
        for item in pending:
            try:
                stored.append(
                    uploads.store(settings.upload_dir, item.filename, item.data, max_bytes=settings.max_upload_bytes)
                )
            except uploads.UploadRefused as exc:
                form.error("bestanden", str(exc))
    if not form.ok:
        uploads.delete(settings.upload_dir, *[n for s in stored for n in (s.stored_name, s.thumb_name)])
        if pending and "bestanden" not in form.errors:
            form.error("bestanden", _("Kies uw bestanden opnieuw: een browser onthoudt ze niet na een fout."))
        return await _form_page(request, form, practice, status=422)
    saved = await db.write(
        service.save,
        network.id,
        data,
        actor_id=actor_id(request),
        practice_id=practice.id if practice else None,
        files=stored,
    )
    if saved.status == Status.PUBLISHED:
        flash(request, _("De praktijk is gepubliceerd."))
    else:
        flash(request, _("De praktijk is bewaard als concept. Alleen uw netwerk ziet ze."))
    return RedirectResponse(request.url_for("practices:detail", network=network.slug, id=saved.id), status_code=303)


@requires("practice.create")
async def versions(request: Request) -> Response:
    network = request.state.network
    practice_id = path_id(request)

    def load(db: Session) -> dict[str, Any] | None:
        practice = service.get_readable(db, network.id, practice_id, viewer(request))
        if practice is None:
            return None
        return {"practice": practice, "versions": service.versions(db, practice.id)}

    context = await request.app.state.db.read(load)
    if context is None:
        raise HTTPException(404)
    current = {key: getattr(context["practice"], key) for key in ("title", "summary", "story")}
    changes = []
    newer = {k: str(v or "") for k, v in current.items()}
    for version, editor in context["versions"]:
        older = version.content
        fields = [
            (key, diff_lines(older.get(key, ""), newer.get(key, "")))
            for key in ("title", "summary", "story")
            if older.get(key, "") != newer.get(key, "")
        ]
        others = [
            key
            for key in older
            if key not in ("title", "summary", "story") and older.get(key) != newer.get(key, older.get(key))
        ]
        changes.append({"version": version, "editor": editor, "fields": fields, "others": others})
        newer = older
    return render(request, "practices/versions.html", {"practice": context["practice"], "changes": changes})


# -- files -----------------------------------------------------------------------------------------------


async def _serve(request: Request, *, thumb: bool) -> Response:
    network = request.state.network
    found = await request.app.state.db.read(
        service.readable_attachment, network.id, path_id(request), path_id(request, "file_id"), viewer(request)
    )
    name = (found.thumb_name if thumb else found.stored_name) if found else None
    path = request.app.state.settings.upload_dir / name if name else None
    if found is None or path is None or not path.is_file():
        raise HTTPException(404)
    content_type = "image/webp" if thumb else found.content_type
    disposition = "inline" if found.kind == "photo" else "attachment"
    headers = {
        "Content-Disposition": f'{disposition}; filename="{found.filename}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return Response(path.read_bytes(), media_type=content_type, headers=headers)


@public
async def file(request: Request) -> Response:
    return await _serve(request, thumb=False)


@public
async def thumb(request: Request) -> Response:
    return await _serve(request, thumb=True)


@requires("practice.create")
async def delete_file(request: Request) -> Response:
    practice = await _editable(request)
    found = await request.app.state.db.write(
        service.delete_attachment, practice, path_id(request, "file_id"), actor_id=actor_id(request)
    )
    if found is None:
        raise HTTPException(404)
    uploads.delete(request.app.state.settings.upload_dir, found.stored_name, found.thumb_name)
    flash(request, _("Het bestand is verwijderd."))
    return RedirectResponse(
        request.url_for("practices:edit", network=request.state.network.slug, id=practice.id), status_code=303
    )


def _routes() -> list[Route]:
    from lerend_netwerk.practices import routes_learning, routes_meetings

    base = "/n/{network}/praktijken"
    return [
        Route(base, practice_list, name="practices:list"),
        Route(base + "/nieuw", new, name="practices:new"),
        Route(base + "/nieuw", create, methods=["POST"], name="practices:create"),
        Route(base + "/{id:int}", detail, name="practices:detail"),
        Route(base + "/{id:int}/bewerken", edit, name="practices:edit"),
        Route(base + "/{id:int}/bewerken", update, methods=["POST"], name="practices:update"),
        Route(base + "/{id:int}/versies", versions, name="practices:versions"),
        Route(base + "/{id:int}/bestanden/{file_id:int}", file, name="practices:file"),
        Route(base + "/{id:int}/bestanden/{file_id:int}/klein", thumb, name="practices:thumb"),
        Route(
            base + "/{id:int}/bestanden/{file_id:int}/verwijderen",
            delete_file,
            methods=["POST"],
            name="practices:file_delete",
        ),
        *routes_learning.routes,
        *routes_meetings.routes,
    ]


routes = _routes()
