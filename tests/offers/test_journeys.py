"""Done when: a member publishes an offer with a reduced price and a schedule; a visitor finds it by age, wijk and
"gratis" (without JavaScript here: plain GET forms; the htmx partial too); a worker prints the folder of a wijk and a
verwijsfiche; an unconfirmed offer disappears from the public list after a year (clock moved) and its organisation
got the reminder mail once; "this offer has a threshold for me" reaches the board with a link back."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from lerend_netwerk import periodic
from lerend_netwerk.db import utcnow
from lerend_netwerk.offers import queries as offer_queries
from lerend_netwerk.offers.models import Offer
from lerend_netwerk.registry import Registry
from lerend_netwerk.signals.models import Signal, SignalSource
from tests.conftest import csrf_from
from tests.offers.helpers import make_offer, offer_form
from tests.smtp import body_of


def _publish(client, login_as, **overrides) -> str:
    login_as("member")
    page = client.get("/n/zele/aanbod/nieuw")
    assert page.status_code == 200
    response = client.post("/n/zele/aanbod/nieuw", data=offer_form(csrf_from(page.text), **overrides))
    assert response.status_code == 303, response.text
    return response.headers["location"].removeprefix("http://testserver")


def test_member_publishes_an_offer_with_reduced_price_and_schedule(client, login_as):
    location = _publish(client, login_as)
    page = client.get(location)
    assert "Je aanbod is gepubliceerd" in page.text
    assert "Gewone prijs: €\xa06,00" in page.text
    assert "Verminderd tarief: €\xa01,50" in page.text
    assert "Met je UiTPAS krijg je korting." in page.text
    assert "Elke zondag van 10 tot 12 uur" in page.text
    assert "Je mag gewoon komen, zonder inschrijven" in page.text
    assert "https://www.openstreetmap.org/search?query=Gentsesteenweg+20" in page.text
    assert "<script" not in page.text.split("</head>")[1]  # no map script, only a link
    assert "/agenda.ics" not in page.text  # a schedule, no date: nothing to put in a calendar


def test_a_dated_offer_has_a_calendar_file(client, login_as):
    location = _publish(client, login_as, wanneer="", start="2027-02-24T14:00", einde="2027-02-24T16:00")
    page = client.get(location)
    assert "agenda.ics" in page.text
    ics = client.get(f"{location}/agenda.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    assert b"SUMMARY:Zwemmen voor het hele gezin" in ics.content
    assert b"DTSTART;TZID=Europe/Brussels:20270224T140000" in ics.content


def test_visitor_finds_it_by_age_wijk_and_price_without_javascript(client, login_as, db, network, people):
    _publish(client, login_as)
    make_offer(db, network, people["member"], title="Gratis huiswerkklas", neighbourhood="Kouter", price_cents=0)
    make_offer(db, network, people["member"], title="Dure cursus", neighbourhood="Kouter", price_cents=9000)
    make_offer(db, network, people["member"], title="Jongerencafé", age_bands=["jongeren"], neighbourhood="Kouter")
    login_as("visitor")

    def titles(**params) -> set[str]:
        text = client.get("/n/zele/aanbod", params=params).text
        wanted = ("Zwemmen voor het hele gezin", "Gratis huiswerkklas", "Dure cursus", "Jongerencafé")
        return {t for t in wanted if t in text}

    assert titles(leeftijd="kinderen", wijk="Kouter", prijs="korting") == {
        "Zwemmen voor het hele gezin",
        "Gratis huiswerkklas",
    }
    assert titles(leeftijd="kinderen", wijk="Kouter", prijs="gratis") == {"Gratis huiswerkklas"}
    assert titles(leeftijd="jongeren") == {"Jongerencafé"}
    assert titles(zonder_inschrijven="1", spreekt="fr") == {"Zwemmen voor het hele gezin"}
    assert titles(q="zwembeurt") == set()
    assert titles(q="zwemmen gezinnen") == {"Zwemmen voor het hele gezin"}
    assert titles(wijk="Bestaat niet", leeftijd="<script>") == {  # bad values are left out: they only narrow
        "Zwemmen voor het hele gezin",
        "Gratis huiswerkklas",
        "Dure cursus",
        "Jongerencafé",
    }
    # with htmx the same filters answer with the results only
    partial = client.get("/n/zele/aanbod", params={"prijs": "gratis"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<section id="resultaten"') and "Gratis huiswerkklas" in partial.text


def test_a_worker_prints_the_folder_of_a_wijk_and_a_verwijsfiche(client, login_as, db, network, people):
    location = _publish(client, login_as)
    make_offer(db, network, people["member"], title="Speelpleinwerking Heikant", neighbourhood="Heikant")
    login_as("facilitator")
    folder = client.get("/n/zele/aanbod/folder", params={"wijk": "Kouter"})
    assert folder.status_code == 200
    assert "Aanbod in Zele · wijk Kouter" in folder.text
    assert "Zwemmen voor het hele gezin" in folder.text and "Speelpleinwerking Heikant" not in folder.text
    assert folder.text.count("<svg") == 1  # a QR code per offer
    sheet = client.get(f"{location}/verwijsfiche")
    assert "Vraag naar: Jan Peeters" in sheet.text and "Bus 34, halte Zwembad." in sheet.text
    assert "<svg" in sheet.text
    main = sheet.text.split('<main id="inhoud"')[1].split("</main>")[0]
    assert "<input" not in main and "<form" not in main  # nothing about the family is asked, so nothing is stored


def test_an_unconfirmed_offer_disappears_after_a_year_and_its_organisation_was_reminded_once(
    client, login_as, db, settings, outbox
):
    location = _publish(client, login_as)
    registry = Registry.build()
    start = utcnow()
    # The outbox stamps a message with the real time; a year on, the mail log's retention would take a message
    # queued in the same run for an old one. Keep the log longer than the clock moves.
    settings = replace(settings, outbox_keep_days=3650)
    periodic.run_due(settings, registry, db, now=start)
    outbox.clear()
    for days in (100, 190, 191, 250, 300):
        periodic.run_due(settings, registry, db, now=start + timedelta(days=days))
    assert [m["To"].addresses[0].addr_spec for m in outbox] == ["zwembad@zele.example"]
    assert outbox[0]["Subject"] == "Klopt je aanbod nog? Zwemmen voor het hele gezin"
    assert f"{location}/bewerken" in body_of(outbox[0])
    login_as("visitor")
    assert "Zwemmen voor het hele gezin" in client.get("/n/zele/aanbod").text
    periodic.run_due(settings, registry, db, now=start + timedelta(days=366))
    assert "Zwemmen voor het hele gezin" not in client.get("/n/zele/aanbod").text
    assert "Zwemmen voor het hele gezin" not in client.get("/n/zele/aanbod/folder").text
    assert len(outbox) == 1  # the reminder went once
    login_as("coordinator")
    manage = client.get("/n/zele/aanbod/beheer")
    hidden = manage.text.split('id="verborgen"')[1].split("</section>")[0]
    assert "Zwemmen voor het hele gezin" in hidden
    # the organisation confirms: it is back
    login_as("member")
    page = client.get(location)
    assert client.post(f"{location}/bevestigen", data={"csrf_token": csrf_from(page.text)}).status_code == 303
    login_as("visitor")
    assert "Zwemmen voor het hele gezin" in client.get("/n/zele/aanbod").text
    assert db.read_sync(lambda s: s.scalar(select(Offer.expired_at))) is None


def test_this_offer_has_a_threshold_for_me_reaches_the_board_with_a_link_back(client, login_as, db):
    location = _publish(client, login_as)
    login_as("visitor")
    page = client.get(location)
    empty = client.post(f"{location}/drempel", data={"csrf_token": csrf_from(page.text), "drempel": ""})
    assert empty.status_code == 422 and "Vul dit veld in." in empty.text
    sent = client.post(
        f"{location}/drempel", data={"csrf_token": csrf_from(page.text), "drempel": "De bus rijdt niet op zondag."}
    )
    assert sent.status_code == 303
    signal, source = db.read_sync(lambda s: s.execute(select(Signal, SignalSource).join(SignalSource)).one())
    assert signal.description == "De bus rijdt niet op zondag."
    assert source.kind == "offer" and source.link == location
    login_as("steering")
    board_page = client.get(f"/n/zele/signalen/{signal.id}")
    assert f'href="{location}"' in board_page.text or f'href="http://testserver{location}"' in board_page.text


def test_bad_input_comes_back_at_the_field_with_the_input_kept(client, login_as):
    login_as("member")
    page = client.get("/n/zele/aanbod/nieuw")
    data = offer_form(csrf_from(page.text), prijs="zes euro", einde="2027-01-01T10:00", start="2027-01-01T12:00")
    data.update(contact_email="geen-adres", leeftijd=[])
    response = client.post("/n/zele/aanbod/nieuw", data=data)
    assert response.status_code == 422
    assert "Schrijf een bedrag in euro, zoals 5 of 2,50." in response.text
    assert "Het einde moet na het begin liggen." in response.text
    assert "Dit is geen geldig e-mailadres." in response.text
    assert "Kies minstens één mogelijkheid." in response.text
    assert 'value="zes euro"' in response.text and "Zwemmen voor het hele gezin" in response.text
    assert 'id="veld-prijs-fout"' in response.text


def test_the_overview_pages_show_each_offer_once_and_a_page_past_the_end_shows_the_last(
    client, login_as, db, network, people, monkeypatch
):
    """The count comes with the page's ids (one statement); a page past the end still gets the count and the last
    page, not an empty one."""
    monkeypatch.setattr(offer_queries, "PAGE_SIZE", 2)
    titles = [f"Kookles {n}" for n in range(1, 6)]
    for title in titles:
        make_offer(db, network, people["member"], title=title)
    login_as("visitor")

    def shown(number: int) -> tuple[str, list[str]]:
        text = client.get("/n/zele/aanbod", params={"pagina": number}).text
        return text, re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", text)

    seen = []
    for number in (1, 2, 3):
        text, found = shown(number)
        assert "5 aanbod gevonden" in text
        seen += found
    assert seen == list(reversed(titles))
    text, found = shown(9)
    assert "5 aanbod gevonden" in text
    assert found == [titles[0]]
