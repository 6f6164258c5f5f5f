"""Public pages: the direct report form and "Jullie zeiden, wij deden", plus the one mail per contact."""

from __future__ import annotations

from starlette.testclient import TestClient

from lerend_netwerk.app import create_app
from lerend_netwerk.signals.models import Signal, SignalContact, SignalSource
from tests.conftest import csrf_from
from tests.signals.helpers import add_signal
from tests.smtp import body_of


def _report(client, **data):
    page = client.get("/n/zele/melden")
    return client.post("/n/zele/melden", data={"csrf_token": csrf_from(page.text), **data})


def test_report_with_email_needs_consent_and_keeps_what_was_typed(client, db, network):
    response = _report(client, titel="Geen fietsenstalling aan de school", email="lien@example.org")
    assert response.status_code == 422
    assert "Vink aan dat we je mogen mailen" in response.text
    assert 'value="Geen fietsenstalling aan de school"' in response.text
    ok = _report(client, titel="Geen fietsenstalling aan de school", email="lien@example.org", toestemming="1")
    assert ok.status_code == 303
    contacts = db.read_sync(lambda s: [c.email for c in s.query(SignalContact).all()])
    assert contacts == ["lien@example.org"]


def test_report_warns_about_a_phone_number_or_email_in_the_text(client, db, network):
    text = "Bel mij op 0470 12 34 56 of mail jan@example.org"
    response = _report(client, titel="Huurwaarborg", beschrijving=text)
    assert response.status_code == 422
    assert "lijkt een telefoonnummer of e-mailadres te bevatten" in response.text
    assert text in response.text  # the form comes back as typed
    assert db.read_sync(lambda s: s.query(Signal).count()) == 0
    confirmed = _report(client, titel="Huurwaarborg", beschrijving=text, persoonsgegevens_ok="1")
    assert confirmed.status_code == 303
    assert db.read_sync(lambda s: s.query(Signal).count()) == 1


def test_report_refuses_bad_input_with_a_message(client, network):
    for data, message in [
        ({"titel": ""}, "Vul dit veld in."),
        ({"titel": "x" * 10_000}, "Dit is te lang"),
        ({"titel": "Goed", "thema": "<script>"}, "Kies een van de mogelijkheden"),
        ({"titel": "Goed", "email": "geen-adres", "toestemming": "1"}, "Dit is geen geldig e-mailadres"),
    ]:
        response = _report(client, **data)
        assert response.status_code == 422, data
        assert message in response.text


def test_partner_adds_a_signal_for_their_organisation(client, db, network, login_as):
    login_as("member")
    page = client.get("/n/zele/melden")
    assert "Hoeveel mensen gaven dit aan?" in page.text
    response = _report(client, titel="Ouders vinden de inschrijving niet", aantal="6")
    assert response.status_code == 303
    signal, kind = db.read_sync(lambda s: s.query(Signal.people_count, SignalSource.kind).join(SignalSource).one())
    assert (signal, kind) == (6, "partner")


def test_report_form_is_rate_limited(make_settings, db, network):
    app = create_app(make_settings(rate_limit_forms="2/minute"), db=db)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        codes = [_report(client, titel=f"Melding {n}").status_code for n in range(3)]
    assert codes == [303, 303, 429]


def _decide_and_publish(client, signal_id, text, *, publish="1", decide=True):
    page = client.get(f"/n/zele/signalen/{signal_id}")
    token = csrf_from(page.text)
    if decide:  # "Beslist" needs the stuurgroep's decision
        client.post(f"/n/zele/signalen/{signal_id}/opvolging", data={"beslissing": "Besproken", "csrf_token": token})
    client.post(
        f"/n/zele/signalen/{signal_id}/verplaatsen", data={"status": "beslist", "reden": "ok", "csrf_token": token}
    )
    return client.post(
        f"/n/zele/signalen/{signal_id}/terugkoppeling",
        data={"terugkoppeling": text, "publiceren": publish, "csrf_token": token},
    )


