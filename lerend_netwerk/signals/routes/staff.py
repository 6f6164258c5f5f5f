"""The signals board for the stuurgroep: columns, one signal, moves, merges, follow-up and feedback."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.i18n import ngettext
from lerend_netwerk.networks import queries as network_queries
from lerend_netwerk.networks.models import Network
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.signals import mail, queries, service
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.forms import (
    follow_up_form,
    parse_follow_up,
    parse_merge,
    parse_move,
    read_filters,
)
from lerend_netwerk.signals.models import DECIDED, EVENT_LABELS, STATUS_LABELS, Status
from lerend_netwerk.signals.routes.cards import CardWriter
from lerend_netwerk.web.auth import requires, safe_next
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import is_htmx, render
from lerend_netwerk.web.urls import path_for

STATUS_OPTIONS = [(s.value, STATUS_LABELS[s]) for s in Status]


def actor(request: Request) -> int:
    return request.state.visitor.person.id


def source_labels(request: Request) -> dict[str, Any]:
    """Every source kind the platform's capabilities declare, with its label: the board learns them here."""
    return request.app.state.registry.source_labels


def common(request: Request) -> dict[str, Any]:
    # Labels resolved once per request: a board renders up to 700 cards, each with these.
    return {
        "status_labels": {k: str(v) for k, v in STATUS_LABELS.items()},
        "event_labels": EVENT_LABELS,
        "source_labels": {k: str(v) for k, v in source_labels(request).items()},
        "status_options": [(v, str(label)) for v, label in STATUS_OPTIONS],
    }


def filter_options(
    network: Network, thresholds: list[ThresholdType], sources: dict[str, Any]
) -> dict[str, list[tuple[str, Any]]]:
    return {
        "theme": [("", _("Alle thema's"))] + [(t, t) for t in network.themes or []],
        "wijk": [("", _("Alle wijken"))] + [(w, w) for w in network.neighbourhoods or []],
        "threshold": [("", _("Alle drempels"))] + [(t.code, t.label) for t in thresholds],
        "source": [("", _("Alle bronnen"))] + list(sources.items()),
    }


async def filters_of(request: Request) -> tuple[Form, Filters, list[ThresholdType]]:
    """The board's filters from the query string (the form, to show again, and the typed filters), and the
    network's thresholds they were checked against."""
    thresholds, form, filters = await request.app.state.db.read(
        read_filters, request.state.network, request.query_params, source_labels(request)
    )
    return form, filters, thresholds


async def board_context(request: Request, params: QueryParams, back: str) -> dict[str, Any]:
    """What the board (or its `#bord` part) shows for these query parameters (filters, one column, page)."""
    network = request.state.network
    only = params.get("kolom")
    only_status = Status(only) if only in {s.value for s in Status} else None
    labels = source_labels(request)
    thresholds, form, filters, page, view = await request.app.state.db.read(
        queries.board_page, network, params, labels, only_status
    )
    shared = common(request)
    return shared | {
        "form": form,
        "filters": filters,
        "columns": view.columns,
        "only": only_status,
        "page": page,
        "pairs": view.pairs,
        "filter_options": filter_options(network, thresholds, labels),
        "back": back,
        "write_cards": CardWriter(
            signals_path=path_for(request, "signals:board", network=network.slug),
            # each card's "Verplaats" link: the signal's move form, then back to this board as filtered
            move_query="?" + urlencode({"terug": back}) + "#verplaatsen",
            # "1 persoon", "3 mensen": once per count on the page, not once per card
            people_labels={
                n: ngettext("%(num)s persoon", "%(num)s mensen", n) % {"num": n}
                for n in {card.people_count for column in view.columns for card in column.cards}
            },
            source_labels=shared["source_labels"],
        ),
        "move_form": Form(),
    }


@requires("signals.view")
async def board_page(request: Request) -> Response:
    back = request.url.path + ("?" + request.url.query if request.url.query else "")
    context = await board_context(request, request.query_params, back)
    status = 200 if context["form"].ok else 422
    return render(request, "signals/board.html", context, status_code=status, partial="signals/_board.html")


