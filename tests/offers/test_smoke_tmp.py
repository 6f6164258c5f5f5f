from tests.conftest import csrf_from
from tests.offers.helpers import offer_form


def test_publish(client, login_as):
    login_as("member")
    page = client.get("/n/zele/aanbod/nieuw")
    assert page.status_code == 200, page.text
    r = client.post("/n/zele/aanbod/nieuw", data=offer_form(csrf_from(page.text)))
    assert r.status_code == 303, r.text
    detail = client.get(r.headers["location"])
    assert detail.status_code == 200
    print(detail.text[detail.text.index("<main") :])
    login_as("visitor")
    lst = client.get("/n/zele/aanbod", params={"prijs": "korting", "wijk": "Kouter", "leeftijd": "kinderen"})
    assert "Zwemmen voor het hele gezin" in lst.text
    ics = client.get(r.headers["location"] + "/verwijsfiche")
    assert ics.status_code == 200
    f = client.get("/n/zele/aanbod/folder", params={"wijk": "Kouter"})
    assert "Zwemmen" in f.text and "<svg" in f.text