def test_feedback_page_shows_only_published_feedback_and_nothing_internal(client, db, network, login_as):
    published = add_signal(
        db,
        network,
        "Zwemles te duur",
        theme="vrije tijd",
        contact_email="contact@example.org",
        description="Mama van Yara zegt dat het te duur is",
    )
    draft = add_signal(db, network, "Nog niet klaar", theme="kind")
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{published}")
    client.post(
        f"/n/zele/signalen/{published}/opvolging",
        data={
            "interne_nota": "INTERNE-NOTA-schepen-twijfelt",
            "beslissing": "Sociaal tarief",
            "csrf_token": csrf_from(page.text),
        },
    )
    published_now = _decide_and_publish(
        client, published, "Kinderen met een UiTPAS zwemmen nu aan 1 euro.", decide=False
    )
    assert published_now.status_code == 303
    assert _decide_and_publish(client, draft, "Nog een ontwerp", publish="0").status_code == 303
    login_as("visitor")
    public = client.get("/n/zele/jullie-zeiden-wij-deden")
    assert public.status_code == 200
    assert "Kinderen met een UiTPAS zwemmen nu aan 1 euro." in public.text
    assert "vrije tijd" in public.text
    assert "Nog een ontwerp" not in public.text and "Nog niet klaar" not in public.text
    for secret in ("INTERNE-NOTA", "contact@example.org", "Sociaal tarief", "Mama van Yara", "Steering Test"):
        assert secret not in public.text


def test_people_who_asked_get_exactly_one_email(client, db, network, login_as, outbox):
    signal_id = add_signal(db, network, contact_email="een@example.org")
    other = add_signal(db, network, "Zwemles kost te veel", contact_email="twee@example.org")
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{signal_id}")
    client.post(
        f"/n/zele/signalen/{signal_id}/samenvoegen",
        data={"nummer": str(other), "reden": "dubbel", "csrf_token": csrf_from(page.text)},
    )
    assert _decide_and_publish(client, signal_id, "Er komt een sociaal tarief.").status_code == 303
    assert sorted(m["To"] for m in outbox) == ["een@example.org", "twee@example.org"]
    assert "Er komt een sociaal tarief." in body_of(outbox[0])
    assert _decide_and_publish(client, signal_id, "Er komt een sociaal tarief, vanaf juni.").status_code == 303
    assert len(outbox) == 2
    # the address is erased once told; the mark that it was sent stays
    left = db.read_sync(lambda s: [(c.email, c.notified_at is not None) for c in s.query(SignalContact).all()])
    assert left == [("", True), ("", True)]


def test_feedback_needs_a_decision_first(client, db, network, login_as):
    signal_id = add_signal(db, network)
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{signal_id}")
    response = client.post(
        f"/n/zele/signalen/{signal_id}/terugkoppeling",
        data={"terugkoppeling": "Te vroeg", "publiceren": "1", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 422
    assert "pas als de stuurgroep heeft beslist" in response.text


def test_public_pages_turn_english(client, network):
    page = client.get("/n/zele/melden")
    client.post("/taal", data={"taal": "en", "volgende": "/n/zele/melden", "csrf_token": csrf_from(page.text)})
    assert "Report a barrier" in client.get("/n/zele/melden").text
    assert "You said, we did" in client.get("/n/zele/jullie-zeiden-wij-deden").text


def test_the_feedback_mail_comes_in_the_language_of_the_report(client, db, network, people, login_as, outbox):
    form = client.get("/n/zele/melden?taal=uk")
    assert '<html lang="uk" dir="ltr">' in form.text and "Повідомити про бар'єр" in form.text
    response = client.post(
        "/n/zele/melden",
        data={
            "titel": "Zwemles is te duur",
            "email": "olena@example.org",
            "toestemming": "1",
            "csrf_token": csrf_from(form.text),
        },
    )
    assert response.status_code == 303, response.text
    contact = db.read_sync(lambda s: s.query(SignalContact).one())
    assert contact.language == "uk"
    client.get("/n/zele?taal=nl")  # the steering member works in Dutch
    login_as("steering")
    assert _decide_and_publish(client, contact.signal_id, "Er komt een sociaal tarief.").status_code == 303
    assert len(outbox) == 1
    assert outbox[0]["Subject"] == "Що ми зробили з твоїм сигналом"
    body = body_of(outbox[0])
    assert body.startswith("Привіт!") and "Er komt een sociaal tarief." in body and "Dag," not in body
