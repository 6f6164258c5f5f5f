"""No login path tells whether an address or a person is known: magic-link requests, personal codes and the OIDC
login answer with the same status and the same page (apart from the CSRF token and what was typed), and the
rate limits count unknown addresses like known ones. Mail to a known address goes out after the answer."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from lerend_netwerk.accounts.models import AccessCode
from lerend_netwerk.app import create_app
from lerend_netwerk.networks.models import Person
from tests.accounts.matrix import participant_with_code
from tests.accounts.test_login import ask_link, browser, oidc_app, oidc_callback, oidc_client, try_code  # noqa: F401 - fixtures
from tests.factories import make_person

TOKEN = re.compile(r'(name="csrf_token" value=")[^"]+(")')


def same_page(first: str, second: str, *typed: tuple[str, str]) -> bool:
    """Equal once the CSRF token is blanked and each (first, second) pair of typed values is made the same."""
    first, second = TOKEN.sub(r"\1\2", first), TOKEN.sub(r"\1\2", second)
    for mine, theirs in typed:
        first, second = first.replace(mine, "TYPED"), second.replace(theirs, "TYPED")
    return first == second


def test_magic_link_answer_is_the_same_for_known_unknown_and_memberless(client, db, people, outbox) -> None:  # noqa: ANN001
    db.write_sync(make_person, None, None, name="Geen Lid", email="geenlid@zele.example")
    known = ask_link(client, "member@zele.example")
    unknown = ask_link(client, "niemand@zele.example")
    memberless = ask_link(client, "geenlid@zele.example")
    assert known.status_code == unknown.status_code == memberless.status_code == 200
    assert same_page(known.text, unknown.text, ("member@zele.example", "niemand@zele.example"))
    assert same_page(known.text, memberless.text, ("member@zele.example", "geenlid@zele.example"))
    assert sorted(c.split("=")[0] for c in known.headers.get_list("set-cookie")) == sorted(
        c.split("=")[0] for c in unknown.headers.get_list("set-cookie")
    )
    assert [str(m["To"]) for m in outbox] != []  # the known addresses got mail, after the answer
    assert not any("niemand" in str(m["To"]) for m in outbox)


def test_the_address_limit_counts_unknown_addresses_too(make_settings, db, people) -> None:  # noqa: ANN001
    """If only known addresses were counted, a 429 would tell which addresses exist."""
    app = create_app(make_settings(rate_limit_login="2/minute"), db=db)
    for n, email in enumerate(("member@zele.example", "niemand@zele.example")):
        statuses = []
        for attempt in range(3):  # each from another client address: only the address limit applies
            with browser(app, f"192.0.2.{10 * n + attempt}") as c:
                statuses.append(ask_link(c, email).status_code)
        assert statuses == [200, 200, 429], (email, statuses)


def test_a_wrong_code_looks_the_same_whether_it_was_revoked_or_never_issued(client, db, network, people) -> None:  # noqa: ANN001
    participant_with_code(db, network, people)  # code PQRS-TVWX-YZ23, then revoked
    db.write_sync(lambda s: s.execute(update(AccessCode).values(revoked_at=AccessCode.created_at)))
    revoked = try_code(client, "PQRS-TVWX-YZ23")
    never = try_code(client, "ABCD-EFGH-JK23")
    assert revoked.status_code == never.status_code == 422
    assert same_page(revoked.text, never.text, ("PQRS-TVWX-YZ23", "ABCD-EFGH-JK23"))


def test_a_code_of_someone_erased_looks_like_a_wrong_code(client, db, network, people) -> None:  # noqa: ANN001
    person_id = participant_with_code(db, network, people)["id"]
    db.write_sync(lambda s: s.delete(s.get(Person, person_id)))
    assert db.read_sync(lambda s: s.scalar(select(AccessCode))) is None
    gone = try_code(client, "PQRS-TVWX-YZ23")
    never = try_code(client, "ABCD-EFGH-JK23")
    assert gone.status_code == never.status_code == 422
    assert same_page(gone.text, never.text, ("PQRS-TVWX-YZ23", "ABCD-EFGH-JK23"))


def test_oidc_unverified_address_answer_does_not_depend_on_the_address(oidc_client, oidc_provider, db, people) -> None:  # noqa: ANN001, F811
    """The provider's `unverified+` prefix gives an unverified address: refused before anyone is looked up."""
    known = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "unverified+member@zele.example"))
    db.write_sync(make_person, None, None, name="Onbevestigd", email="unverified+member@zele.example")
    known_now = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "unverified+member@zele.example"))
    unknown = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "unverified+niemand@zele.example"))
    assert known.status_code == known_now.status_code == unknown.status_code == 403
    assert same_page(known_now.text, unknown.text)


def test_oidc_not_invited_answer_is_the_same_for_unknown_and_memberless(oidc_client, oidc_provider, db, people) -> None:  # noqa: ANN001, F811
    db.write_sync(make_person, None, None, name="Geen Lid", email="geenlid@zele.example")
    memberless = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "geenlid@zele.example"))
    unknown = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "niemand@zele.example"))
    assert memberless.status_code == unknown.status_code == 403
    assert same_page(memberless.text, unknown.text)
    assert "nog niet uitgenodigd" in unknown.text
