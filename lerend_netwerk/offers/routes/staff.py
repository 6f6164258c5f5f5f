"""Offer pages for a staff role: the network's own offers (with those to confirm and those hidden for want of a
confirmation), publishing and editing an offer with a photo, and confirming that it is still current."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.offers import queries, service
from lerend_netwerk.offers.access import viewer_of
from lerend_netwerk.offers.forms import offer_values, page_labels, parse_offer
from lerend_netwerk.offers.models import Offer, Status
from lerend_netwerk.practices import uploads
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.forms import uploads as chosen_files
from lerend_netwerk.web.offload import offload
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render

PHOTO_FIELD = "foto"
MAX_PHOTOS = 4


@requires("offer.create")
async def manage(request: Request) -> Response:
    context = await request.app.state.db.read(
        queries.manage, request.state.network.id, viewer_of(request.state.visitor)
    )
    context.update(page_labels())
    return render(request, "offers/manage.html", context)


async def _form_page(request: Request, form: Form, offer: Offer | None = None, *, status: int = 200) -> Response:
    network = request.state.network
    context = await request.app.state.db.read(queries.form_context, network.id)
    photos = await request.app.state.db.read(queries.photos, offer.id) if offer else []
    context.update(
        page_labels(),
        form=form,
        offer=offer,
        photos=photos,
        threshold_options=[(t.code, t.label) for t in context["types"]],
        organisation_options=[(o.id, o.name) for o in context["organisations"]],
        practice_options=context["practices"],
        theme_options=[("", _("Geen thema"))] + [(t, t) for t in network.themes or []],
        wijk_options=[("", _("Geen wijk of de hele gemeente"))] + [(w, w) for w in network.neighbourhoods or []],
        max_mb=round(request.app.state.settings.max_upload_bytes / 1_000_000),
    )
    return render(request, "offers/form.html", context, status_code=status)


@requires("offer.create")
async def new(request: Request) -> Response:
    person = request.state.visitor.person
    org_id = await request.app.state.db.read(queries.organisation_id_of, request.state.network.id, person.id)
    form = Form(
        {
            "zichtbaarheid": "publiek",
            "organisatie": str(org_id or ""),
            "contact_naam": person.name,
            "contact_email": person.email or "",
            "talen": ["nl"],
            "deelnemen": "inschrijven",
        }
    )
    return await _form_page(request, form)


async def _editable(request: Request) -> Offer:
    offer, allowed = await request.app.state.db.read(
        queries.editable_offer, request.state.network.id, path_id(request), viewer_of(request.state.visitor)
    )
    if not allowed:
        raise HTTPException(403, _("Alleen je organisatie of de coördinator kan dit aanbod aanpassen."))
    return offer


@requires("offer.create")
async def edit(request: Request) -> Response:
    offer = await _editable(request)
    return await _form_page(request, Form(offer_values(offer)), offer)


@requires("offer.create")
async def create(request: Request) -> Response:
    return await _save(request, None)


@requires("offer.create")
async def update(request: Request) -> Response:
    return await _save(request, await _editable(request))


async def _photo(request: Request, raw: FormData, form: Form, existing: int) -> tuple[bytes, str] | None:
    """The chosen photo (checked by content) and its alt text, or None; refusals at the photo field."""
    files = chosen_files(raw, PHOTO_FIELD)
    alt = form.text("foto_alt", max_length=200)
    if not files:
        return None
    max_bytes = request.app.state.settings.max_upload_bytes
    upload = files[0]
    data = await upload.read(max_bytes + 1)
    if existing >= MAX_PHOTOS:
        form.error(PHOTO_FIELD, _("Een aanbod heeft hoogstens {max} foto's.").format(max=MAX_PHOTOS))
    elif len(data) > max_bytes:
        form.error(
            PHOTO_FIELD, _("Die foto is te groot. Ze mag hoogstens {max} MB zijn.").format(max=max_bytes // 1_000_000)
        )
    elif uploads.sniff(data) not in uploads.PHOTO_TYPES:
        form.error(PHOTO_FIELD, _("Dit is geen foto (JPEG, PNG of WebP). We kijken naar de inhoud, niet naar de naam."))
    elif not alt:
        form.error("foto_alt", _("Beschrijf kort wat op de foto staat, voor wie ze niet kan zien."))
    return (data, (upload.filename or "foto")[-120:]) if form.ok else None


async def _save(request: Request, offer: Offer | None) -> Response:
    network = request.state.network
    settings = request.app.state.settings
    db = request.app.state.db
    raw = await read_form(request)
    form = Form(raw)
    choices = await db.read(queries.choices, network, offer)
    data = parse_offer(form, choices)
    existing = len(await db.read(queries.photos, offer.id)) if offer else 0
    photo = await _photo(request, raw, form, existing)
    stored = None
    if form.ok and photo is not None:
        try:
            stored = await offload(
                request, uploads.store, settings.upload_dir, photo[1], photo[0], max_bytes=settings.max_upload_bytes
            )
        except uploads.UploadRefused as exc:
            form.error(PHOTO_FIELD, exc.message)
    if not form.ok:
        if chosen_files(raw, PHOTO_FIELD) and PHOTO_FIELD not in form.errors:
            form.error(PHOTO_FIELD, _("Kies je foto opnieuw: een browser onthoudt ze niet na een fout."))
        return await _form_page(request, form, offer, status=422)
    saved = await db.write(
        service.save,
        network.id,
        data,
        actor_id=request.state.visitor.person.id,
        offer_id=offer.id if offer else None,
        photo=stored,
        alt=form.value("foto_alt"),
    )
    if saved.status == Status.PUBLISHED:
        flash(request, _("Je aanbod is gepubliceerd. We vragen je elk half jaar per e-mail of het nog klopt."))
    else:
        flash(request, _("Je aanbod is bewaard als concept. Alleen de partners van je netwerk zien het."))
    return RedirectResponse(request.url_for("offers:detail", network=network.slug, id=saved.id), status_code=303)


@requires("offer.create")
async def confirm(request: Request) -> Response:
    network = request.state.network
    offer = await _editable(request)
    await request.app.state.db.write(service.confirm, network.id, offer.id, viewer=viewer_of(request.state.visitor))
    flash(request, _("Bedankt. Het aanbod staat als nagekeken op vandaag."))
    return RedirectResponse(request.url_for("offers:detail", network=network.slug, id=offer.id), status_code=303)
