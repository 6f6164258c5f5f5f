"""Results: they match the stored answers (computed here independently), also after a bulk import recounted by
`tally.rebuild`, small groups are hidden, the CSV round-trips, charts have a table, and answers or a result become a
signal. How fast results are over 100,000 answers is measured by the benchmark (python -m tests.bench)."""

from __future__ import annotations

import csv
import io
import random
import re
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import insert, select

from lerend_netwerk.signals.models import Signal, SignalSource
from lerend_netwerk.surveys import queries, results, tally
from lerend_netwerk.surveys.models import Answer, Mode, Option, Response, SurveySignal
from lerend_netwerk.web.export import safe_cell
from tests.conftest import csrf_from
from tests.surveys.generate import fill
from tests.surveys.helpers import answer_all_on_one_page, make_survey, options_of


def _view(db, network, survey_id):  # noqa: ANN001, ANN202
    return db.read_sync(queries.survey_view, network.id, survey_id)


def test_results_match_an_independent_count_of_the_stored_answers(db, network):
    ids = make_survey(db, network)
    fill(db, network.id, ids["survey"], 60)
    view = _view(db, network, ids["survey"])
    computed = db.read_sync(results.question_results, view)
    answers = db.read_sync(lambda s: s.execute(select(Answer.response_id, Answer.question_id, Answer.option_id)).all())
    per_question: dict[int, set[int]] = defaultdict(set)
    per_option: Counter[tuple[int, int]] = Counter()
    for response_id, question_id, option_id in answers:
        per_question[question_id].add(response_id)
        if option_id is not None:
            per_option[(question_id, option_id)] += 1
    for r in computed:
        assert r.respondents == len(per_question[r.view.id])
        for o in r.options:
            assert o.count == per_option[(r.view.id, o.option_id)]
            assert o.percent == round(100 * o.count / len(per_question[r.view.id]))
    modes = db.read_sync(lambda s: Counter(s.scalars(select(Response.mode)).all()))
    summary = db.read_sync(results.summary, ids["survey"])
    assert summary.total == 60 and dict(summary.per_mode) == dict(modes)
    assert sum(n for _d, n in summary.per_day) == 60


def test_a_bulk_import_recounted_by_rebuild_matches_the_answers(db, network):
    ids = make_survey(db, network)
    view = _view(db, network, ids["survey"])
    choice = [qv for qv in view.questions if qv.options]
    rng = random.Random(1)
    n_responses = 1_000

    def bulk(session):  # noqa: ANN001, ANN202
        session.execute(
            insert(Response),
            [
                {
                    "id": i,
                    "survey_id": ids["survey"],
                    "mode": Mode.SELF,
                    "language": "nl",
                    "submitted_on": date(2026, 1, 1 + i % 28),
                }
                for i in range(1, n_responses + 1)
            ],
        )
        rows = [
            {"survey_id": ids["survey"], "response_id": i, "question_id": qv.id, "option_id": rng.choice(qv.options).id}
            for i in range(1, n_responses + 1)
            for qv in choice
        ]
        session.execute(insert(Answer), rows)
        tally.rebuild(session, ids["survey"])  # a bulk import recounts once, in SQL
        return Counter((r["question_id"], r["option_id"]) for r in rows)

    stored = db.write_sync(bulk)
    computed = {r.view.id: r for r in db.read_sync(results.question_results, view)}
    for qv in choice:
        assert computed[qv.id].respondents == n_responses
        assert {o.option_id: o.count for o in computed[qv.id].options} == {
            o.id: stored[(qv.id, o.id)] for o in qv.options
        }
    summary = db.read_sync(results.summary, ids["survey"])
    assert summary.total == n_responses and dict(summary.per_mode)[Mode.SELF] == n_responses


def test_crosstab_hides_groups_under_five(db, network, client, login_as):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    for i in range(7):  # 6 in Centrum, 1 in Kouter, 0 in Heikant
        place = "Kouter" if i == 0 else "Centrum"
        answer_all_on_one_page(
            client, ids["code"], {f"v{ids['wijk']}": wijk[place], f"v{ids['sport']}": sport["Ja" if i % 2 else "Nee"]}
        )
    view = _view(db, network, ids["survey"])
    groups = {g.label: g for g in db.read_sync(results.crosstab, view, view.question(ids["wijk"]))}
    assert not groups["Centrum"].hidden and groups["Centrum"].size == 6
    assert groups["Kouter"].hidden and groups["Kouter"].cells == {}
    assert groups["Centrum"].cells[ids["sport"]][sport["Ja"]] == (3, 50)
    login_as("steering")
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten?per={ids['wijk']}")
    assert page.status_code == 200
    assert "minder dan 5 antwoorden tonen we niet apart" in page.text
    table_headers = re.findall(r'<th scope="col">([^<]+) <span class="muted">', page.text)
    assert "Centrum" in table_headers and "Kouter" not in table_headers


