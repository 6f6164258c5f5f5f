"""The kansenplan: the stuurgroep turns a decided signal into a plan action in one step, the trekker moves its
progress, the signal's page shows it, and a visitor sees it on the public plan page (reached from "jullie zeiden,
wij deden") without internal notes; the CSV and the printable version hold the plan."""

from __future__ import annotations

import csv
import io
import re

from tests.conftest import csrf_from
from tests.signals.matrix import a_decided_signal, a_signal
from tests.work.helpers import make_action, make_objective


def test_a_decided_signal_becomes_an_action_that_the_trekker_moves_and_everyone_sees(
    client, login_as, db, network, people
):
    signal_id = a_decided_signal(db, network, people)["id"]
    login_as("steering")
    csrf = csrf_from(client.get("/n/zele/kansenplan").text)
    made = client.post("/n/zele/kansenplan", data={"csrf_token": csrf, "titel": "Elk kind kan zwemmen"})
    assert made.status_code == 303
    page = client.get(f"/n/zele/signalen/{signal_id}").text
    assert "Start de actie" in page and "Dit signaal hoort nog bij geen actie" in page
    objective_id = re.search(r'<option value="(\d+)"[^>]*>Elk kind kan zwemmen', page).group(1)
    started = client.post(
        f"/n/zele/kansenplan/uit-signaal/{signal_id}",
        data={"csrf_token": csrf, "doelstelling": objective_id, "titel": "Zwemles aan kansentarief"},
    )
    assert started.status_code == 303
    page = client.get(f"/n/zele/signalen/{signal_id}").text
    assert "Zwemles aan kansentarief" in page and "0%" in page
    action_url = re.search(r'href="(/n/zele/kansenplan/acties/\d+)"', page).group(1)

    # the steering group names the member trekker, with a partner and an internal note
    action = client.get(action_url).text
    assert "Zwemles te duur" in action  # the signal it answers
    saved = client.post(
        action_url,
        data={
            "csrf_token": csrf,
            "doelstelling": objective_id,
            "titel": "Zwemles aan kansentarief",
            "beschrijving": "Kinderen met een UiTPAS aan kansentarief zwemmen voor 1 euro.",
            "interne_nota": "Schepen nog overtuigen",
            "trekker": str(people["member"].id),
            "partners": ["1"],
            "status": "gepland",
            "voortgang": "0",
            "deadline": "2099-06-30",
        },
    )
    assert saved.status_code == 303, saved.text
    plan = client.get("/n/zele/kansenplan").text  # the partner by name, and the signal it answers
    assert "Met: OCMW Zele" in plan and "1 signaal" in plan

    # the trekker moves its progress and adds a milestone; bad input comes back with a message
    login_as("member")
    csrf = csrf_from(client.get(action_url).text)
    bad = client.post(action_url + "/voortgang", data={"csrf_token": csrf, "status": "bezig", "voortgang": "150"})
    assert bad.status_code == 422 and "hoogstens 100" in bad.text
    assert (
        client.post(
            action_url + "/mijlpalen",
            data={"csrf_token": csrf, "mijlpaal": "Afspraak met het zwembad", "datum": "2099-02-01"},
        ).status_code
        == 303
    )
    moved = client.post(action_url + "/voortgang", data={"csrf_token": csrf, "status": "bezig", "voortgang": "60"})
    assert moved.status_code == 303
    login_as("facilitator")  # not the trekker
    assert (
        client.post(
            action_url + "/voortgang",
            data={"csrf_token": csrf_from(client.get(action_url).text), "status": "klaar", "voortgang": "100"},
        ).status_code
        == 403
    )

    login_as("steering")
    assert "60%" in client.get(f"/n/zele/signalen/{signal_id}").text

    login_as("visitor")
    feedback = client.get("/n/zele/jullie-zeiden-wij-deden").text
    assert 'href="/n/zele/wat-we-beloofden"' in feedback
    public = client.get("/n/zele/wat-we-beloofden").text
    assert "Elk kind kan zwemmen" in public and "Zwemles aan kansentarief" in public and "60%" in public
    assert "Afspraak met het zwembad" in public and "Bezig" in public
    assert "Schepen nog overtuigen" not in public and "Member Test" not in public


def test_only_a_decided_signal_starts_an_action_and_one_joins_an_existing_one(client, login_as, db, network, people):
    new_signal = a_signal(db, network, people)["id"]
    objective_id = make_objective(db, network, people)
    action_id = make_action(db, network, people, objective_id)
    decided = a_decided_signal(db, network, people)["id"]
    login_as("steering")
    csrf = csrf_from(client.get("/n/zele/kansenplan").text)
    refused = client.post(
        f"/n/zele/kansenplan/uit-signaal/{new_signal}", data={"csrf_token": csrf, "doelstelling": str(objective_id)}
    )
    assert refused.status_code == 303
    assert "Alleen een signaal waarover de stuurgroep besliste" in client.get(refused.headers["location"]).text
    joined = client.post(
        f"/n/zele/kansenplan/uit-signaal/{decided}", data={"csrf_token": csrf, "actie": str(action_id)}
    )
    assert joined.status_code == 303
    action = client.get(f"/n/zele/kansenplan/acties/{action_id}").text
    assert f"#{decided} Zwemles te duur" in action
    assert "1 signaal" in client.get("/n/zele/kansenplan").text


def test_the_plan_as_csv_and_in_print_without_internal_notes(client, login_as, db, network, people):
    make_action(db, network, people)
    login_as("coordinator")
    response = client.get("/n/zele/kansenplan.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:2] == ["doelstelling", "actie"]
    assert rows[1][:3] == ["Elk kind kan meedoen", "Sportkampen aan kansentarief", "Member Test"]
    assert "Budget nog niet rond" not in response.text
    printed = client.get("/n/zele/kansenplan/afdruk").text
    assert "Sportkampen aan kansentarief" in printed and "20%" in printed and "Budget nog niet rond" not in printed
