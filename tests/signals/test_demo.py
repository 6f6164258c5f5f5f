"""The demo has about 60 signals across the three networks, in every column, with history, merges, an agenda
and published feedback."""

from __future__ import annotations

from sqlalchemy import func, select

from lerend_netwerk.demo import fill
from lerend_netwerk.meetings.models import Attendance, Body, Meeting
from lerend_netwerk.networks.models import Network
from lerend_netwerk.signals.models import Signal, SignalEvent, SignalFollowUp, Status
from lerend_netwerk.signals.service import missing


def test_demo_fills_the_board_in_every_column(db, settings, client, registry):
    assert db.write_sync(fill, settings, registry)

    def facts(session):
        per_network = dict(
            session.execute(select(Network.slug, func.count()).join(Signal).group_by(Network.slug)).all()
        )
        statuses = set(session.scalars(select(Signal.status).where(Signal.merged_into_id.is_(None))))
        return {
            "per_network": per_network,
            "statuses": statuses,
            "merged": session.scalar(select(func.count()).where(Signal.merged_into_id.is_not(None))),
            "moves": session.scalar(select(func.count()).where(SignalEvent.kind == "moved")),
            "meetings": session.scalar(select(func.count()).select_from(Meeting).where(Meeting.body == Body.STEERING)),
            "present": session.scalar(
                select(func.count())
                .select_from(Attendance)
                .join(Meeting, Meeting.id == Attendance.meeting_id)
                .where(Meeting.body == Body.STEERING)
            ),
            "published": session.scalar(select(func.count()).where(SignalFollowUp.feedback_published_at.is_not(None))),
            # what each column's phase needs (a decision, an action and trekker, published feedback, a reason)
            "lacking": [
                (signal.title, status, missing(status, follow))
                for signal, status, follow in session.execute(
                    select(Signal, Signal.status, SignalFollowUp)
                    .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
                    .where(Signal.merged_into_id.is_(None))
                )
                if missing(status, follow)
            ],
        }

    result = db.read_sync(facts)
    # 20 of the signals demo's own per network; other demos hand over points too (Temse's dialogue table does)
    assert set(result["per_network"]) == {"zele", "temse", "wevelgem"}
    assert all(count >= 20 for count in result["per_network"].values())
    assert result["statuses"] == set(Status)
    assert result["merged"] == 3 and result["moves"] > 60 and result["meetings"] == 6 and result["present"] >= 6
    assert result["published"] >= 6
    assert result["lacking"] == []
    page = client.get("/n/temse/jullie-zeiden-wij-deden")
    assert "vrijetijdspas" in page.text and "Interne nota" not in page.text
