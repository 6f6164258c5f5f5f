"""Capacity is never exceeded, also with 50 people signing up at the same moment (SQLite and PostgreSQL); another
network's ids are not found; a refusal is a DomainError the page can show."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from lerend_netwerk.dialogue import queries, service
from lerend_netwerk.dialogue.models import SignUp, SignUpStatus
from lerend_netwerk.web.errors import DomainError, NotFound
from tests.dialogue.helpers import SECRET, make_session, sign
from tests.test_query_counts import counting


def test_full_session_puts_the_next_person_on_the_waiting_list(db, network, people):
    _, session_id = make_session(db, network, people["facilitator"], capacity=2)
    assert sign(db, network, session_id, "A", "a@x.be").status == SignUpStatus.CONFIRMED
    assert sign(db, network, session_id, "B", "b@x.be").status == SignUpStatus.CONFIRMED
    third = sign(db, network, session_id, "C", "c@x.be")
    fourth = sign(db, network, session_id, "D", "d@x.be")
    assert (third.status, third.position) == (SignUpStatus.WAITING, 1)
    assert (fourth.status, fourth.position) == (SignUpStatus.WAITING, 2)


def test_cancellation_promotes_the_first_in_line(db, network, people):
    _, session_id = make_session(db, network, people["facilitator"], capacity=1)
    first = sign(db, network, session_id, "A", "a@x.be")
    second = sign(db, network, session_id, "B", "b@x.be")
    third = sign(db, network, session_id, "C", "c@x.be")
    notices = db.write_sync(service.cancel_by_token, network.id, first.token, first.signup_id)
    assert [(n.kind, n.email) for n in notices] == [("promotion", "b@x.be")]
    statuses = db.read_sync(lambda s: {x.first_name: (x.status, x.waiting_position) for x in s.scalars(select(SignUp))})
    assert statuses["B"] == (SignUpStatus.CONFIRMED, None)
    assert statuses["A"][0] == SignUpStatus.CANCELLED
    # C is now first in line, shown as number 1 (the stored position only orders)
    assert db.read_sync(lambda s: queries.waiting_rank(s, s.get(SignUp, third.signup_id))) == 1
    assert second.status == SignUpStatus.WAITING


def test_the_same_person_cannot_take_two_places(db, network, people):
    _, session_id = make_session(db, network, people["facilitator"])
    sign(db, network, session_id, "A", "a@x.be")
    try:
        sign(db, network, session_id, "A", "a@x.be")
    except service.DialogueError as exc:
        assert "al ingeschreven" in str(exc)
    else:
        raise AssertionError("a second sign-up with the same e-mail was accepted")


def test_an_unknown_value_matches_nobody_and_a_known_phone_or_person_is_refused(db, network, people):
    """Who is "already signed up" is one prebuilt statement: a value not given is NULL and matches no one."""
    _, session_id = make_session(db, network, people["facilitator"])
    sign(db, network, session_id, "Phone only", phone="0470 12 34 56")
    sign(db, network, session_id, "Mail only", "m@x.be")
    sign(db, network, session_id, "Member", person_id=people["member"].id)
    for again in ({"phone": "0470 12 34 56"}, {"person_id": people["member"].id}, {"email": "m@x.be"}):
        with pytest.raises(service.DialogueError, match="al ingeschreven"):
            sign(db, network, session_id, "Again", **again)
    assert len(db.read_sync(lambda s: s.scalars(select(SignUp).where(SignUp.session_id == session_id)).all())) == 3


def test_a_sign_up_asks_four_things_while_it_holds_the_session_lock(db, network, people):
    """The lock brings the table and network along (the e-mail's details need no statement more), then the counts,
    the sign-up and its audit event. Each statement more under the lock makes every sign-up of the session wait."""
    _, session_id = make_session(db, network, people["facilitator"], capacity=1)
    sign(db, network, session_id, "A", "a@x.be")
    with counting(db) as statements:
        result = sign(db, network, session_id, "B", "b@x.be")
    assert (result.status, result.position) == (SignUpStatus.WAITING, 1)
    assert result.table.id == result.session.table_id
    assert len(statements) == 4, "\n".join(s[:90] for s in statements)


def test_fifty_simultaneous_signups_fill_twenty_places_and_a_waiting_list_of_thirty(db, network, people):
    _, session_id = make_session(db, network, people["facilitator"], capacity=20)
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def one(n: int):  # noqa: ANN202
        barrier.wait()
        try:
            return db.write_sync(
                service.sign_up, network.id, session_id, secret=SECRET, first_name=f"P{n}", email=f"p{n}@x.be"
            )
        except BaseException as exc:  # noqa: BLE001 - any error fails the test below
            errors.append(exc)
            return None

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, range(50)))
    assert errors == []
    assert sum(r.status == SignUpStatus.CONFIRMED for r in results) == 20
    assert sorted(r.position for r in results if r.status == SignUpStatus.WAITING) == list(range(1, 31))
    stored = db.read_sync(lambda s: s.scalars(select(SignUp).where(SignUp.session_id == session_id)).all())
    assert len(stored) == 50
    assert len({s.email for s in stored}) == 50
    assert sum(s.status == SignUpStatus.CONFIRMED for s in stored) == 20
    assert sorted(s.waiting_position for s in stored if s.status == SignUpStatus.WAITING) == list(range(1, 31))


def test_another_networks_ids_are_not_found_by_queries_and_services(db, network, other_network, people):
    table_id, session_id = make_session(db, network, people["facilitator"])
    result = sign(db, network, session_id, "A", "a@x.be")
    for read in (
        lambda s: queries.table(s, other_network.id, table_id),
        lambda s: queries.session_row(s, other_network.id, session_id),
        lambda s: queries.link_view(s, other_network.id, result.token),
        lambda s: queries.link_view(s, network.id, "forged"),
    ):
        with pytest.raises(NotFound):
            db.read_sync(read)
    with pytest.raises(NotFound):
        db.write_sync(service.sign_up, other_network.id, session_id, secret=SECRET, first_name="B", email="b@x.be")
    with pytest.raises(NotFound):
        db.write_sync(service.cancel_signup, other_network.id, result.signup_id)
    with pytest.raises(NotFound):
        db.write_sync(service.cancel_by_token, other_network.id, result.token, result.signup_id)
    _, other_session = make_session(db, network, people["facilitator"], name="Andere tafel")
    with pytest.raises(NotFound):  # a sign-up of another session of the same network
        db.write_sync(service.cancel_signup, network.id, result.signup_id, session_id=other_session)
    assert db.read_sync(lambda s: s.get(SignUp, result.signup_id).status) == SignUpStatus.CONFIRMED


def test_a_refusal_is_a_domain_error_with_its_message(db, network, people):
    _, session_id = make_session(db, network, people["facilitator"])
    sign(db, network, session_id, "A", "a@x.be")
    with pytest.raises(DomainError) as refused:
        sign(db, network, session_id, "A", "a@x.be")
    assert isinstance(refused.value, service.DialogueError)
    assert refused.value.field is None and "al ingeschreven" in refused.value.message
