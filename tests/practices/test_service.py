"""The practices' services and queries on their own: every read and write is scoped to a network (another
network's id is NotFound, never its data), and refusals a person can act on are DomainErrors with their field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lerend_netwerk.meetings import service as service_meetings
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.practices import queries, service, uploads
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.practices.models import Visibility
from lerend_netwerk.web.errors import DomainError, NotFound
from tests.practices.helpers import make_practice


def _meeting(db, network, people):  # noqa: ANN001, ANN202
    return db.write_sync(
        service_meetings.create,
        network.id,
        title="Netwerkmoment",
        starts_at=datetime(2099, 1, 1, tzinfo=UTC),
        place="Zaal",
        actor_id=people["coordinator"].id,
    )


def test_another_networks_practice_is_not_found_through_this_network(db, network, other_network, people):
    practice = make_practice(db, network, people["member"], visibility=Visibility.PUBLIC)
    outsider = Viewer(people["outsider"].id, {other_network.id: Role.COORDINATOR})
    # public, so readable through its own network; asked for through another network's pages it does not exist
    assert db.read_sync(queries.practice_page, network.id, practice.id, outsider)["practice"].id == practice.id
    with pytest.raises(NotFound):
        db.read_sync(queries.practice_page, other_network.id, practice.id, outsider)
    with pytest.raises(NotFound):
        db.write_sync(service.add_comment, other_network.id, practice.id, "Hallo", viewer=outsider)
    with pytest.raises(NotFound):
        db.write_sync(
            service.save, other_network.id, {"title": "Over"}, actor_id=people["outsider"].id, practice_id=practice.id
        )


def test_a_network_only_practice_is_not_found_for_an_outsider(db, network, people):
    practice = make_practice(db, network, people["member"], visibility=Visibility.NETWORK)
    outsider = Viewer(people["outsider"].id, {})
    for read in (queries.practice_page, queries.version_history, queries.editable_practice):
        with pytest.raises(NotFound):
            db.read_sync(read, network.id, practice.id, outsider)
    with pytest.raises(NotFound):
        db.write_sync(service.toggle_follow, network.id, practice.id, viewer=outsider)


def test_adopting_from_a_network_one_is_not_staff_of_is_a_practice_error_at_its_field(
    db, network, other_network, people
):
    practice = make_practice(db, network, people["member"], visibility=Visibility.PUBLIC)
    member = Viewer(people["member"].id, {network.id: Role.MEMBER})
    with pytest.raises(service.PracticeError) as refused:
        db.write_sync(service.adopt, network.id, practice.id, other_network.id, "Ook bij ons", viewer=member)
    assert isinstance(refused.value, DomainError) and refused.value.field == "netwerk"
    adopted = db.write_sync(service.adopt, network.id, practice.id, network.id, "Ook bij ons", viewer=member)
    assert adopted.network_id == network.id


def test_a_threshold_type_of_the_same_name_is_refused_and_another_networks_type_is_not_found(
    db, network, other_network, people
):
    actor = people["coordinator"].id
    db.write_sync(service.add_threshold_type, network.id, "Wachtlijsten", "", actor_id=actor)
    with pytest.raises(service.PracticeError) as refused:
        db.write_sync(service.add_threshold_type, network.id, "wachtlijsten!", "", actor_id=actor)
    assert refused.value.field == "nieuw_naam"
    theirs = db.read_sync(
        lambda s: s.scalar(select(ThresholdType.id).where(ThresholdType.network_id == other_network.id))
    )
    with pytest.raises(NotFound):
        db.write_sync(service.rename_threshold_type, network.id, theirs, "Kosten", "", actor_id=actor)
    with pytest.raises(NotFound):
        db.write_sync(service.retire_threshold_type, network.id, theirs, actor_id=actor)


def test_meeting_reads_and_writes_are_scoped_to_the_network(db, network, other_network, people):
    meeting = _meeting(db, network, people)
    practice = make_practice(db, network, people["member"], title="Buddy bij de eerste training")
    db.write_sync(service_meetings.add_agenda_item, network.id, meeting.id, "Welkom", None)
    db.write_sync(service_meetings.add_agenda_item, network.id, meeting.id, "Buddy", practice.id)
    present = [people["member"].id]
    actor = people["coordinator"].id
    db.write_sync(service_meetings.record_minutes, network.id, meeting.id, "Kort", present, actor_id=actor)
    page = db.read_sync(queries.meeting_page, network.id, meeting.id)
    assert [(item.title, item.position) for item, _p in page["agenda"]] == [("Welkom", 0), ("Buddy", 1)]
    assert page["present"] == set(present)
    assert (people["member"].id, people["member"].name) in page["members"]
    assert (people["outsider"].id, people["outsider"].name) not in page["members"]
    with pytest.raises(NotFound):
        db.read_sync(queries.meeting_page, other_network.id, meeting.id)
    with pytest.raises(NotFound):
        db.write_sync(service_meetings.add_agenda_item, other_network.id, meeting.id, "Binnengesmokkeld", None)
    with pytest.raises(NotFound):
        db.write_sync(service_meetings.record_minutes, other_network.id, meeting.id, "Weg", [], actor_id=actor)


def test_a_refused_upload_is_a_domain_error_at_the_file_field(tmp_path):
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.store(tmp_path, "pagina.jpg", b"<html><script>alert(1)</script></html>", max_bytes=1_000_000)
    assert isinstance(refused.value, DomainError) and refused.value.field == uploads.FIELD
    assert "geen foto" in refused.value.message
