"""Practice pages anyone may use (what they see depends on what they may read): the list and search, the practice
card, its files, and following a practice."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.practices import queries, service
from lerend_netwerk.practices.access import viewer_of
from lerend_netwerk.practices.forms import page_labels
from lerend_netwerk.web.auth import login_required, public
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form
from lerend_netwerk.web.markdown import render_markdown
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render

# -- list and search -------------------------------------------------------------------------------------


@public
async def practice_list(request: Request) -> Response:
    form = Form(request.query_params)
    context = await request.app.state.db.read(
        queries.practice_list, request.state.network.id, viewer_of(request.state.visitor), form
    )
    context.update(page_labels(context["types"]), form=form, page_url=lambda n: _page_url(request, n))
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
    found = await request.app.state.db.read(
        queries.practice_page, request.state.network.id, path_id(request), viewer_of(request.state.visitor)
    )
    # The page's threshold labels (every type of the practice's network, retired ones too) replace the empty ones.
    context = page_labels(()) | found
    context.update(story=render_markdown(found["practice"].story), form=form or Form())
    return render(request, "practices/detail.html", context, status_code=status)


# -- files -----------------------------------------------------------------------------------------------


async def _serve(request: Request, *, thumb: bool) -> Response:
    found = await request.app.state.db.read(
        queries.readable_attachment,
        request.state.network.id,
        path_id(request),
        path_id(request, "file_id"),
        viewer_of(request.state.visitor),
    )
    name = found.thumb_name if thumb else found.stored_name
    path = request.app.state.settings.upload_dir / name if name else None
    if path is None or not path.is_file():
        raise NotFound()
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


# -- following -------------------------------------------------------------------------------------------


@login_required
async def follow(request: Request) -> Response:
    """Anyone who may read the practice can follow its comments by e-mail."""
    now = await request.app.state.db.write(
        service.toggle_follow, request.state.network.id, path_id(request), viewer=viewer_of(request.state.visitor)
    )
    flash(
        request,
        _("Je volgt deze praktijk. Je krijgt nieuwe reacties per e-mail.")
        if now
        else _("Je volgt deze praktijk niet meer."),
    )
    return back_to_practice(request)


def back_to_practice(request: Request, anchor: str = "") -> RedirectResponse:
    """303 to the practice card of the path's practice, at `anchor`."""
    url = request.url_for("practices:detail", network=request.state.network.slug, id=path_id(request))
    return RedirectResponse(f"{url}{anchor}", status_code=303)
