"""Without JavaScript the site still works: every page reachable by links loads, every form can be posted as a
plain HTML form, and no page depends on inline script or inline style (the CSP forbids both).

The crawl starts at "/" and "/n/zele" for each role and follows same-site links, parsing each page with the
standard library's html.parser (what a browser without JavaScript has to go on: the HTML alone).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from starlette.routing import Match

from lerend_netwerk import i18n
from lerend_netwerk.networks.models import Person
from tests.accounts.matrix import participant_with_code
from tests.dialogue.helpers import make_session
from tests.factories import make_person
from tests.smtp import body_of
from tests.work.helpers import fill_some_work

MAX_PAGES = 200
SKIP_PATHS = {"/uitloggen"}  # a link there would end the crawl's session
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


# -- a tiny DOM on top of html.parser ------------------------------------------------------------------------
@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = None
    names: list[str] = field(default_factory=list)  # attribute names as written, repeats included
    children: list[Node] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    def iter(self, *tags: str):  # noqa: ANN201
        for child in self.children:
            if not tags or child.tag in tags:
                yield child
            yield from child.iter(*tags)

    def ancestors(self):  # noqa: ANN201
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def text(self) -> str:
        return " ".join(" ".join([*self.text_parts, *(c.text for c in self.children)]).split())

    def get(self, name: str, default: str = "") -> str:
        value = self.attrs.get(name)
        return default if value is None else value


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), parent=self.current, names=[name for name, _ in attrs])
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent or self.root

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.text_parts.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# -- forms as a browser without JavaScript sees them --------------------------------------------------------
@dataclass
class HtmlForm:
    action: str
    method: str
    fields: dict[str, list[str]]
    node: Node


def forms_of(html: str, base: str = "/") -> list[HtmlForm]:
    result = []
    for node in parse(html).iter("form"):
        fields: dict[str, list[str]] = {}
        for control in node.iter("input", "select", "textarea"):
            name = control.get("name")
            if not name or "disabled" in control.attrs:
                continue
            kind = control.get("type", "text").lower()
            if control.tag == "select":
                options = list(control.iter("option"))
                chosen = [o for o in options if "selected" in o.attrs] or options[:1]
                values = [o.get("value", o.text) for o in chosen]
            elif control.tag == "textarea":
                values = [control.text]
            elif kind in ("checkbox", "radio"):
                values = [control.get("value", "on")] if "checked" in control.attrs else []
            elif kind in ("submit", "button", "reset", "image"):
                continue
            else:
                values = [control.get("value")]
            fields.setdefault(name, []).extend(values)
        result.append(HtmlForm(urljoin(base, node.get("action")), node.get("method", "get").lower(), fields, node))
    return result


def submit(client, form: HtmlForm, **changes: str):  # noqa: ANN001, ANN201
    """Post a form the way a browser does: its own fields (hidden token included) with the user's changes."""
    data = {name: values[0] if len(values) == 1 else values for name, values in form.fields.items() if values}
    data.update(changes)
    if form.method == "post":
        return client.post(form.action, data=data)
    return client.get(form.action, params=data)


def form_with_action(html: str, path: str, base: str = "/") -> HtmlForm:
    found = [f for f in forms_of(html, base) if urlsplit(f.action).path == path]
    assert found, f"no form posting to {path}"
    return found[0]


# -- the page checks ----------------------------------------------------------------------------------------
def _same_site(url: str) -> bool:
    parts = urlsplit(url)
    return (not parts.scheme and not parts.netloc) or parts.netloc == "testserver"


