"""Money as Belgians type and read it, what the privacy machinery does with an offer, and the retention rule for
the contact of an offer that stays hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lerend_netwerk import retention
from lerend_netwerk.db import utcnow
from lerend_netwerk.offers import service
from lerend_netwerk.offers.forms import cents_of, money
from lerend_netwerk.offers.models import Offer
from lerend_netwerk.registry import Registry
from lerend_netwerk.web.forms import Form
from tests.offers.helpers import make_offer


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("5", 500),
        ("2,50", 250),
        ("2.50", 250),
        ("€ 1.250,00", 125_000),
        ("1 250,5", 125_050),
        ("gratis", 0),
        ("0", 0),
        ("", None),
    ],
)
def test_amounts_as_belgians_type_them(typed, cents):
    form = Form({"prijs": typed})
    assert cents_of(form, "prijs") == cents and form.ok


@pytest.mark.parametrize("typed", ["vijf", "1e309", "NaN", "-3", "2,555", "99999999", "5 euro 50"])
def test_a_bad_amount_gets_a_message_at_its_field(typed):
    form = Form({"prijs": typed})
    assert cents_of(form, "prijs") is None
    assert "prijs" in form.errors and form.data["prijs"] == typed.strip()


def test_money_reads_like_a_belgian_price():
    assert money(250) == "€\xa02,50"
    assert money(0) == "gratis"
    assert money(None) == ""


def test_the_contact_of_an_offer_hidden_for_a_year_is_erased(db, network, people, settings):
    hidden = make_offer(db, network, people["member"], title="Verborgen aanbod", contact_phone="052 11 22 33")
    current = make_offer(db, network, people["member"], title="Lopend aanbod")
    now = utcnow()

    def hide(s):  # noqa: ANN001, ANN202
        s.get(Offer, hidden.id).expired_at = now - timedelta(days=400)

    db.write_sync(hide)
    report = db.write_sync(retention.run, settings, Registry.build())
    assert report["offer_contacts"] == 1
    rows = db.read_sync(lambda s: {o.title: o for o in s.scalars(select(Offer))})
    assert (rows["Verborgen aanbod"].contact_name, rows["Verborgen aanbod"].contact_phone) == ("", "")
    assert rows["Lopend aanbod"].contact_email == "sara@zele.example"
    assert db.write_sync(retention.run, settings, Registry.build())["offer_contacts"] == 0
    assert current.id != hidden.id


def test_an_edit_counts_as_a_check_and_shows_a_hidden_offer_again(db, network, people, client, login_as):
    offer = make_offer(db, network, people["member"])

    def age(s):  # noqa: ANN001, ANN202
        row = s.get(Offer, offer.id)
        row.checked_on = row.checked_on - timedelta(days=400)
        row.expired_at = utcnow()

    db.write_sync(age)
    login_as("visitor")
    assert "Huiswerkklas op woensdag" not in client.get("/n/zele/aanbod").text
    data = {"title": "Huiswerkklas op woensdag"}
    db.write_sync(service.save, network.id, data, actor_id=people["member"].id, offer_id=offer.id)
    assert "Huiswerkklas op woensdag" in client.get("/n/zele/aanbod", params={"prijs": "gratis"}).text