async def _detail_page(
    request: Request, signal_id: int, forms: dict[str, Form] | None = None, status: int = 200, back: str = ""
) -> Response:
    network = request.state.network
    db = request.app.state.db
    detail = await db.read(queries.detail, network.id, signal_id)
    duplicates = await db.read(queries.duplicates_of, network.id, signal_id)
    panels = await db.read(queries.panels, request.app.state.registry.signal_panels, network.id, signal_id)
    people = await db.read(network_queries.people, network.id, staff_only=True)
    organisations = await db.read(network_queries.organisations, network.id)
    forms = forms or {}
    follow = detail.follow_up
    context = common(request) | {
        "d": detail,
        "panels": panels,
        "duplicates": duplicates,
        "dup_options": [(str(i), f"#{i} {title}") for i, title, _score in duplicates],
        "move_form": forms.get("move") or Form(),
        "follow_form": forms.get("follow") or follow_up_form(follow),
        "feedback_form": forms.get("feedback") or Form({"terugkoppeling": follow.feedback if follow else ""}),
        "merge_form": forms.get("merge") or Form(),
        "trekker_options": [("", _("Nog niemand"))]
        + [(f"p{p.id}", p.name) for p in people]
        + [(f"o{o.id}", o.name) for o in organisations],
        "partner_options": [("", _("Geen"))] + [(o.id, o.name) for o in organisations],
        "decided": detail.signal.status in DECIDED,
        "back": back if urlsplit(back).path == board_path(request) else "",
    }
    return render(request, "signals/detail.html", context, status_code=status)


def board_path(request: Request) -> str:
    return path_for(request, "signals:board", network=request.state.network.slug)


@requires("signals.view")
async def detail_page(request: Request) -> Response:
    """A signal's page; from a card's "Verplaats" link it carries `terug` (the board as it was filtered), so its move
    form leads back there."""
    return await _detail_page(request, path_id(request), back=safe_next(request.query_params.get("terug"), ""))


@requires("signals.manage")
async def move(request: Request) -> Response:
    """The signal page's own move form (no JavaScript needed); a card's "Verplaats" link leads to it."""
    return await _move(request, path_id(request), Form(await read_form(request)))


@requires("signals.manage")
async def move_on_board(request: Request) -> Response:
    """The board's one move form, shared by every card: board.js fills in the card dragged or chosen and htmx posts
    it. One form in place of one per card: a board of 100 cards was 160 KB of HTML, most of it move forms."""
    form = Form(await read_form(request))
    raw = str(form.value("signaal"))
    signal_id = int(raw) if len(raw) <= 10 and raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**31 else None
    if signal_id is None:
        # a hidden field board.js fills in: nothing a person typed, so a message for the form, not a field
        form.error("__all__", _("Kies de kaart die je wilt verplaatsen."))
        parse_move(form)  # what else is wrong, each at its field
        return await _refused_on_board(request, form, None)
    return await _move(request, signal_id, form, shared=True)


async def _refused_on_board(request: Request, form: Form, signal_id: int | None) -> Response:
    """The shared move form again, with each message at its field and what was typed: for htmx the form alone (it
    replaces itself in the open dialog); otherwise the board with the dialog open (the form sits in the closed
    dialog without JavaScript, so only a hand-made post lands here)."""
    board = board_path(request)
    back = str(form.value("terug"))
    if urlsplit(back).path != board or safe_next(back, "") != back:
        back = board
    context = {"move_form": form, "back": back} | ({"move_signal": signal_id} if signal_id else {})
    if is_htmx(request):
        return render(request, "signals/_move_form.html", common(request) | context, status_code=422)
    page = await board_context(request, QueryParams(urlsplit(back).query), back)
    return render(request, "signals/board.html", page | context, status_code=422)


