"""The demo survey: Wevelgem, Dutch and French, 200 answers in all three modes, the same every time."""

from __future__ import annotations

from sqlalchemy import func, select

from lerend_netwerk import demo
from lerend_netwerk.registry import Registry
from lerend_netwerk.surveys.models import Response, Survey


def test_demo_survey_has_200_answers_in_three_modes_and_french(db, settings, client):
    assert db.write_sync(demo.fill, settings, Registry.build())
    survey = db.read_sync(lambda s: s.scalars(select(Survey)).one())
    assert survey.title == "Wat houdt jou tegen om mee te doen?" and survey.languages == ["fr"]
    modes = db.read_sync(lambda s: dict(s.execute(select(Response.mode, func.count()).group_by(Response.mode)).all()))
    assert sum(modes.values()) == 200 and len(modes) == 3
    page = client.get(f"/b/{survey.code}")
    assert page.status_code == 200 and "Français" in page.text
