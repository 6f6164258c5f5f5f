"""The signals board for the stuurgroep: columns, one signal, moves, merges, follow-up and feedback."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message
from lerend_netwerk.networks.thresholds import active_types
from lerend_netwerk.signals import board, workflow
from lerend_netwerk.signals.forms import parse_filters, parse_follow_up, parse_move
from lerend_netwerk.signals.models import Status
from lerend_netwerk.web.auth import requires, safe_next
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import is_htmx, render

STATUS_OPTIONS = [(s.value, board.STATUS_LABELS[s]) for s in Status]


def actor(request: Request) -> int:
    return request.state.visitor.person.id


def common(request: Request) -> dict[str, Any]:
    # Labels resolved once per request: a board renders up to 700 cards, each with these.
    network = request.state.network
    return {
        "status_labels": {k: str(v) for k, v in board.STATUS_LABELS.items()},
        "source_labels": {k: str(v) for k, v in board.SOURCE_LABELS.items()},
        "status_options": [(v, str(label)) for v, label in STATUS_OPTIONS],
        "status_choices": status_choices(),
        "signals_path": f"/n/{network.slug}/signalen",
    }


def status_choices() -> dict[Status, Markup]:
    """Each card's "naar kolom" <option>s, with its own column selected: made once per page, not once per card
    (a board of 100 cards spent a quarter of its time drawing the same seven options)."""
    options = [(Status(v), v, str(label)) for v, label in STATUS_OPTIONS]
    line = Markup('<option value="{}"{}>{}</option>')
    return {
        current: Markup("").join(
            line.format(value, Markup(" selected") if s == current else "", label) for s, value, label in options
        )
        for current, _v, _l in options
    }


def filter_options(network: Any, thresholds: list[Any]) -> dict[str, list[tuple[str, Any]]]:
    return {
        "theme": [("", _("Alle thema's"))] + [(t, t) for t in network.themes or []],
        "wijk": [("", _("Alle wijken"))] + [(w, w) for w in network.neighbourhoods or []],
        "threshold": [("", _("Alle drempels"))] + [(t.code, t.label) for t in thresholds],
        "source": [("", _("Alle bronnen"))] + [(k.value, label) for k, label in board.SOURCE_LABELS.items()],
    }


@requires("signals.view")
async def board_page(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    only = request.query_params.get("kolom")
    only_status = Status(only) if only in {s.value for s in Status} else None

    def load(session: Session) -> tuple[Any, ...]:  # one transaction: the filters need the network's thresholds
        thresholds = active_types(session, network.id)
        form, filters = parse_filters(request.query_params, network, thresholds)
        page = form.integer("pagina", minimum=1, maximum=1000) or 1
        columns = board.board(session, network.id, filters, only=only_status, page=page)
        pairs = [] if only_status else workflow.suggested_pairs(session, network.id)
        return thresholds, form, filters, page, columns, pairs

    thresholds, form, filters, page, columns, pairs = await db.read(load)
    context = common(request) | {
        "form": form,
        "filters": filters,
        "columns": columns,
        "only": only_status,
        "page": page,
        "pairs": pairs,
        "filter_options": filter_options(network, thresholds),
        "back": request.url.path + ("?" + request.url.query if request.url.query else ""),
    }
    status = 200 if form.ok else 422
    return render(request, "signals/board.html", context, status_code=status, partial="signals/_board.html")


async def _detail_page(
    request: Request, signal_id: int, forms: dict[str, Form] | None = None, status: int = 200
) -> Response:
    network = request.state.network
    db = request.app.state.db
    try:
        detail = await db.read(board.detail, network.id, signal_id)
    except LookupError:
        raise HTTPException(404) from None
    duplicates = await db.read(workflow.duplicates_of, network.id, signal_id)
    people = await db.read(board.staff, network.id)
    organisations = await db.read(board.organisations, network.id)
    forms = forms or {}
    follow = detail.follow_up
    follow_form = forms.get("follow") or Form(
        {
            "trekker": (f"p{follow.trekker_person_id}" if follow.trekker_person_id else "")
            or (f"o{follow.trekker_organisation_id}" if follow.trekker_organisation_id else ""),
            "beslissing": follow.decision,
            "actie": follow.action,
            "partner": str(follow.action_organisation_id or ""),
            "vervaldatum": follow.due_on.isoformat() if follow.due_on else "",
            "interne_nota": follow.internal_note,
        }
        if follow
        else {}
    )
    context = common(request) | {
        "d": detail,
        "duplicates": duplicates,
        "dup_options": [(str(i), f"#{i} {title}") for i, title, _score in duplicates],
        "move_form": forms.get("move") or Form(),
        "follow_form": follow_form,
        "feedback_form": forms.get("feedback") or Form({"terugkoppeling": follow.feedback if follow else ""}),
        "merge_form": forms.get("merge") or Form(),
        "trekker_options": [("", _("Nog niemand"))]
        + [(f"p{p.id}", p.name) for p in people]
        + [(f"o{o.id}", o.name) for o in organisations],
        "partner_options": [("", _("Geen"))] + [(o.id, o.name) for o in organisations],
        "decided": detail.signal.status in workflow.DECIDED,
    }
    return render(request, "signals/detail.html", context, status_code=status)


@requires("signals.view")
async def detail_page(request: Request) -> Response:
    return await _detail_page(request, path_id(request))


@requires("signals.manage")
async def move(request: Request) -> Response:
    """One endpoint for the plain form and for drag-and-drop (board.js posts this same form)."""
    network = request.state.network
    signal_id = path_id(request)
    form = Form(await read_form(request))
    to, reason = parse_move(form)
    back = safe_next(
        form.value("terug") or None, str(request.url_for("signals:detail", network=network.slug, id=signal_id))
    )
    if form.ok and to is not None:
        try:
            await request.app.state.db.write(workflow.move, network.id, signal_id, to, reason, actor_id=actor(request))
        except LookupError:
            raise HTTPException(404) from None
        except workflow.SignalError as exc:
            form.error(exc.field, str(exc))
    if is_htmx(request):
        try:
            card = await request.app.state.db.read(board.card, network.id, signal_id)
        except LookupError:
            raise HTTPException(404) from None
        context = common(request) | {"card": card, "card_form": form, "back": back}
        return render(request, "signals/_card.html", context, status_code=200 if form.ok else 422)
    if not form.ok:
        return await _detail_page(request, signal_id, {"move": form}, status=422)
    flash(request, _("Het signaal staat nu in de kolom “{column}”.").format(column=board.STATUS_LABELS[to]))
    return RedirectResponse(back, status_code=303)


@requires("signals.manage")
async def follow_up(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    signal_id = path_id(request)
    form = Form(await read_form(request))
    people = [p.id for p in await db.read(board.staff, network.id)]
    organisations = [o.id for o in await db.read(board.organisations, network.id)]
    data = parse_follow_up(form, people, organisations)
    if form.ok:
        try:
            await db.write(workflow.set_follow_up, network.id, signal_id, data, actor_id=actor(request))
        except LookupError:
            raise HTTPException(404) from None
    if not form.ok:
        return await _detail_page(request, signal_id, {"follow": form}, status=422)
    flash(request, _("De opvolging is bewaard."))
    return RedirectResponse(request.url_for("signals:detail", network=network.slug, id=signal_id), status_code=303)


@requires("signals.manage")
async def feedback(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    signal_id = path_id(request)
    form = Form(await read_form(request))
    text = form.text("terugkoppeling", max_length=4000, multiline=True)
    publish = form.value("publiceren") == "1"
    contacts: list[tuple[int, str]] = []
    if form.ok:
        try:
            contacts = await db.write(
                workflow.save_feedback, network.id, signal_id, text, publish=publish, actor_id=actor(request)
            )
        except LookupError:
            raise HTTPException(404) from None
        except workflow.SignalError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        return await _detail_page(request, signal_id, {"feedback": form}, status=422)
    sent, failed = _tell_contacts(request, contacts, text)
    await db.write(workflow.forget_contacts, sent)
    await db.write(workflow.release_contacts, failed)
    if publish:
        flash(
            request,
            _("De terugkoppeling staat op de publieke pagina. {n} mensen kregen een e-mail.").format(n=len(sent)),
        )
    else:
        flash(request, _("De terugkoppeling is bewaard, maar nog niet gepubliceerd."))
    return RedirectResponse(request.url_for("signals:detail", network=network.slug, id=signal_id), status_code=303)


def _tell_contacts(request: Request, contacts: list[tuple[int, str]], text: str) -> tuple[list[int], list[int]]:
    network = request.state.network
    page = request.app.state.settings.base_url.rstrip("/") + str(
        request.url_for("signals:feedback", network=network.slug).path
    )
    body = _(
        "Dag,\n\nU liet ons weten wat moeilijk loopt. De stuurgroep van {network} heeft het besproken.\n\n"
        "Dit is wat we doen:\n{text}\n\nAlles wat we met signalen doen, leest u op {page}\n\n"
        "Uw e-mailadres wissen we nu: u krijgt hierover geen mails meer.\n"
    ).format(network=network.name, text=text, page=page)
    sent, failed = [], []
    for contact_id, email in contacts:
        message = Message(to=email, subject=_("Wat we deden met uw signaal"), text=body)
        (sent if request.app.state.messenger.send(message) else failed).append(contact_id)
    return sent, failed


@requires("signals.manage")
async def merge(request: Request) -> Response:
    network = request.state.network
    signal_id = path_id(request)
    form = Form(await read_form(request))
    reason = form.text("reden", required=True, max_length=500)
    others: list[int] = []
    for raw in [*form.values_of("andere"), *form.values_of("nummer")]:
        if raw.strip():
            if not raw.strip().isdigit() or not 0 < int(raw) < 2**31:
                form.error("nummer", _("Vul het nummer van een signaal in, zonder letters."))
            else:
                others.append(int(raw))
    if not others:
        form.error("nummer", _("Kies minstens één ander signaal om samen te voegen."))
    if form.ok:
        try:
            await request.app.state.db.write(
                workflow.merge, network.id, signal_id, others, reason, actor_id=actor(request)
            )
        except LookupError:
            raise HTTPException(404) from None
        except workflow.SignalError as exc:
            form.error("nummer", str(exc))
    if not form.ok:
        return await _detail_page(request, signal_id, {"merge": form}, status=422)
    flash(request, _("De signalen zijn samengevoegd."))
    return RedirectResponse(request.url_for("signals:detail", network=network.slug, id=signal_id), status_code=303)


routes = [
    Route("/n/{network}/signalen", board_page, name="signals:board"),
    Route("/n/{network}/signalen/{id:int}", detail_page, name="signals:detail"),
    Route("/n/{network}/signalen/{id:int}/verplaatsen", move, methods=["POST"], name="signals:move"),
    Route("/n/{network}/signalen/{id:int}/opvolging", follow_up, methods=["POST"], name="signals:follow_up"),
    Route("/n/{network}/signalen/{id:int}/terugkoppeling", feedback, methods=["POST"], name="signals:feedback_save"),
    Route("/n/{network}/signalen/{id:int}/samenvoegen", merge, methods=["POST"], name="signals:merge"),
]
