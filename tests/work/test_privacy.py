"""My data: a person sees the working groups they are in and what they lead; erasing takes them out of the groups
and leaves groups and actions without a trekker, the plan itself stays."""

from __future__ import annotations

from sqlalchemy import func, select

from lerend_netwerk.accounts import mydata
from lerend_netwerk.registry import Registry
from lerend_netwerk.work import service
from lerend_netwerk.work.models import Action, GroupMember, WorkGroup
from tests.work.helpers import make_action, make_group


def test_my_data_shows_and_erases_the_persons_place_in_the_work(db, network, people):
    group_id = make_group(db, network, people)  # the member is its trekker
    db.write_sync(
        service.add_member,
        network.id,
        group_id,
        person_id=people["member"].id,
        organisation_id=None,
        role="sleutelfiguur",
        actor_id=None,
    )
    make_action(db, network, people, title="Zwemles aan kansentarief")
    providers = Registry.build().privacy
    data = db.read_sync(mydata.export, people["member"].id, providers)["work"]
    kinds = {(row["kind"], row.get("group") or row.get("action")) for row in data}
    assert kinds == {
        ("working_group_member", "Werkgroep kind"),
        ("working_group_trekker", "Werkgroep kind"),
        ("plan_action_trekker", "Zwemles aan kansentarief"),
    }
    db.write_sync(mydata.erase, people["member"].id, providers, actor_id=None)
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(GroupMember))) == 0
    assert db.read_sync(lambda s: s.scalar(select(WorkGroup.trekker_id))) is None
    assert db.read_sync(lambda s: s.scalar(select(Action.trekker_id))) is None
    assert db.read_sync(lambda s: s.scalar(select(Action.title))) == "Zwemles aan kansentarief"
