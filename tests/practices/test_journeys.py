"""Practices as a member meets them: a refused comment opens at the comment form with the text kept, and a title
that is too long gets a message instead of being cut."""

from __future__ import annotations

import re

from tests.conftest import csrf_from
from tests.practices.helpers import make_practice, practice_form


def test_an_empty_comment_comes_back_at_the_comment_form(client, login_as, db, network, people):
    practice = make_practice(db, network, people["member"])
    login_as("facilitator")
    page = client.get(f"/n/zele/praktijken/{practice.id}")
    # The form's address carries the form's anchor: the page that comes back opens at the form, not at the top.
    action = re.search(r'<form method="post" action="([^"]+)" id="reageren"', page.text).group(1)
    assert action == f"/n/zele/praktijken/{practice.id}/reacties#reageren"
    refused = client.post(action.split("#")[0], data={"csrf_token": csrf_from(page.text), "reactie": "   "})
    assert refused.status_code == 422
    form = refused.text[refused.text.index('id="reageren"') :]
    assert "Vul dit veld in." in form
    assert 'aria-invalid="true"' in form
    # the same form, with a long text, keeps what was typed
    long = "Een lange reactie. " * 200
    refused = client.post(action.split("#")[0], data={"csrf_token": csrf_from(page.text), "reactie": long})
    form = refused.text[refused.text.index('id="reageren"') :]
    assert "Dit is te lang" in form and long.strip() in form


def test_a_title_over_the_limit_gets_a_message_and_is_kept(client, login_as):
    login_as("member")
    page = client.get("/n/zele/praktijken/nieuw")
    title_input = re.search(r'<input id="veld-titel"[^>]*>', page.text).group(0)
    assert "maxlength" not in title_input  # a browser would cut a pasted title without a word
    assert "hoogstens 150 tekens" in page.text
    title = "Een buddy die de eerste keer meegaat naar de sportclub, de muziekschool of de bibliotheek, " * 2
    title = title.strip()
    assert len(title) > 150
    response = client.post("/n/zele/praktijken/nieuw", data=practice_form(csrf_from(page.text), titel=title))
    assert response.status_code == 422
    assert f"maximaal 150 tekens, je schreef er {len(title)}" in response.text
    assert f'value="{title}"' in response.text


def _publish_with_photos(client, title: str, photo_text: str | None):  # noqa: ANN001, ANN202
    from tests.practices.helpers import jpeg_with_gps

    page = client.get("/n/zele/praktijken/nieuw")
    data = practice_form(csrf_from(page.text), titel=title)
    if photo_text is not None:
        data["foto_tekst"] = photo_text
    files = [
        ("bestanden", ("IMG_20260912_101112.jpg", jpeg_with_gps(), "image/jpeg")),
        ("bestanden", ("IMG_20260912_101113.jpg", jpeg_with_gps(), "image/jpeg")),
    ]
    response = client.post("/n/zele/praktijken/nieuw", data=data, files=files)
    assert response.status_code == 303, response.text
    return client.get(response.headers["location"]).text


def test_a_photo_is_described_by_what_it_shows_not_by_its_file_name(client, login_as):
    login_as("member")
    form = client.get("/n/zele/praktijken/nieuw").text
    assert "Wat staat er op de nieuwe foto" in form
    page = _publish_with_photos(client, "Uitleendienst voor sportschoenen", "Kinderen passen voetbalschoenen")
    alts = re.findall(r'alt="([^"]*)" width="240"', page)
    assert alts == ["Kinderen passen voetbalschoenen"] * 2
    # left empty: the practice's title, never the file name
    page = _publish_with_photos(client, "Gratis zwemles in de zomer", "")
    alts = re.findall(r'alt="([^"]*)" width="240"', page)
    assert alts == ["Foto 1 bij „Gratis zwemles in de zomer”", "Foto 2 bij „Gratis zwemles in de zomer”"]
    assert not any("IMG_" in alt for alt in alts)
