from sqlalchemy import func, select

from lerend_netwerk.accounts import sessions
from lerend_netwerk.networks.models import Membership, Network, Role
from lerend_netwerk.networks.thresholds import ThresholdType
from tests.conftest import csrf_from
from tests.factories import make_person


def _login_admin(client, db, settings):
    admin = db.write_sync(make_person, name="Beheerder", email="admin@platform.example")
    db.write_sync(lambda s: setattr(s.get(type(admin), admin.id), "is_admin", True))
    client.cookies.set(sessions.cookie_name(settings, "ln_session"), db.write_sync(sessions.start, admin.id, "test"))
    return admin


def test_admin_creates_a_network_with_its_first_coordinator(client, db, settings):
    _login_admin(client, db, settings)
    page = client.get("/beheer")
    assert page.status_code == 200
    response = client.post(
        "/beheer",
        data={
            "naam": "Netwerk Sint-Niklaas",
            "slug": "sint-niklaas",
            "gemeente": "Sint-Niklaas",
            "soort": "local",
            "coordinator_naam": "Sara",
            "coordinator_email": "Sara@Sint-Niklaas.example",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 303
    assert "Netwerk Sint-Niklaas" in client.get("/").text

    def check(s):
        network = s.scalar(select(Network).where(Network.slug == "sint-niklaas"))
        roles = s.scalars(select(Membership.role).where(Membership.network_id == network.id)).all()
        types = s.scalar(select(func.count()).select_from(ThresholdType).where(ThresholdType.network_id == network.id))
        return roles, types

    roles, types = db.read_sync(check)
    assert roles == [Role.COORDINATOR]
    assert types == 9


def test_admin_form_keeps_values_and_explains_a_bad_web_address(client, db, settings, network):
    _login_admin(client, db, settings)
    page = client.get("/beheer")
    response = client.post(
        "/beheer",
        data={
            "naam": "<b>Netwerk</b>",
            "slug": "Zele!",
            "soort": "local",
            "coordinator_naam": "",
            "coordinator_email": "x",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 422
    assert "Gebruik alleen kleine letters" in response.text
    assert "&lt;b&gt;Netwerk&lt;/b&gt;" in response.text
    assert "<b>Netwerk</b>" not in response.text
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Network))) == 1


def test_network_address_already_taken_is_refused(client, db, settings, network):
    _login_admin(client, db, settings)
    page = client.get("/beheer")
    data = {
        "naam": "Nog een Zele",
        "slug": "zele",
        "soort": "local",
        "coordinator_naam": "A",
        "coordinator_email": "a@b.example",
    }
    response = client.post("/beheer", data=data | {"csrf_token": csrf_from(page.text)})
    assert response.status_code == 422
    assert "al in gebruik" in response.text