def page_problems(html: str, app=None) -> list[str]:  # noqa: ANN001
    """What stops this page from working without JavaScript, or breaks the CSP or labelling rules.
    With `app`, every form's action must also match one of its routes."""
    problems: list[str] = []
    root = parse(html)
    ids: dict[str, int] = {}
    for node in root.iter():
        for name in node.names:
            if name.startswith("on"):
                problems.append(f"<{node.tag} {name}=…>: inline event handler")
            if name == "style":
                problems.append(f"<{node.tag} style=…>: inline style")
        if node.get("id"):
            ids[node.get("id")] = ids.get(node.get("id"), 0) + 1
        for attr in ("src", "srcset", "data"):
            if node.get(attr) and not _same_site(node.get(attr)):
                problems.append(f"<{node.tag} {attr}={node.get(attr)!r}>: loaded from another host")
        if node.tag == "link" and node.get("href") and not _same_site(node.get("href")):
            problems.append(f"<link href={node.get('href')!r}>: loaded from another host")
    problems += [f"id {id_!r} is used {n} times" for id_, n in ids.items() if n > 1]
    for script in root.iter("script"):
        if not script.get("src") or "".join(script.text_parts).strip():
            problems.append("<script> with inline content")
    for link in root.iter("a"):
        if not link.get("href"):
            problems.append(f"<a> without href: {link.text!r}")
    labelled = {label.get("for") for label in root.iter("label") if label.get("for")}
    for control in root.iter("input", "select", "textarea"):
        if control.tag == "input" and control.get("type", "text").lower() in UNLABELLED_INPUTS:
            continue
        wrapped = any(a.tag == "label" for a in control.ancestors())
        if not wrapped and (not control.get("id") or control.get("id") not in labelled):
            problems.append(f"<{control.tag} name={control.get('name')!r}> has no label")
    for label in root.iter("label"):
        if label.get("for") and label.get("for") not in ids:
            problems.append(f"<label for={label.get('for')!r}> points at no element")
    for form in root.iter("form"):
        action, method = form.get("action"), form.get("method").lower()
        if method == "dialog":
            continue  # closes a <dialog> that only JavaScript opens; it submits nothing to the server
        if not action or method not in ("get", "post"):
            problems.append(f"<form action={action!r} method={method!r}>: needs an action and a method")
            continue
        if method == "post":
            tokens = [i for i in form.iter("input") if i.get("name") == "csrf_token" and i.get("type") == "hidden"]
            if not tokens or not tokens[0].get("value"):
                problems.append(f"<form action={action!r}>: POST without a csrf_token field")
        if app is not None and _same_site(action) and not _route_exists(app, urlsplit(action).path, method.upper()):
            problems.append(f"<form action={action!r} method={method!r}>: no route answers it")
    return problems


def _route_exists(app, path: str, method: str) -> bool:  # noqa: ANN001
    scope = {"type": "http", "path": path, "method": method, "root_path": ""}
    return any(route.matches(scope)[0] == Match.FULL for route in app.routes)


def crawl(  # noqa: ANN201
    client,  # noqa: ANN001
    app,  # noqa: ANN001
    starts: tuple[str, ...] = ("/", "/n/zele"),
    *,
    max_pages: int = MAX_PAGES,
    allow: Callable[[str], bool] | None = None,
    on_page: Callable[[str, str], None] | None = None,
) -> tuple[dict[str, int], list[str]]:
    """Visit every same-site page reachable by links; returns {url: status} and the problems found.
    `allow(url)` may skip a page before it is fetched; `on_page(url, html)` sees every HTML page."""
    seen: dict[str, int] = {}
    problems: list[str] = []
    queue = deque((url, "(start)") for url in starts)
    while queue and len(seen) < max_pages:
        url, source = queue.popleft()
        if url in seen or (allow is not None and not allow(url)):
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code not in (200, 303):
            problems.append(f"{url} (linked from {source}): status {response.status_code}")
            continue
        if response.status_code == 303:
            target = urljoin(url, response.headers["location"])
            if _same_site(target):
                queue.append((urlsplit(target)._replace(scheme="", netloc="").geturl(), url))
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        problems += [f"{url}: {p}" for p in page_problems(response.text, app)]
        if on_page is not None:
            on_page(url, response.text)
        for link in parse(response.text).iter("a"):
            target = urljoin(url, link.get("href"))
            parts = urlsplit(target)
            if not _same_site(target) or parts.path.startswith("/static/") or parts.path in SKIP_PATHS:
                continue
            target = parts._replace(scheme="", netloc="", fragment="").geturl()
            if target and target not in seen:
                queue.append((target, url))
    return seen, problems


# -- tests --------------------------------------------------------------------------------------------------
@pytest.fixture
def filled(db, network, people) -> None:  # noqa: ANN001
    """Some content, so lists, rows and their forms show up in the crawl."""
    participant_with_code(db, network, people)
    db.write_sync(make_person, network, None, name="Zonder Rol")
    fill_some_work(db, network, people)


