"""A visitor finds the open survey from the network's home page, and the thank-you page leads on."""

from __future__ import annotations

import re

from tests.surveys.helpers import answer_all_on_one_page, make_survey, options_of


def test_the_network_page_links_every_open_survey_and_no_other(client, db, network, other_network):
    open_one = make_survey(db, network, title="Hoe vind je de zwemlessen?")
    closed = make_survey(db, network, open_=False, title="Nog niet open")
    elsewhere = make_survey(db, other_network, title="Bevraging van een ander netwerk")
    page = client.get(f"/n/{network.slug}")
    assert page.status_code == 200
    assert "Hoe vind je de zwemlessen?" in page.text
    assert f'href="/b/{open_one["code"]}"' in page.text
    assert "Vul de bevraging in" in page.text
    assert closed["code"] not in page.text and "Nog niet open" not in page.text
    assert elsewhere["code"] not in page.text


def test_without_an_open_survey_the_page_invites_to_nothing(client, db, network):
    make_survey(db, network, open_=False)
    assert "Doe mee" not in client.get(f"/n/{network.slug}").text


def test_the_thank_you_page_leads_back_and_on(client, db, network):
    ids = make_survey(db, network)
    other = make_survey(db, network, title="Hoe gaat het op school?")
    code = ids["code"]
    wijk = options_of(db, ids["wijk"])["Kouter"]
    sport = options_of(db, ids["sport"])["Nee"]
    sent = answer_all_on_one_page(client, code, {f"v{ids['wijk']}": wijk, f"v{ids['sport']}": sport})
    assert sent.status_code == 303 and "/bedankt" in sent.headers["location"]
    thanks = client.get(sent.headers["location"])
    assert thanks.status_code == 200 and "Bedankt!" in thanks.text
    links = dict((text.strip(), href) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', thanks.text))
    assert links[f"Naar de pagina van {network.name}"] == f"/n/{network.slug}"
    assert links["Meld een drempel: iets dat het moeilijk maakt om mee te doen"] == f"/n/{network.slug}/melden"
    assert links["Praat mee aan een dialoogtafel"] == f"/n/{network.slug}/dialoogtafels"
    assert links["Vul ook deze bevraging in: Hoe gaat het op school?"] == f"/b/{other['code']}"
    assert not any(href == f"/b/{code}" for href in links.values())  # not the one just answered
    for href in links.values():
        assert client.get(href).status_code == 200, href
