"""Who may use the signals board's routes. The board and everything internal: stuurgroep and coordinator of the
network. The dialogue-table feedback sheet: also facilitators. Reporting and the feedback page: anyone.

Setups run on a fresh database per case, so the first signal made in a setup has id 1 (the merge case uses that)."""

from __future__ import annotations

from datetime import date
from typing import Any

from lerend_netwerk.signals.models import Status
from lerend_netwerk.signals.service import Incoming, create_meeting, move, receive
from tests.matrix import EVERYONE, Case
from tests.signals.helpers import decide

BOARD = frozenset({"steering", "coordinator"})
SHEET = frozenset({"facilitator", "steering", "coordinator"})


def _signal(db, network, title: str = "Zwemles te duur", status: Status = Status.NEW, **kw: Any) -> int:  # noqa: ANN001
    def make(session) -> int:  # noqa: ANN001
        signal = receive(session, network.id, Incoming(title=title, kind=kw.pop("kind", "direct"), **kw), actor_id=None)
        signal.status = status
        return signal.id

    return db.write_sync(make)


def a_signal(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    return {"id": _signal(db, network)}


def a_decided_signal(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    signal_id = _signal(db, network, contact_email="iemand@example.org")
    decide(db, network, signal_id)  # "Beslist" needs the decision
    db.write_sync(lambda s: move(s, network.id, signal_id, Status.DECIDED, "Besproken", actor_id=None))
    return {"id": signal_id}


def two_signals(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    _signal(db, network, "Zwemles is te duur")  # id 1, merged into the next one
    return {"id": _signal(db, network, "Zwemlessen zijn te duur")}


def signal_without_params(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    _signal(db, network)  # id 1, put on the agenda
    return {}


def a_meeting(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    signal_id = _signal(db, network)
    meeting = db.write_sync(
        lambda s: create_meeting(
            s, network.id, "Stuurgroep", date(2026, 3, 1), [signal_id], actor_id=people["steering"].id
        )
    )
    return {"id": meeting.id}


def a_dialogue_source(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    _signal(db, network, kind="dialogue", link="/n/zele/dialoogtafels/sessies/1", label="Tafel 1")
    return {}


CASES = [
    Case("signals:board", BOARD, setup=signal_without_params),
    Case("signals:detail", BOARD, setup=a_signal),
    Case("signals:move", BOARD, method="POST", setup=a_signal, data={"status": "gebundeld", "reden": "Besproken"}),
    Case(
        "signals:move_on_board",
        BOARD,
        method="POST",
        setup=signal_without_params,  # the board's shared move form names the signal (id 1) in a field
        data={"signaal": "1", "status": "gebundeld", "reden": "Besproken"},
    ),
    Case(
        "signals:follow_up",
        BOARD,
        method="POST",
        setup=a_signal,
        data={"beslissing": "We doen het", "vervaldatum": "2026-06-30"},
    ),
    Case(
        "signals:feedback_save",
        BOARD,
        method="POST",
        setup=a_decided_signal,
        data={"terugkoppeling": "Gedaan", "publiceren": "1"},
    ),
    Case("signals:merge", BOARD, method="POST", setup=two_signals, data={"nummer": "1", "reden": "dubbel"}),
    Case("signals:figures", BOARD, setup=signal_without_params),
    Case("signals:agenda", BOARD),
    Case(
        "signals:create_meeting",
        BOARD,
        method="POST",
        setup=signal_without_params,
        data={"titel": "Stuurgroep maart", "datum": "2026-03-10", "signalen": "1"},
    ),
    Case("signals:meeting", BOARD, setup=a_meeting),
    Case("signals:meeting_agenda", BOARD, method="POST", setup=a_meeting, data={"punt": "Rondvraag"}),
    Case(
        "signals:meeting_minutes",
        BOARD,
        method="POST",
        setup=a_meeting,
        data={"verslag": "We bespraken het signaal."},
    ),
    Case("signals:bundle", BOARD, setup=signal_without_params),
    Case("signals:export_csv", BOARD, setup=signal_without_params),
    Case("signals:export_json", BOARD, setup=signal_without_params),
    Case("signals:sheet", SHEET, setup=a_dialogue_source),
    Case("signals:report", EVERYONE),
    Case("signals:report_post", EVERYONE, method="POST", data={"titel": "De speeltuin is te ver"}),
    Case("signals:feedback", EVERYONE, note="public: only published feedback, nothing internal"),
]