@pytest.mark.parametrize(
    "role", ["visitor", "participant", "member", "facilitator", "steering", "coordinator", "admin"]
)
def test_every_linked_page_works_without_javascript(
    role: str, app, client, db, people, login_as, filled, html_pages
) -> None:  # noqa: ANN001
    if role == "admin":  # a platform administrator: no role in a network, the platform's own page
        people["admin"] = db.write_sync(make_admin)
    login_as(role)
    seen, problems = crawl(client, app, on_page=lambda url, html: html_pages.add(f"no-JS walk, {role}: {url}", html))
    assert not problems, "\n".join(problems)
    assert len(seen) < MAX_PAGES, "the crawl hit its bound; raise MAX_PAGES or look for a link loop"
    assert {"/", "/n/zele", "/inloggen" if role == "visitor" else "/mijn"} <= set(seen)
    if role == "coordinator":
        assert {"/n/zele/leden", "/n/zele/codes", "/mijn"} <= set(seen)
        work = {"/n/zele/werkgroepen/1", "/n/zele/werkgroepen/1/vergaderingen/1", "/n/zele/kansenplan/acties/1"}
        assert work | {"/n/zele/wijken/1", "/n/zele/wijkcijfers", "/n/zele/wat-we-beloofden"} <= set(seen)
    if role == "facilitator":
        assert "/n/zele/codes" in seen and "/n/zele/leden" not in seen
    if role == "admin":
        assert "/beheer" in seen


def make_admin(session) -> object:  # noqa: ANN001
    person = make_person(session, name="Beheerder Test", email="admin@zele.example")
    session.get(Person, person.id).is_admin = True
    return person


def test_invite_change_role_and_remove_with_plain_forms(client, login_as) -> None:  # noqa: ANN001
    login_as("coordinator")
    page = client.get("/n/zele/leden")
    invite = form_with_action(page.text, "/n/zele/leden")
    response = submit(client, invite, naam="Griet Partner", email="Griet@Partner.example", rol="member")
    assert response.status_code == 303
    assert urlsplit(response.headers["location"]).path == "/n/zele/leden"
    page = client.get(response.headers["location"])
    assert "Griet Partner" in page.text and "griet@partner.example" in page.text
    assert "Griet Partner is toegevoegd" in page.text  # the flash message after the redirect

    row = next(tr for tr in parse(page.text).iter("tr") if "Griet Partner" in tr.text)
    role_form = next(f for f in forms_of(page.text) if f.action.endswith(f"/{row.get('id').removeprefix('lid-')}/rol"))
    response = submit(client, role_form, rol="facilitator")
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    row = next(tr for tr in parse(page.text).iter("tr") if "Griet Partner" in tr.text)
    selected = [o.get("value") for o in row.iter("option") if "selected" in o.attrs]
    assert selected == ["facilitator"]

    remove = next(
        f for f in forms_of(page.text) if f.action.endswith(f"/{row.get('id').removeprefix('lid-')}/verwijderen")
    )
    response = submit(client, remove)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Het lid is verwijderd uit dit netwerk." in page.text
    assert not any("Griet Partner" in tr.text for tr in parse(page.text).iter("tr"))


def test_a_participant_card_is_made_and_used_without_javascript(app, client, login_as) -> None:  # noqa: ANN001
    login_as("facilitator")
    page = client.get("/n/zele/codes")
    card = submit(client, form_with_action(page.text, "/n/zele/codes"), naam="Mira")
    assert card.status_code == 200
    assert not page_problems(card.text, app)
    code = next(p.text for p in parse(card.text).iter("p") if "code" in p.get("class").split())

    client.cookies.clear()  # the participant, on another device
    login = client.get("/inloggen")
    response = submit(client, form_with_action(login.text, "/inloggen/code"), code=code.lower())
    assert response.status_code == 303
    assert "Dag Mira." in client.get("/mijn").text