def test_charts_have_a_table_alternative(db, network, client, login_as):
    ids = make_survey(db, network)
    fill(db, network.id, ids["survey"], 12)
    login_as("facilitator")
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten")
    assert page.status_code == 200
    charts = re.findall(r'<svg class="chart" role="img" aria-labelledby="([^"]+)"', page.text)
    assert charts
    for chart_id in charts:
        assert f'<title id="{chart_id}">' in page.text
    assert page.text.count("<caption>Cijfers bij de grafiek</caption>") == len(charts)
    printable = client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten/afdrukken")
    assert printable.status_code == 200 and "data-print" in printable.text


def test_csv_export_round_trips(db, network, client, login_as):
    ids = make_survey(db, network)
    fill(db, network.id, ids["survey"], 20)
    formula = '=HYPERLINK("http://evil.example")'
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    sent = answer_all_on_one_page(
        client,
        ids["code"],
        {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Nee"], f"v{ids['idea']}": formula},
    )
    assert sent.status_code == 303, sent.text
    login_as("steering")
    export = client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["antwoord", "datum", "manier", "taal"] and len(body) == 21
    assert "'" + formula in body[-1]  # a spreadsheet shows it as text instead of running it
    labels = db.read_sync(lambda s: {o.id: o.label for o in s.scalars(select(Option))})
    stored = db.read_sync(lambda s: s.execute(select(Answer).order_by(Answer.id)).scalars().all())
    by_response: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in stored:
        value = labels[a.option_id] if a.option_id else (str(a.number) if a.number is not None else a.text)
        by_response[a.response_id][a.question_id].append(value)
    view = _view(db, network, ids["survey"])
    for row in body:
        response_id = int(row[0])
        for column, qv in enumerate(view.questions, start=4):
            assert row[column] == safe_cell("; ".join(by_response[response_id][qv.id]))


def test_free_text_filter_and_signal_from_selected_answers(db, network, client, login_as):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    for why in ("Het lidgeld is te duur", "Geen bus naar de sporthal", "Te duur voor drie kinderen"):
        answer_all_on_one_page(
            client,
            ids["code"],
            {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Ja"], f"v{ids['why']}": why},
        )
    login_as("facilitator")
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten?zoek=duur")
    assert "Het lidgeld is te duur" in page.text and "Te duur voor drie kinderen" in page.text
    assert "Geen bus naar de sporthal" not in page.text
    picked = re.findall(r'name="antwoord" value="(\d+)"', page.text)
    made = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/signaal",
        data={"csrf_token": csrf_from(page.text), "titel": "Sport is te duur", "antwoord": picked},
    )
    assert made.status_code == 303
    signal = db.read_sync(lambda s: s.scalars(select(Signal)).one())
    source = db.read_sync(lambda s: s.scalars(select(SignalSource)).one())
    kept = db.read_sync(lambda s: s.scalars(select(SurveySignal)).one())
    assert signal.people_count == 2 and "Het lidgeld is te duur" in signal.description
    assert source.kind == "survey" and source.ref_id == ids["survey"]
    assert source.link == f"/n/zele/bevragingen/{ids['survey']}/resultaten"
    assert kept.signal_id == signal.id and sorted(kept.answer_ids) == sorted(int(p) for p in picked)
    assert "Sport is te duur" in client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten").text


def test_signal_from_a_result_line_and_bad_selection(db, network, client, login_as, other_network):
    ids = make_survey(db, network)
    fill(db, network.id, ids["survey"], 10)
    login_as("facilitator")
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten")
    line = re.search(
        r'name="titel" value="([^"]+)">\s*<input type="hidden" name="vraag" value="(\d+)">\s*'
        r'<input type="hidden" name="aantal" value="(\d+)">',
        page.text,
    )
    assert line and "%" in line.group(1)
    made = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/signaal",
        data={
            "csrf_token": csrf_from(page.text),
            "titel": line.group(1).replace("&#34;", '"'),
            "vraag": line.group(2),
            "aantal": line.group(3),
        },
    )
    assert made.status_code == 303
    # another survey's answers (here: an id that is not this survey's) are refused with a message
    bad = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/signaal",
        data={"csrf_token": csrf_from(page.text), "titel": "x", "antwoord": ["99999999"]},
    )
    assert bad.status_code == 422 and "Kies een van de mogelijkheden" in bad.text
    empty = client.post(f"/n/zele/bevragingen/{ids['survey']}/signaal", data={"csrf_token": csrf_from(page.text)})
    assert empty.status_code == 422 and "Vul dit veld in" in empty.text
    assert db.read_sync(lambda s: len(s.scalars(select(Signal)).all())) == 1
