"""Offer pages anyone may use (what they see depends on what they may read): the overview with its filters, the
offer's page with its map link and calendar file, the printable folder and verwijsfiche, and "this offer has a
threshold for me"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.offers import queries, service
from lerend_netwerk.offers.access import viewer_of
from lerend_netwerk.offers.forms import page_labels
from lerend_netwerk.offers.ics import build_ics
from lerend_netwerk.web import ratelimit
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for


def _filter_options(request: Request) -> dict[str, Any]:
    network = request.state.network
    return {"themes": list(network.themes or []), "neighbourhoods": list(network.neighbourhoods or [])}


@public
async def overview(request: Request) -> Response:
    form = Form(request.query_params)
    context = await request.app.state.db.read(
        queries.overview, request.state.network, viewer_of(request.state.visitor), form
    )
    context.update(page_labels() | _filter_options(request), form=form, page_url=lambda n: _page_url(request, n))
    context["folder_query"] = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "pagina"])
    return render(request, "offers/list.html", context, partial="offers/_results.html")


def _page_url(request: Request, number: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "pagina"] + [("pagina", str(number))]
    return "?" + urlencode(params)


def map_link(address: str, municipality: str) -> str:
    """A plain link to OpenStreetMap's search for the address (no map script on our pages)."""
    where = ", ".join(p for p in (address, municipality) if p)
    return "https://www.openstreetmap.org/search?" + urlencode({"query": where})


async def _page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    found = await request.app.state.db.read(
        queries.offer_page, request.state.network.id, path_id(request), viewer_of(request.state.visitor)
    )
    offer = found["offer"]
    context = page_labels() | found
    context.update(
        form=form or Form(),
        map_url=map_link(offer.address, found["names"]["municipality"]) if offer.address else "",
    )
    return render(request, "offers/detail.html", context, status_code=status)


@public
async def detail(request: Request) -> Response:
    return await _page(request)


@public
async def calendar(request: Request) -> Response:
    found = await request.app.state.db.read(
        queries.offer_page, request.state.network.id, path_id(request), viewer_of(request.state.visitor)
    )
    offer = found["offer"]
    if offer.starts_at is None:
        raise NotFound()
    base = request.app.state.settings.base_url.rstrip("/")
    url = base + path_for(request, "offers:detail", network=request.state.network.slug, id=offer.id)
    return Response(
        build_ics(offer, url=url),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="aanbod-{offer.id}.ics"'},
    )


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url` (segno, as the survey and code pages make theirs)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=False)


@public
async def referral(request: Request) -> Response:
    """The verwijsfiche: one printable page a worker hands a family. Nothing about the family is asked or kept."""
    found = await request.app.state.db.read(
        queries.offer_page, request.state.network.id, path_id(request), viewer_of(request.state.visitor)
    )
    offer = found["offer"]
    base = request.app.state.settings.base_url.rstrip("/")
    url = base + path_for(request, "offers:detail", network=request.state.network.slug, id=offer.id)
    context = page_labels() | found
    context.update(url=url, qr=qr_svg(url), map_url=map_link(offer.address, found["names"]["municipality"]))
    return render(request, "offers/referral.html", context)


@public
async def folder(request: Request) -> Response:
    """The printable folder of a wijk, an age band or a theme (the overview's filters), with a QR code per offer."""
    form = Form(request.query_params)
    network = request.state.network
    context = await request.app.state.db.read(queries.folder, network, viewer_of(request.state.visitor), form)
    base = request.app.state.settings.base_url.rstrip("/")
    codes = {}
    for offer in context["offers"]:
        slug = context["names"][offer.id]["slug"]
        codes[offer.id] = qr_svg(base + path_for(request, "offers:detail", network=slug, id=offer.id))
    context.update(page_labels() | _filter_options(request), form=form, codes=codes)
    return render(request, "offers/folder.html", context)


@public
async def threshold(request: Request) -> Response:
    """ "This offer has a threshold for me": a signal for the board, linked back to the offer. Anyone may say it."""
    if not await ratelimit.hit(request, "form"):
        raise HTTPException(429, _("Je stuurde veel meldingen kort na elkaar. Probeer het over een uur opnieuw."))
    network = request.state.network
    offer_id = path_id(request)
    form = Form(await read_form(request))
    description = form.text("drempel", required=True, max_length=1000, multiline=True)
    if not form.ok:
        return await _page(request, form, status=422)
    link = path_for(request, "offers:detail", network=network.slug, id=offer_id)
    await request.app.state.db.write(
        service.report_threshold,
        network.id,
        offer_id,
        description,
        viewer=viewer_of(request.state.visitor),
        link=link,
    )
    flash(request, _("Bedankt. De stuurgroep bekijkt wat je schreef. Wat ermee gebeurt, lees je later op onze pagina."))
    return RedirectResponse(f"{link}#drempel", status_code=303)


@public
async def photo(request: Request) -> Response:
    found = await request.app.state.db.read(
        queries.readable_photo,
        request.state.network.id,
        path_id(request),
        path_id(request, "photo_id"),
        viewer_of(request.state.visitor),
    )
    thumb = request.query_params.get("klein") == "1"
    name = found.thumb_name if thumb else found.stored_name
    path = request.app.state.settings.upload_dir / name if name else None
    if path is None or not path.is_file():
        raise NotFound()
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return Response(path.read_bytes(), media_type="image/webp" if thumb else found.content_type, headers=headers)
