"""Practice pages for a staff role: sharing and editing a practice (with files), its versions; learning together
on it (comments and hiding them, "we apply this too", following a network, to the signals board); and the
coordinator's page of threshold types."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.practices import queries, service, uploads
from lerend_netwerk.practices.access import viewer_of
from lerend_netwerk.practices.forms import page_labels, parse_practice, read_files
from lerend_netwerk.practices.markup import version_changes
from lerend_netwerk.practices.models import Practice, Status
from lerend_netwerk.practices.routes.public import back_to_practice, detail_page
from lerend_netwerk.web.auth import login_required, requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.offload import offload
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for

# -- sharing and editing ---------------------------------------------------------------------------------


async def _form_page(request: Request, form: Form, practice: Practice | None = None, *, status: int = 200) -> Response:
    context = await request.app.state.db.read(queries.practice_form, request.state.network.id, practice)
    options = [(t.code, t.label) for t in context["types"]]
    if practice is not None:
        options += [(c, c) for c in practice.threshold_codes if c not in {code for code, _l in options}]
    context.update(types_options=options, organisation_options=[(o.id, o.name) for o in context["organisations"]])
    context.update(
        page_labels(context["types"]),
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
    person = request.state.visitor.person
    org_id = await request.app.state.db.read(queries.organisation_id_of, request.state.network.id, person.id)
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
    practice, allowed = await request.app.state.db.read(
        queries.editable_practice, request.state.network.id, path_id(request), viewer_of(request.state.visitor)
    )
    if not allowed:
        raise HTTPException(403, _("Alleen je organisatie of de coördinator kan deze praktijk aanpassen."))
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
    codes, org_ids, existing = await db.read(queries.save_choices, network.id, practice)
    data = parse_practice(form, threshold_codes=codes, organisation_ids=org_ids)
    photo_text = form.text("foto_tekst", max_length=200)
    pending = await read_files(raw, form, existing=existing, max_bytes=settings.max_upload_bytes)
    stored: list[uploads.Stored] = []
    if form.ok:
        for item in pending:
            try:
                stored.append(
                    await offload(
                        request,
                        uploads.store,
                        settings.upload_dir,
                        item.filename,
                        item.data,
                        max_bytes=settings.max_upload_bytes,
                    )
                )
            except uploads.UploadRefused as exc:
                form.error(exc.field or uploads.FIELD, exc.message)
    if not form.ok:
        uploads.delete(settings.upload_dir, *[n for s in stored for n in (s.stored_name, s.thumb_name)])
        if pending and uploads.FIELD not in form.errors:
            form.error(uploads.FIELD, _("Kies je bestanden opnieuw: een browser onthoudt ze niet na een fout."))
        return await _form_page(request, form, practice, status=422)
    saved = await db.write(
        service.save,
        network.id,
        data,
        actor_id=request.state.visitor.person.id,
        practice_id=practice.id if practice else None,
        files=stored,
        photo_text=photo_text,
    )
    if saved.status == Status.PUBLISHED:
        flash(request, _("De praktijk is gepubliceerd."))
    else:
        flash(request, _("De praktijk is bewaard als concept. Alleen je netwerk ziet ze."))
    return RedirectResponse(request.url_for("practices:detail", network=network.slug, id=saved.id), status_code=303)


@requires("practice.create")
async def versions(request: Request) -> Response:
    practice, saved = await request.app.state.db.read(
        queries.version_history, request.state.network.id, path_id(request), viewer_of(request.state.visitor)
    )
    return render(
        request, "practices/versions.html", {"practice": practice, "changes": version_changes(practice, saved)}
    )


@requires("practice.create")
async def delete_file(request: Request) -> Response:
    practice = await _editable(request)
    found = await request.app.state.db.write(
        service.delete_attachment,
        request.state.network.id,
        practice.id,
        path_id(request, "file_id"),
        actor_id=request.state.visitor.person.id,
    )
    uploads.delete(request.app.state.settings.upload_dir, found.stored_name, found.thumb_name)
    flash(request, _("Het bestand is verwijderd."))
    return RedirectResponse(
        request.url_for("practices:edit", network=request.state.network.slug, id=practice.id), status_code=303
    )


# -- learning together -----------------------------------------------------------------------------------


@requires("practice.comment")
async def comment(request: Request) -> Response:
    form = Form(await read_form(request))
    body = form.text("reactie", required=True, max_length=3000, multiline=True)
    if not form.ok:
        return await detail_page(request, form, status=422)
    await request.app.state.db.write(
        service.add_comment, request.state.network.id, path_id(request), body, viewer=viewer_of(request.state.visitor)
    )
    flash(request, _("Je reactie staat bij de praktijk."))
    return back_to_practice(request, "#reacties")


@requires("practice.moderate")
async def hide_comment(request: Request) -> Response:
    form = Form(await read_form(request))
    reason = form.text("reden", required=True, max_length=300)
    comment_id = path_id(request, "comment_id")
    if not form.ok:
        flash(request, _("Geef een reden om de reactie te verbergen."), "error")
        return back_to_practice(request, "#reacties")
    await request.app.state.db.write(
        service.hide_comment,
        request.state.network.id,
        path_id(request),
        comment_id,
        reason,
        viewer=viewer_of(request.state.visitor),
    )
    flash(request, _("De reactie is verborgen. De reden staat in het logboek."))
    return back_to_practice(request, "#reacties")


@login_required
async def adopt(request: Request) -> Response:
    """Staff of any network that can read the practice say "we apply this too"; others may not."""
    who = viewer_of(request.state.visitor)
    if not who.staff_networks:
        raise HTTPException(403, _("Alleen partners en begeleiders kunnen zeggen dat hun gemeente dit ook doet."))
    form = Form(await read_form(request))
    network_id = form.integer("netwerk", required=True, minimum=1, maximum=2**31 - 1)
    note = form.text("notitie", max_length=500, multiline=True)
    if form.ok:
        try:
            await request.app.state.db.write(
                service.adopt, request.state.network.id, path_id(request), network_id or 0, note, viewer=who
            )
        except service.PracticeError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return await detail_page(request, form, status=422)
    flash(request, _("Bedankt! Je gemeente staat nu bij deze praktijk."))
    return back_to_practice(request, "#toegepast")


@requires("practice.follow")
async def follow_network(request: Request) -> Response:
    network = request.state.network
    now = await request.app.state.db.write(
        service.toggle_follow, network.id, None, viewer=viewer_of(request.state.visitor)
    )
    flash(
        request,
        _("Je krijgt nieuwe praktijken van dit netwerk per e-mail.")
        if now
        else _("Je krijgt geen e-mail meer over nieuwe praktijken."),
    )
    return RedirectResponse(request.url_for("practices:list", network=network.slug), status_code=303)


@requires("practice.to_signal")
async def to_signal(request: Request) -> Response:
    network = request.state.network
    practice_id = path_id(request)
    link = path_for(request, "practices:detail", network=network.slug, id=practice_id)
    await request.app.state.db.write(
        service.to_signal, network.id, practice_id, viewer=viewer_of(request.state.visitor), link=link
    )
    flash(request, _("De praktijk staat nu op het signalenbord."))
    return back_to_practice(request)


# -- threshold types (coordinator) -----------------------------------------------------------------------


async def _thresholds_page(
    request: Request, form: Form | None = None, *, status: int = 200, failed_id: int | None = None
) -> Response:
    types = await request.app.state.db.read(queries.threshold_types, request.state.network.id)
    return render(
        request,
        "practices/thresholds.html",
        {"types": types, "form": form or Form(), "failed_id": failed_id},
        status_code=status,
    )


@requires("practice.thresholds")
async def thresholds(request: Request) -> Response:
    return await _thresholds_page(request)


@requires("practice.thresholds")
async def threshold_add(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    label = form.text("nieuw_naam", required=True, max_length=80)
    explanation = form.text("nieuw_uitleg", max_length=300)
    if form.ok:
        try:
            await request.app.state.db.write(
                service.add_threshold_type, network.id, label, explanation, actor_id=request.state.visitor.person.id
            )
        except service.PracticeError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return await _thresholds_page(request, form, status=422)
    flash(request, _("De drempel is toegevoegd."))
    return RedirectResponse(request.url_for("practices:thresholds", network=network.slug), status_code=303)


@requires("practice.thresholds")
async def threshold_update(request: Request) -> Response:
    network = request.state.network
    type_id = path_id(request, "type_id")
    actor_id = request.state.visitor.person.id
    form = Form(await read_form(request))
    action = form.choice("actie", ["hernoemen", "intrekken", "terugzetten"], required=True)
    db = request.app.state.db
    if action == "hernoemen":
        label = form.text("naam", required=True, max_length=80)
        explanation = form.text("uitleg", max_length=300)
        if not form.ok:
            return await _thresholds_page(request, form, status=422, failed_id=type_id)
        await db.write(service.rename_threshold_type, network.id, type_id, label, explanation, actor_id=actor_id)
    elif action in ("intrekken", "terugzetten"):
        await db.write(
            service.retire_threshold_type, network.id, type_id, actor_id=actor_id, restore=action == "terugzetten"
        )
    else:
        return await _thresholds_page(request, form, status=422)
    flash(request, _("De drempel is aangepast."))
    return RedirectResponse(request.url_for("practices:thresholds", network=network.slug), status_code=303)
