"""The wijk view for the stuurgroep: one table comparing the wijken, one wijk's page; and the coordinator's wijk
figures, typed in or imported from a CSV."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.offers.access import viewer_of
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form, uploads
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for
from lerend_netwerk.work import service_figures, wijk_queries
from lerend_netwerk.work.models import ACTION_STATUS_LABELS
from lerend_netwerk.work.routes.staff import actor

MAX_CSV_BYTES = 1_000_000


def _wijken(request: Request) -> list[str]:
    return list(request.state.network.neighbourhoods or [])


@requires("work.wijken")
async def comparison(request: Request) -> Response:
    wijken = _wijken(request)
    found = await request.app.state.db.read(
        wijk_queries.comparison, request.state.network.id, wijken, viewer_of(request.state.visitor)
    )
    return render(
        request, "work/wijken.html", {"comparison": found, "numbers": {w: i for i, w in enumerate(wijken, 1)}}
    )


@requires("work.wijken")
async def wijk(request: Request) -> Response:
    wijken = _wijken(request)
    number = path_id(request, "nr")
    if not 1 <= number <= len(wijken):
        raise NotFound()
    page = await request.app.state.db.read(
        wijk_queries.wijk_page,
        request.state.network.id,
        wijken,
        wijken[number - 1],
        viewer_of(request.state.visitor),
    )
    return render(request, "work/wijk.html", {"page": page, "action_labels": ACTION_STATUS_LABELS})


async def _figures_page(request: Request, forms: dict[str, object] | None = None, status: int = 200) -> Response:
    rows = await request.app.state.db.read(wijk_queries.figures, request.state.network.id)
    forms = forms or {}
    context = {
        "rows": rows,
        "form": forms.get("figure") or Form(),
        "import_form": forms.get("import") or Form(),
        "problems": forms.get("problems") or [],
        "wijk_options": [("", _("Kies een wijk"))] + [(w, w) for w in _wijken(request)],
        "header": ",".join(service_figures.HEADER),
    }
    return render(request, "work/figures.html", context, status_code=status)


@requires("work.figures")
async def figures(request: Request) -> Response:
    return await _figures_page(request)


@requires("work.figures")
async def figure_save(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    wijk_name = form.choice("wijk", _wijken(request), required=True)
    year = form.integer("jaar", required=True, minimum=service_figures.MIN_YEAR, maximum=service_figures.MAX_YEAR)
    indicator = form.text("indicator", required=True, max_length=120)
    raw = form.text("waarde", required=True, max_length=20)
    value = service_figures.parse_value(raw) if raw else None
    if raw and "waarde" not in form.errors and value is None:
        form.error("waarde", _("Vul een getal in, bijvoorbeeld 18,4."))
    if not form.ok or wijk_name is None or year is None or value is None:
        return await _figures_page(request, {"figure": form}, status=422)
    figure = service_figures.Figure(wijk_name, year, indicator, value)
    await request.app.state.db.write(service_figures.save, network.id, [figure], actor_id=actor(request))
    flash(request, _("Het cijfer is bewaard."))
    return RedirectResponse(path_for(request, "work:figures", network=network.slug), status_code=303)


@requires("work.figures")
async def figure_import(request: Request) -> Response:
    network = request.state.network
    raw = await read_form(request)
    form = Form(raw)
    files = uploads(raw, "bestand")
    text = form.text("inhoud", max_length=MAX_CSV_BYTES, multiline=True)
    if files:
        data = await files[0].read(MAX_CSV_BYTES + 1)
        if len(data) > MAX_CSV_BYTES:
            form.error("bestand", _("Het bestand is te groot: hoogstens 1 MB."))
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    text = data.decode("cp1252")
                except UnicodeDecodeError:
                    form.error("bestand", _("We kunnen dit bestand niet lezen. Bewaar het als CSV (UTF-8)."))
    elif not text and form.ok:
        form.error("bestand", _("Kies een CSV-bestand of plak de regels in het tekstvak."))
    problems: list[str] = []
    if form.ok:
        try:
            parsed = service_figures.parse_csv(text, _wijken(request))
        except service_figures.ImportRefused as exc:
            problems = exc.problems
            form.error("bestand", _("Niets ingelezen: het bestand heeft fouten. Verbeter ze en probeer opnieuw."))
        else:
            count = await request.app.state.db.write(service_figures.save, network.id, parsed, actor_id=actor(request))
            flash(request, _("{n} cijfers ingelezen.").format(n=count))
            return RedirectResponse(path_for(request, "work:wijken", network=network.slug), status_code=303)
    return await _figures_page(request, {"import": form, "problems": problems}, status=422)
