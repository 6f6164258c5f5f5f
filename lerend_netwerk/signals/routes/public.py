"""Public pages: report a threshold directly (anyone; partners add signals for their organisation) and
"Jullie zeiden, wij deden", the feedback page."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk import i18n
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.i18n import ngettext
from lerend_netwerk.networks.queries import organisation_of
from lerend_netwerk.networks.thresholds import active_types
from lerend_netwerk.signals import reports, service
from lerend_netwerk.signals.forms import parse_report
from lerend_netwerk.web import ratelimit
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for


def _is_partner(request: Request) -> bool:
    return request.state.visitor.logged_in and request.app.state.registry.policy.can(
        request.state.role, "signals.report_partner"
    )


async def _report_page(request: Request, form: Form | None = None, status: int = 200) -> Response:
    network = request.state.network
    thresholds = await request.app.state.db.read(active_types, network.id)
    organisation = None
    if _is_partner(request):
        organisation = await request.app.state.db.read(organisation_of, network.id, request.state.visitor.person.id)
    context = {
        "form": form or Form(),
        "partner": _is_partner(request),
        "organisation": organisation.name if organisation else "",
        "theme_options": [("", _("Weet ik niet"))] + [(t, t) for t in network.themes or []],
        "wijk_options": [("", _("Weet ik niet"))] + [(w, w) for w in network.neighbourhoods or []],
        "threshold_options": [("", _("Weet ik niet"))] + [(t.code, t.label) for t in thresholds],
    }
    return render(request, "signals/report.html", context, status_code=status)


@public
async def report_form(request: Request) -> Response:
    return await _report_page(request)


@public
async def report(request: Request) -> Response:
    if not await ratelimit.hit(request, "form"):
        raise HTTPException(429, _("Je stuurde veel meldingen kort na elkaar. Probeer het over een uur opnieuw."))
    network = request.state.network
    db = request.app.state.db
    thresholds = await db.read(active_types, network.id)
    partner = _is_partner(request)
    form = Form(await read_form(request))
    data = parse_report(form, network, thresholds, partner=partner)
    if not form.ok:
        return await _report_page(request, form, status=422)
    person = request.state.visitor.person
    await db.write(
        service.report,
        network.id,
        data,
        partner=partner,
        actor_id=person.id if person else None,
        language=i18n.current_locale.get(),
    )
    if data.contact_email:
        flash(request, _("Bedankt. De stuurgroep bekijkt je melding. Je krijgt een e-mail als er iets mee gebeurt."))
    else:
        flash(request, _("Bedankt. De stuurgroep bekijkt je melding. Wat ermee gebeurt, lees je later op onze pagina."))
    return RedirectResponse(path_for(request, "signals:report", network=network.slug), status_code=303)


@public
async def feedback_page(request: Request) -> Response:
    groups = await request.app.state.db.read(reports.published_feedback, request.state.network.id)
    links = request.app.state.registry.feedback_links
    # "1 persoon zei dit", "3 mensen zeiden dit": once per count on the page, not once per item
    people_labels = {
        n: ngettext("%(num)s persoon zei dit", "%(num)s mensen zeiden dit", n) % {"num": n}
        for n in {item.people_count for items in groups.values() for item in items}
    }
    context = {"groups": groups, "links": links, "people_labels": people_labels}
    return render(request, "signals/public_feedback.html", context)


routes = [
    Route("/n/{network}/melden", report_form, name="signals:report"),
    Route("/n/{network}/melden", report, methods=["POST"], name="signals:report_post"),
    Route("/n/{network}/jullie-zeiden-wij-deden", feedback_page, name="signals:feedback"),
]
