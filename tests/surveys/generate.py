"""Fill a survey with many generated responses straight through the service (deterministic)."""

from __future__ import annotations

import random

from lerend_netwerk.surveys import answers, queries, service_answers
from lerend_netwerk.surveys.models import Kind, Mode


def fill(db, network_id: int, survey_id: int, n: int, *, seed: int = 7) -> None:  # noqa: ANN001
    rng = random.Random(seed)

    def run(session):  # noqa: ANN001, ANN202
        view = queries.survey_view(session, network_id, survey_id)
        for i in range(n):
            given: dict[str, object] = {}
            for qv in answers.visible(view, {}) + [q for q in view.open_questions() if q.question.show_if_question_id]:
                kind = qv.question.kind
                if kind is Kind.MULTIPLE:
                    given[str(qv.id)] = sorted(rng.sample([o.id for o in qv.options], rng.randint(1, 2)))
                elif qv.options:
                    weights = [len(qv.options) - k for k in range(len(qv.options))]
                    given[str(qv.id)] = rng.choices([o.id for o in qv.options], weights)[0]
                elif kind is Kind.NUMBER:
                    given[str(qv.id)] = rng.randint(0, 5)
                elif rng.random() < 0.5:
                    given[str(qv.id)] = rng.choice(["Te duur", "Geen vervoer", "Ik ken niemand", "Geen tijd"])
            mode = [Mode.SELF, Mode.ASSISTED, Mode.PAPER][i % 3]
            token = service_answers.start_draft(session, network_id, survey_id, language="nl", mode=mode)
            session.flush()
            draft = queries.get_draft(session, network_id, survey_id, token)
            service_answers.save_answers(session, network_id, draft.id, given)
            session.flush()
            service_answers.submit(session, network_id, survey_id, token)

    db.write_sync(run)
