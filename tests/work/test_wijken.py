"""The wijk view: a coordinator imports wijk figures from a CSV (a file with bad lines is refused whole, with a
message per line, and nothing is written), types one in, and the stuurgroep compares the wijken side by side;
counts of people follow the k >= 5 rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from lerend_netwerk.offers.models import Status
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.work.models import WijkFigure
from tests.conftest import csrf_from
from tests.work.helpers import make_action

GOOD = """wijk;jaar;indicator;waarde
Centrum;2024;Kinderen in kansarmoede (%);14,2
Centrum;2025;Kinderen in kansarmoede (%);15,1
Kouter;2025;Kinderen in kansarmoede (%);22,8
Heikant;2025;Kinderen in kansarmoede (%);9,5
"""

BAD = """wijk,jaar,indicator,waarde
Centrum,2025,Kinderen in kansarmoede (%),15.1
Atlantis,2025,Kinderen in kansarmoede (%),3
Kouter,twintig,Kinderen in kansarmoede (%),22.8
Heikant,2025,Kinderen in kansarmoede (%),veel
"""


def _cells(row: str) -> list[str]:
    """The <td> texts of one table row's html."""
    return [cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:]]


def _count(db) -> int:  # noqa: ANN001
    return db.read_sync(lambda s: s.scalar(select(func.count()).select_from(WijkFigure)))


