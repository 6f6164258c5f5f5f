"""The person's own data pages (/mijn/gegevens) and the public privacy notice (/privacy)."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk import retention
from lerend_netwerk.accounts import mydata
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.auth import login_required, public
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render


def _person_id(request: Request) -> int:
    return request.state.visitor.person.id


async def _page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    data = await request.app.state.db.read(mydata.export, _person_id(request))
    person = data["person"]
    form = form or Form({"naam": person["name"], "email": person["email"] or "", "telefoon": person["phone"] or ""})
    sections = [(p.name, p.title, data.get(p.name, [])) for p in mydata.PROVIDERS]
    return render(
        request, "accounts/my_data.html", {"data": data, "sections": sections, "form": form}, status_code=status
    )


@login_required
async def my_data(request: Request) -> Response:
    return await _page(request)


@login_required
async def my_data_json(request: Request) -> Response:
    data = await request.app.state.db.read(mydata.export, _person_id(request))
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-gegevens.json"'},
    )


@login_required
async def correct(request: Request) -> Response:
    form = Form(await read_form(request))
    name = form.text("naam", required=True, max_length=120)
    email = form.email("email")
    phone = form.phone("telefoon")
    if form.ok:
        try:
            await request.app.state.db.write(mydata.correct, _person_id(request), name=name, email=email, phone=phone)
        except ValueError:
            form.error("email", _("Dit e-mailadres hoort al bij iemand anders."))
    if not form.ok:
        return await _page(request, form, status=422)
    flash(request, _("Uw gegevens zijn aangepast."))
    return RedirectResponse(request.url_for("my_data"), status_code=303)


@login_required
async def erase(request: Request) -> Response:
    form = Form(await read_form(request))
    if not form.boolean("bevestig"):
        form.error("bevestig", _("Vink aan dat u zeker bent. Wissen kan niet ongedaan worden."))
        return await _page(request, form, status=422)
    await request.app.state.db.write(mydata.erase, _person_id(request), actor_id=_person_id(request))
    request.scope["state"]["session_ended"] = True
    request.session.clear()
    flash(request, _("Al uw gegevens zijn gewist. Tellingen en anonieme antwoorden blijven, zonder uw naam."))
    return RedirectResponse("/", status_code=303)


@public
async def privacy(request: Request) -> Response:
    settings = request.app.state.settings
    values = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    promises = [str(rule.promise).format(**values) for rule in retention.RULES]
    return render(request, "accounts/privacy.html", {"promises": promises})


routes = [
    Route("/mijn/gegevens", my_data, name="my_data"),
    Route("/mijn/gegevens", correct, methods=["POST"], name="my_data_correct"),
    Route("/mijn/gegevens.json", my_data_json, name="my_data_json"),
    Route("/mijn/gegevens/wissen", erase, methods=["POST"], name="my_data_erase"),
    Route("/privacy", privacy, name="privacy"),
]
