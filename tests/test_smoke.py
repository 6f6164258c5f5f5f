from tests.conftest import csrf_from


def test_home_lists_networks(client, network):
    response = client.get("/")
    assert response.status_code == 200
    assert "Kansenplatform Zele" in response.text


def test_magic_link_logs_in_through_real_smtp(client, people, outbox):
    import re

    from tests.smtp import body_of

    page = client.get("/inloggen")
    response = client.post("/inloggen/email", data={"email": "member@zele.example", "csrf_token": csrf_from(page.text)})
    assert response.status_code == 200
    assert len(outbox) == 1
    link = re.search(r"http://testserver(/inloggen/link/\S+)", body_of(outbox[0])).group(1)
    confirm = client.get(link)
    assert confirm.status_code == 200
    done = client.post(link.split("?")[0], data={"csrf_token": csrf_from(confirm.text), "volgende": "/mijn"})
    assert done.status_code == 303
    assert "Member Test" in client.get("/mijn").text
