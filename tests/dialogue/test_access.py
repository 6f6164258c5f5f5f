"""The privacy promise: a participant's phone number, e-mail address and needs appear on no page that members,
steering, visitors or other networks can open. (Who may open which route is tests/test_permissions.py's job.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lerend_netwerk.dialogue.models import SignUp
from lerend_netwerk.dialogue.service import Needs
from lerend_netwerk.networks.models import Role
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session, sign
from tests.dialogue.matrix import CASES
from tests.factories import make_person

SECRET_PHONE = "0499 87 65 43"
SECRET_EMAIL = "verborgen.persoon@example.be"
SECRET_NEED = "Koerdisch-Sorani"


@pytest.fixture
def private_signup(db, network, people):  # noqa: ANN201
    table_id, session_id = make_session(db, network, people["facilitator"], capacity=1)
    sign(db, network, session_id, "Eerste", "eerste@example.be")
    result = sign(
        db,
        network,
        session_id,
        "Verborgen",
        SECRET_EMAIL,
        SECRET_PHONE,
        needs=Needs(interpreter=True, interpreter_language=SECRET_NEED),
    )
    return table_id, session_id, result


def test_contact_data_and_needs_stay_with_the_tables_facilitators(
    app, client, db, network, people, login_as, private_signup
):
    table_id, session_id, _ = private_signup
    other_facilitator = db.write_sync(make_person, network, Role.FACILITATOR, email="andere@zele.example")
    people = dict(people, other_facilitator=other_facilitator)
    get_routes = [c for c in CASES if c.method == "GET" and c.route not in ("dialogue:link",)]
    params = {"id": session_id, "table": table_id}
    for who in ("visitor", "participant", "member", "steering", "outsider", "other_facilitator"):
        if who == "other_facilitator":
            from lerend_netwerk.accounts import sessions

            client.cookies.clear()
            token = db.write_sync(sessions.start, other_facilitator.id, "test")
            client.cookies.set(sessions.cookie_name(app.state.settings, "ln_session"), token)
        else:
            login_as(who)
        for case in get_routes:
            wanted = {k: v for k, v in params.items() if "{" + k + "}" in _path_template(app, case.route)}
            path = app.url_path_for(case.route, network=network.slug, **{k: str(v) for k, v in wanted.items()})
            text = client.get(path).text
            for secret in (SECRET_PHONE, SECRET_EMAIL, SECRET_NEED, "eerste@example.be"):
                assert secret not in text, (who, path, secret)
    # …and the table's own facilitator and the coordinator do see them
    for who in ("facilitator", "coordinator"):
        login_as(who)
        page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer").text
        assert SECRET_PHONE in page and SECRET_EMAIL in page and SECRET_NEED in page


def _path_template(app, name: str) -> str:  # noqa: ANN001
    return next(r.path for r in app.routes if getattr(r, "name", None) == name)


def test_the_personal_link_shows_only_that_persons_signups(client, db, network, people, private_signup):
    _, _, result = private_signup
    page = client.get(f"/n/zele/dialoogtafels/link/{result.token}")
    assert page.status_code == 200
    assert "eerste@example.be" not in page.text and "Eerste" not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert client.get(f"/n/temse/dialoogtafels/link/{result.token}").status_code == 404


def test_another_networks_ids_are_not_found(client, db, network, other_network, people, login_as, private_signup):
    _, session_id, _ = private_signup
    login_as("outsider")  # coordinator of temse
    assert client.get(f"/n/temse/dialoogtafels/sessies/{session_id}").status_code == 404
    assert client.get(f"/n/temse/dialoogtafels/sessies/{session_id}/beheer").status_code == 404
    signup_id = db.read_sync(lambda s: s.scalar(select(SignUp.id).where(SignUp.email == SECRET_EMAIL)))
    page = client.get("/n/temse/dialoogtafels")
    response = client.post(
        f"/n/temse/dialoogtafels/sessies/{session_id}/inchecken/{signup_id}",
        data={"csrf_token": csrf_from(page.text), "aanwezig": "1"},
    )
    assert response.status_code == 404