def test_magic_link_form_and_logout_without_javascript(app, client, people, outbox, html_pages) -> None:  # noqa: ANN001
    login = client.get("/inloggen")
    sent = submit(client, form_with_action(login.text, "/inloggen/email"), email="member@zele.example")
    assert sent.status_code == 200
    assert not page_problems(sent.text, app)
    html_pages.add("no-JS: the login link was sent", sent.text)
    assert len(outbox) == 1
    link = next(word for word in body_of(outbox[0]).split() if "/inloggen/link/" in word)
    confirm = client.get(link.removeprefix("http://testserver"))
    assert confirm.status_code == 200
    assert not page_problems(confirm.text, app)
    html_pages.add("no-JS: the mailed login link", confirm.text)
    done = submit(client, form_with_action(confirm.text, urlsplit(link).path))
    assert done.status_code == 303
    my_page = client.get("/mijn")
    assert "Dag Member Test." in my_page.text

    response = submit(client, form_with_action(my_page.text, "/uitloggen"))
    assert response.status_code == 303
    again = client.get("/mijn")
    assert again.status_code == 303 and urlsplit(again.headers["location"]).path == "/inloggen"


def test_language_switch_without_javascript(client, network) -> None:  # noqa: ANN001
    page = client.get("/n/zele")
    switch = form_with_action(page.text, "/taal")
    response = submit(client, switch, taal="en")
    assert response.status_code == 303
    assert response.headers["location"] == "/n/zele"  # back to the page the switch was on
    assert client.cookies.get("ln_lang") == "en"
    english = client.get("/n/zele")
    translated = i18n.catalog("en").get("Naar de inhoud")
    if isinstance(translated, str):  # only once an English catalog translates the base layout
        assert translated in english.text and "Naar de inhoud" not in english.text
    back = submit(client, form_with_action(english.text, "/taal"), taal="nl")
    assert back.status_code == 303 and client.cookies.get("ln_lang") == "nl"
    assert "Naar de inhoud" in client.get("/n/zele").text


def test_pages_behind_the_mailed_links_and_error_pages_without_javascript(  # noqa: ANN001
    app, client, db, network, people, login_as, outbox, html_pages
) -> None:
    """The dialogue's personal link and the link to one's data, as they arrive by mail, and the error pages."""

    def check(name: str, response, status: int = 200) -> str:  # noqa: ANN001
        assert response.status_code == status, f"{name}: {response.status_code}"
        assert not page_problems(response.text, app), f"{name}: {page_problems(response.text, app)}"
        html_pages.add(f"no-JS: {name}", response.text)
        return response.text

    def mailed_link() -> str:
        return next(w for w in body_of(outbox[-1]).split() if w.startswith("http://testserver/")).removeprefix(
            "http://testserver"
        )

    _table, session_id = make_session(db, network, people["facilitator"])
    session_page = check("a dialogue session", client.get(f"/n/zele/dialoogtafels/sessies/{session_id}"))
    sign_up = form_with_action(session_page, f"/n/zele/dialoogtafels/sessies/{session_id}/inschrijven")
    check("the sign-up form with errors", submit(client, sign_up), 422)
    signed = submit(client, sign_up, voornaam="Amina", email="amina@zele.example", toestemming="1")
    check("signed up for a dialogue table", signed)
    personal = mailed_link()
    assert "/dialoogtafels/link/" in personal
    check("the mailed personal link of a dialogue sign-up", client.get(personal))

    ask_page = check("asking for one's data", client.get("/mijn/gegevens/opvragen"))
    ask = form_with_action(ask_page, "/mijn/gegevens/opvragen")
    check("asking for one's data with an error", submit(client, ask, email="geen adres"), 422)
    check("one's data was sent", submit(client, ask, email="amina@zele.example"))
    data_link = mailed_link()
    assert "/mijn/gegevens/link/" in data_link
    check("the mailed link to one's data", client.get(data_link))

    for path, status in [
        ("/bestaat-niet", 404),
        ("/n/bestaat-niet", 404),
        ("/n/zele/dialoogtafels/link/vals", 404),
        ("/inloggen/link/ongeldig", 400),
        ("/mijn/gegevens/link/ongeldig", 400),
    ]:
        check(f"the {status} page at {path}", client.get(path), status)
    login_as("participant")
    check("the 403 page", client.get("/n/zele/leden"), 403)
