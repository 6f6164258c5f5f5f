"""Fill a survey with many generated responses straight through the service (deterministic)."""

from __future__ import annotations

import random

from lerend_netwerk.surveys import answering
from lerend_netwerk.surveys.builder import get_survey, load
from lerend_netwerk.surveys.models import Kind, Mode


def fill(db, network_id: int, survey_id: int, n: int, *, seed: int = 7) -> None:  # noqa: ANN001
    rng = random.Random(seed)

    def run(session):  # noqa: ANN001, ANN202
        view = load(session, get_survey(session, network_id, survey_id))
        for i in range(n):
            answers: dict[str, object] = {}
            for qv in answering.visible(view, {}) + [
                q for q in view.open_questions() if q.question.show_if_question_id
            ]:
                kind = qv.question.kind
                if kind is Kind.MULTIPLE:
                    answers[str(qv.id)] = sorted(rng.sample([o.id for o in qv.options], rng.randint(1, 2)))
                elif qv.options:
                    weights = [len(qv.options) - k for k in range(len(qv.options))]
                    answers[str(qv.id)] = rng.choices([o.id for o in qv.options], weights)[0]
                elif kind is Kind.NUMBER:
                    answers[str(qv.id)] = rng.randint(0, 5)
                elif rng.random() < 0.5:
                    answers[str(qv.id)] = rng.choice(["Te duur", "Geen vervoer", "Ik ken niemand", "Geen tijd"])
            mode = [Mode.SELF, Mode.ASSISTED, Mode.PAPER][i % 3]
            token = answering.start_draft(session, survey_id, language="nl", mode=mode)
            session.flush()
            draft = answering.get_draft(session, survey_id, token)
            answering.save_answers(session, draft.id, answers)
            session.flush()
            answering.submit(session, survey_id, token)

    db.write_sync(run)