async def _move(request: Request, signal_id: int, form: Form, *, shared: bool = False) -> Response:
    network = request.state.network
    db = request.app.state.db
    to, reason = parse_move(form)
    back = safe_next(
        form.value("terug") or None, path_for(request, "signals:detail", network=network.slug, id=signal_id)
    )
    if form.ok and to is not None:
        try:
            await db.write(service.move, network.id, signal_id, to, reason, actor_id=actor(request))
        except service.SignalError as exc:
            form.error(exc.field, exc.message)
    moved = _("Het signaal staat nu in de kolom “{column}”.").format(column=STATUS_LABELS[to]) if form.ok and to else ""
    if shared and not form.ok:
        return await _refused_on_board(request, form, signal_id)
    if is_htmx(request) and form.ok and urlsplit(back).path == board_path(request):
        # The board again as the no-JS redirect would show it (the card in its new column, the counts), in place
        # of the old one, and the message in the page's live region, so a screen reader hears it.
        context = await board_context(request, QueryParams(urlsplit(back).query), back)
        headers = {"HX-Retarget": "#bord", "HX-Reswap": "outerHTML"}
        return render(request, "signals/_moved.html", context | {"message": moved}, headers=headers)
    if not form.ok:
        return await _detail_page(request, signal_id, {"move": form}, status=422, back=back)
    flash(request, moved)
    return RedirectResponse(back, status_code=303)


@requires("signals.manage")
async def follow_up(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    signal_id = path_id(request)
    form = Form(await read_form(request))
    people = [p.id for p in await db.read(network_queries.people, network.id, staff_only=True)]
    organisations = [o.id for o in await db.read(network_queries.organisations, network.id)]
    data = parse_follow_up(form, people, organisations)
    if form.ok:
        try:
            await db.write(service.set_follow_up, network.id, signal_id, data, actor_id=actor(request))
        except service.SignalError as exc:
            form.error(exc.field, exc.message)
    if not form.ok:
        return await _detail_page(request, signal_id, {"follow": form}, status=422)
    flash(request, _("De opvolging is bewaard."))
    return RedirectResponse(path_for(request, "signals:detail", network=network.slug, id=signal_id), status_code=303)


@requires("signals.manage")
async def feedback(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    signal_id = path_id(request)
    form = Form(await read_form(request))
    text = form.text("terugkoppeling", max_length=4000, multiline=True)
    publish = form.value("publiceren") == "1"
    page = request.app.state.settings.base_url.rstrip("/") + path_for(request, "signals:feedback", network=network.slug)
    queued = 0
    if form.ok:
        try:
            queued = await db.write(
                mail.save_and_tell,
                network.id,
                signal_id,
                text,
                publish=publish,
                actor_id=actor(request),
                network_name=network.name,
                page=page,
            )
        except service.SignalError as exc:
            form.error(exc.field, exc.message)
    if not form.ok:
        return await _detail_page(request, signal_id, {"feedback": form}, status=422)
    if publish:
        flash(
            request,
            ngettext(
                "De terugkoppeling staat op de publieke pagina. {n} persoon krijgt een e-mail.",
                "De terugkoppeling staat op de publieke pagina. {n} mensen krijgen een e-mail.",
                queued,
            ).format(n=queued),
        )
    else:
        flash(request, _("De terugkoppeling is bewaard, maar nog niet gepubliceerd."))
    return RedirectResponse(path_for(request, "signals:detail", network=network.slug, id=signal_id), status_code=303)


@requires("signals.manage")
async def merge(request: Request) -> Response:
    network = request.state.network
    signal_id = path_id(request)
    form = Form(await read_form(request))
    others, reason = parse_merge(form)
    if form.ok:
        try:
            await request.app.state.db.write(
                service.merge, network.id, signal_id, others, reason, actor_id=actor(request)
            )
        except service.SignalError as exc:
            form.error(exc.field, exc.message)
    if not form.ok:
        return await _detail_page(request, signal_id, {"merge": form}, status=422)
    flash(request, _("De signalen zijn samengevoegd."))
    return RedirectResponse(path_for(request, "signals:detail", network=network.slug, id=signal_id), status_code=303)


routes = [
    Route("/n/{network}/signalen", board_page, name="signals:board"),
    Route("/n/{network}/signalen/{id:int}", detail_page, name="signals:detail"),
    Route("/n/{network}/signalen/verplaatsen", move_on_board, methods=["POST"], name="signals:move_on_board"),
    Route("/n/{network}/signalen/{id:int}/verplaatsen", move, methods=["POST"], name="signals:move"),
    Route("/n/{network}/signalen/{id:int}/opvolging", follow_up, methods=["POST"], name="signals:follow_up"),
    Route("/n/{network}/signalen/{id:int}/terugkoppeling", feedback, methods=["POST"], name="signals:feedback_save"),
    Route("/n/{network}/signalen/{id:int}/samenvoegen", merge, methods=["POST"], name="signals:merge"),
]
