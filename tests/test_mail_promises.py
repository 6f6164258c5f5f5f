"""Every mail the product says it sends, it sends (issue 14): each action whose page announces an e-mail is taken
through the pages, and the real SMTP server receives exactly the mails announced, to exactly those addresses.

The check is by kind, not by instance: every kind of mail the code writes into the outbox (`kind="..."` in a call
to `outbox.enqueue`, and each dialogue notice kind) must have been produced by this walk, so a new kind of mail
fails here until it is added with the page that announces it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from lerend_netwerk import periodic
from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue.models import SignUp, TableSession
from lerend_netwerk.dialogue.notices import KINDS
from lerend_netwerk.networks.models import Role
from lerend_netwerk.outbox import OutboxMessage
from lerend_netwerk.practices import service as practices
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.registry import Registry
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session
from tests.practices.helpers import make_practice
from tests.signals.helpers import add_signal
from tests.signals.test_public import _decide_and_publish
from tests.smtp import body_of

PACKAGE = Path(__file__).resolve().parents[1] / "lerend_netwerk"


def kinds_in_code() -> set[str]:
    """Every kind of mail the code can write into the outbox."""
    kinds = {f"dialogue.{kind}" for kind in KINDS}
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        if "enqueue(" in text:
            kinds |= set(re.findall(r'kind="([a-z]+\.[a-z_]+)"', text))
    return kinds


class Mailbox:
    """What arrived since the last look."""

    def __init__(self, outbox: list) -> None:  # noqa: ANN001
        self.outbox = outbox
        self.seen = 0

    def new(self) -> list[str]:
        arrived = self.outbox[self.seen :]
        self.seen = len(self.outbox)
        return sorted(m["To"].addresses[0].addr_spec for m in arrived)


def flash_after(client, response) -> str:  # noqa: ANN001
    assert response.status_code == 303, response.text
    return client.get(response.headers["location"]).text


def test_every_mail_a_page_announces_arrives_and_every_kind_of_mail_is_announced(  # noqa: PLR0915
    client, db, network, people, login_as, outbox, settings
):
    mailbox = Mailbox(outbox)
    _, session_id = make_session(db, network, people["facilitator"], capacity=1)
    session_page = f"/n/zele/dialoogtafels/sessies/{session_id}"

    def sign_up(name: str, email: str) -> str:
        page = client.get(session_page)
        data = {"voornaam": name, "email": email, "toestemming": "1", "csrf_token": csrf_from(page.text)}
        answer = client.post(f"{session_page}/inschrijven", data=data)
        assert answer.status_code == 200, answer.text
        return answer.text

    # a place, and a place on the waiting list: both pages promise a confirmation
    login_as("visitor")
    assert f"We sturen u een bevestiging naar {'a@example.be'}." in sign_up("Amina", "a@example.be")
    assert mailbox.new() == ["a@example.be"]
    waiting = sign_up("Bert", "b@example.be")
    assert "We sturen u een bevestiging naar b@example.be." in waiting and "laten we het weten" in waiting
    assert mailbox.new() == ["b@example.be"]

    # Amina cancels with her link: Bert gets her place, and is told
    link = re.search(r"http://testserver(/n/zele/dialoogtafels/link/\S+)", body_of(outbox[0])).group(1)
    mine = client.get(link)
    amina = db.read_sync(lambda s: s.scalar(select(SignUp.id).where(SignUp.email == "a@example.be")))
    client.post(f"{link}/annuleren/{amina}", data={"csrf_token": csrf_from(mine.text)})
    assert mailbox.new() == ["b@example.be"]

    # the facilitator moves the session, then cancels it: the flash says how many get a mail, and they do
    login_as("facilitator")
    form = client.get(f"{session_page}/wijzigen")
    start = (utcnow() + timedelta(days=20)).strftime("%Y-%m-%dT14:00")
    data = {"start": start, "duur": "90", "plaats": "Bibliotheek", "plaatsen": "1", "inschrijven_tot": "0"}
    changed = flash_after(
        client, client.post(f"{session_page}/wijzigen", data={**data, "csrf_token": csrf_from(form.text)})
    )
    assert "1 persoon krijgt een mail" in changed
    assert mailbox.new() == ["b@example.be"]
    cancelled = flash_after(client, client.post(f"{session_page}/annuleren", data={"csrf_token": csrf_from(form.text)}))
    assert "1 persoon krijgt een mail" in cancelled
    assert mailbox.new() == ["b@example.be"]

    # a login link, and a link to what we keep under an address without an account
    login_as("visitor")
    page = client.get("/inloggen")
    sent = client.post("/inloggen/email", data={"email": "member@zele.example", "csrf_token": csrf_from(page.text)})
    assert "krijgt u binnen enkele minuten een mail" in sent.text
    assert mailbox.new() == ["member@zele.example"]
    page = client.get("/mijn/gegevens/opvragen")
    asked = client.post("/mijn/gegevens/opvragen", data={"email": "b@example.be", "csrf_token": csrf_from(page.text)})
    assert "krijgt u binnen enkele minuten een mail" in asked.text
    assert mailbox.new() == ["b@example.be"]

    # an invitation
    login_as("coordinator")
    page = client.get("/n/zele/leden")
    data = {
        "naam": "Nieuwe Partner",
        "email": "nieuw@zele.example",
        "rol": "member",
        "csrf_token": csrf_from(page.text),
    }
    assert "We sturen een e-mail naar nieuw@zele.example" in flash_after(
        client, client.post("/n/zele/leden", data=data)
    )
    assert mailbox.new() == ["nieuw@zele.example"]

    # feedback on a signal to the person who asked to hear back
    signal_id = add_signal(db, network, contact_email="melder@example.be")
    login_as("steering")
    _decide_and_publish(client, signal_id, "Er komt een sociaal tarief.", publish="0")  # decided, not published
    detail = client.get(f"/n/zele/signalen/{signal_id}")
    assert mailbox.new() == []
    data = {"terugkoppeling": "Er komt een sociaal tarief.", "publiceren": "1", "csrf_token": csrf_from(detail.text)}
    published = client.post(f"/n/zele/signalen/{signal_id}/terugkoppeling", data=data)
    assert "1 persoon krijgt een e-mail" in flash_after(client, published)
    assert mailbox.new() == ["melder@example.be"]

    # what the periodic jobs send: a reminder and a digest (the clock moved to when each is due)
    _, soon = make_session(db, network, people["facilitator"], days=3, name="Tafel morgen")
    login_as("visitor")
    soon_page = client.get(f"/n/zele/dialoogtafels/sessies/{soon}")
    data = {"voornaam": "Chris", "email": "c@example.be", "toestemming": "1", "csrf_token": csrf_from(soon_page.text)}
    client.post(f"/n/zele/dialoogtafels/sessies/{soon}/inschrijven", data=data)
    assert mailbox.new() == ["c@example.be"]
    viewer = Viewer(people["member"].id, {network.id: Role.MEMBER})
    db.write_sync(practices.toggle_follow, network.id, None, viewer=viewer)
    registry = Registry.build()
    periodic.run_due(settings, registry, db)
    make_practice(db, network, people["facilitator"], title="Kinderopvang tijdens de activiteit")
    starts_at = db.read_sync(lambda s: s.get(TableSession, soon).starts_at)
    periodic.run_due(settings, registry, db, now=starts_at - timedelta(days=1))
    assert mailbox.new() == ["c@example.be", "member@zele.example"]

    # an offer's organisation is asked every six months whether it is still correct (the clock moved); the mail
    # log is kept longer than the clock moves, or its retention would take the new reminder for an old message
    login_as("member")
    form = client.get("/n/zele/aanbod/nieuw")
    assert "Je krijgt elk half jaar een e-mail met de vraag of alles nog klopt." in form.text
    data = {
        "titel": "Huiswerkklas",
        "samenvatting": "Hulp bij je huiswerk.",
        "soort": "groep",
        "leeftijd": ["kinderen"],
        "adres": "Kerkstraat 1, Zele",
        "wanneer": "Elke woensdag",
        "deelnemen": "vrij",
        "contact_email": "huiswerk@zele.example",
        "zichtbaarheid": "publiek",
        "status": "gepubliceerd",
        "csrf_token": csrf_from(form.text),
    }
    assert "We vragen je elk half jaar per e-mail" in flash_after(
        client, client.post("/n/zele/aanbod/nieuw", data=data)
    )
    periodic.run_due(replace(settings, outbox_keep_days=3650), registry, db, now=utcnow() + timedelta(days=190))
    assert mailbox.new() == ["huiswerk@zele.example"]

    made = set(db.read_sync(lambda s: s.scalars(select(OutboxMessage.kind)).all()))
    assert kinds_in_code() - made == set(), "kinds of mail no page walk above produces"
    assert {"accounts.invitation", "signals.feedback", "practices.digest"} <= made