def test_a_coordinator_imports_figures_and_the_stuurgroep_compares_the_wijken(client, login_as, db, network, people):
    login_as("coordinator")
    csrf = csrf_from(client.get("/n/zele/wijkcijfers").text)
    refused = client.post(
        "/n/zele/wijkcijfers/import",
        data={"csrf_token": csrf},
        files={"bestand": ("cijfers.csv", BAD.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    assert "Niets ingelezen" in refused.text
    assert "Regel 3: de wijk “Atlantis” kent dit netwerk niet." in refused.text
    assert "Regel 4: “twintig” is geen jaartal zoals 2025." in refused.text
    assert "Regel 5: “veel” is geen getal." in refused.text
    assert "Regel 2" not in refused.text
    assert _count(db) == 0  # nothing half-imported

    done = client.post(
        "/n/zele/wijkcijfers/import",
        data={"csrf_token": csrf},
        files={"bestand": ("cijfers.csv", GOOD.encode(), "text/csv")},
    )
    assert done.status_code == 303 and _count(db) == 4
    typed = client.post(
        "/n/zele/wijkcijfers",
        data={"csrf_token": csrf, "wijk": "Kouter", "jaar": "2025", "indicator": "Leefloners", "waarde": "abc"},
    )
    assert typed.status_code == 422 and "Vul een getal in" in typed.text and 'value="Leefloners"' in typed.text
    typed = client.post(
        "/n/zele/wijkcijfers",
        data={"csrf_token": csrf, "wijk": "Kouter", "jaar": "2025", "indicator": "Leefloners", "waarde": "41"},
    )
    assert typed.status_code == 303 and _count(db) == 5

    # signals: Kouter has 12 people behind its signals, Heikant 3 (hidden), Centrum 6
    def add(session) -> None:  # noqa: ANN001
        for wijk, people_count, theme in (
            ("Kouter", 7, "kind"),
            ("Kouter", 5, "taal"),
            ("Heikant", 3, "kind"),
            ("Centrum", 6, "werk"),
        ):
            receive(
                session,
                network.id,
                Incoming(
                    title=f"Drempel in {wijk}",
                    kind="direct",
                    neighbourhood=wijk,
                    theme=theme,
                    people_count=people_count,
                ),
                actor_id=None,
            )

    db.write_sync(add)
    make_action(db, network, people, wijk="Kouter")

    login_as("steering")
    page = client.get("/n/zele/wijken").text
    assert "Kinderen in kansarmoede (%)" in page and "22.8" in page and "15.1" in page and "(2025)" in page
    kouter = page.split("Kouter</a>")[1].split("</tr>")[0]
    assert "<td>12</td>" in kouter and "<td>1</td>" in kouter  # 12 people, 1 running action
    heikant = page.split("Heikant</a>")[1].split("</tr>")[0]
    assert "<td>3</td>" not in heikant and "verborgen" in heikant  # 3 people: hidden

    wijk = client.get("/n/zele/wijken/2").text  # Kouter, the second wijk
    assert "Wijk Kouter" in wijk and "Leefloners" in wijk and "Sportkampen aan kansentarief" in wijk
    assert "kind" in wijk and "taal" in wijk
    assert client.get("/n/zele/wijken/9").status_code == 404
    login_as("member")
    assert client.get("/n/zele/wijken").status_code == 403


def test_dialogue_sessions_held_in_a_wijk_count_for_it(client, login_as, db, network, people):
    from lerend_netwerk.dialogue.models import DialogueTable, TableSession

    def add(session) -> None:  # noqa: ANN001
        table = DialogueTable(network_id=network.id, name="Dialoogtafel Kouter")
        session.add(table)
        session.flush()
        start = datetime.now(UTC) - timedelta(days=30)
        session.add(
            TableSession(
                network_id=network.id,
                table_id=table.id,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place="Buurthuis Kouter",
            )
        )

    db.write_sync(add)
    login_as("steering")
    kouter = client.get("/n/zele/wijken").text.split("Kouter</a>")[1].split("</tr>")[0]
    assert _cells(kouter)[-2:] == ["1", "0"]  # one session held there, no offers
    assert "Dialoogtafel Kouter" in client.get("/n/zele/wijken/2").text


def test_a_session_gets_its_wijk_in_the_form_and_counts_for_that_wijk(client, login_as, db, network, people):
    """The facilitator picks the wijk from the network's list; the session page shows it, and the wijk view counts
    the session for that wijk, whatever its place says. A session without a wijk still counts by its place."""
    from lerend_netwerk.dialogue.models import TableSession
    from tests.dialogue.helpers import make_session

    _table, chosen = make_session(db, network, people["facilitator"], name="Dialoogtafel wonen")
    _other, untagged = make_session(db, network, people["facilitator"], name="Dialoogtafel werk")
    login_as("facilitator")
    url = f"/n/zele/dialoogtafels/sessies/{chosen}/wijzigen"
    form = client.get(url).text
    options = form.split('name="wijk"')[1].split("</select>")[0]
    assert [o.split(">")[1].split("<")[0] for o in options.split("<option")[1:]] == [
        "Geen wijk",
        "Centrum",
        "Kouter",
        "Heikant",
    ]
    start = form.split('name="start"')[1].split('value="')[1].split('"')[0]
    values = {
        "csrf_token": csrf_from(form),
        "start": start,
        "duur": "120",
        "plaats": "Buurthuis Kouter",  # the text names another wijk: the field decides
        "adres": "Kerkstraat 1, Zele",
        "plaatsen": "12",
        "inschrijven_tot": "0",
        "vergoeding": "25",
    }
    forged = client.post(url, data=values | {"wijk": "Atlantis"})
    assert forged.status_code == 422
    field = forged.text.split('name="wijk"')[0].rsplit('<div class="field', 1)[1]
    assert "Kies een van de mogelijkheden uit de lijst." in field
    assert 'value="Buurthuis Kouter"' in forged.text  # what was typed comes back
    assert client.post(url, data=values | {"wijk": "Heikant"}).status_code == 303
    page = client.get(f"/n/zele/dialoogtafels/sessies/{chosen}").text
    assert "<dt>Wijk</dt><dd>Heikant</dd>" in page

    def held(s) -> None:  # noqa: ANN001 - both sessions took place last month
        for session_id, place in ((chosen, None), (untagged, "Buurthuis Kouter")):
            row = s.get(TableSession, session_id)
            row.starts_at -= timedelta(days=40)
            row.ends_at -= timedelta(days=40)
            row.signup_deadline = None
            row.place = place or row.place

    db.write_sync(held)
    login_as("steering")
    table = client.get("/n/zele/wijken").text
    assert _cells(table.split("Heikant</a>")[1].split("</tr>")[0])[-2] == "1"
    assert _cells(table.split("Kouter</a>")[1].split("</tr>")[0])[-2] == "1"  # only the one without a wijk
    assert _cells(table.split("Centrum</a>")[1].split("</tr>")[0])[-2] == "0"
    heikant = client.get("/n/zele/wijken/3").text
    assert "Dialoogtafel wonen" in heikant and "Dialoogtafel werk" not in heikant
    kouter = client.get("/n/zele/wijken/2").text
    assert "Dialoogtafel werk" in kouter and "Dialoogtafel wonen" not in kouter


def test_the_wijk_view_shows_the_current_offers_there(client, login_as, db, network, people):
    from lerend_netwerk.offers.models import Offer, Visibility
    from tests.offers.helpers import make_offer

    member = people["member"]
    swim = make_offer(db, network, member, title="Zwemles in de Kouter", neighbourhood="Kouter")
    make_offer(
        db, network, member, title="Naaiatelier voor het netwerk", neighbourhood="Kouter", visibility=Visibility.NETWORK
    )
    make_offer(db, network, member, title="Huiswerkklas in Heikant", neighbourhood="Heikant")
    stale = make_offer(db, network, member, title="Verouderd aanbod in de Kouter", neighbourhood="Kouter")
    make_offer(db, network, member, title="Een ontwerp in de Kouter", neighbourhood="Kouter", status=Status.DRAFT)

    def age(s) -> None:  # noqa: ANN001
        s.get(Offer, stale.id).checked_on -= timedelta(days=400)  # not confirmed for a year: hidden

    db.write_sync(age)
    for role in ("coordinator", "steering"):
        login_as(role)
        kouter = client.get("/n/zele/wijken/2").text
        offers = kouter.split("Aanbod in deze wijk")[1].split("<h2>")[0]
        assert "Zwemles in de Kouter" in offers and "Naaiatelier voor het netwerk" in offers
        assert "Huiswerkklas in Heikant" not in offers and "Verouderd aanbod" not in offers
        assert "Een ontwerp" not in offers
        assert f'href="/n/zele/aanbod/{swim.id}"' in offers  # each offer links to its own page
        assert 'href="/n/zele/aanbod?wijk=Kouter"' in offers
        heikant = client.get("/n/zele/wijken/3").text.split("Aanbod in deze wijk")[1].split("<h2>")[0]
        assert "Huiswerkklas in Heikant" in heikant and "Zwemles" not in heikant
        assert "Nog geen aanbod in deze wijk." in client.get("/n/zele/wijken/1").text
        table = client.get("/n/zele/wijken").text
        assert _cells(table.split("Kouter</a>")[1].split("</tr>")[0])[-1] == "2"
        assert _cells(table.split("Heikant</a>")[1].split("</tr>")[0])[-1] == "1"
        assert _cells(table.split("Centrum</a>")[1].split("</tr>")[0])[-1] == "0"
    overview = client.get("/n/zele/aanbod?wijk=Kouter").text
    assert "Zwemles in de Kouter" in overview and "Huiswerkklas in Heikant" not in overview
