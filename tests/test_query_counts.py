"""Cost stays flat: every page that shows a list of rows runs the same number of SQL statements for K rows as
for 3K rows (no query per row, "N+1"), and no more than a fixed bound.

How it works: each entry of LIST_PAGES names a GET route, who looks at it, and a `grow` function that adds rows
to what the page shows (called twice: K rows, then 2K more). The test requests the page once to warm up, counts
the statements of one request, grows the data to 3K rows, and counts again. Statements are counted on the app's
engines with SQLAlchemy's `before_cursor_execute`; BEGIN/COMMIT/SAVEPOINT are not counted (SQLite sends them as
statements, psycopg does not), so the figures are the same on both databases.

The bound, BOUND statements per request, is what "a handful of indexed queries" means here: list pages run 2 to
15 today, counting the session lookup and the network; a signal's page is the one at 15, an action's page and a
working group's at 14.
A page that needs more says why in its own `bound`.

Adding a GET route: the classification test below fails until the route is in LIST_PAGES (it shows rows that
grow with data: give it a `grow` function) or in NOT_LISTS (a form, a single object, a file; say which).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event

from lerend_netwerk.db import Database
from tests.conftest import wait_until_heard
from tests.listdata import (
    admin_person,
    grow_audit,
    grow_codes,
    grow_link,
    grow_meeting_items,
    grow_meeting_page,
    grow_meetings,
    grow_members,
    grow_my_data,
    grow_network_signups,
    grow_networks,
    grow_outbox,
    grow_practice_page,
    grow_practices,
    grow_public_questions,
    grow_questions,
    grow_responses,
    grow_signal_meetings,
    grow_signal_page,
    grow_signals,
    grow_signups,
    grow_signups_attended,
    grow_surveys,
    grow_table_sessions,
    grow_tables,
    grow_thresholds,
    grow_versions,
)
from tests.offers.listdata import grow_offer_page, grow_offers
from tests.test_permissions import walk
from tests.work.listdata import (
    grow_action_page,
    grow_figures,
    grow_group_meeting,
    grow_group_page,
    grow_groups,
    grow_plan,
    grow_wijk,
    grow_wijken,
)

K = 2  # rows at the first count; the second count has 3 * K
BOUND = 16
NOT_COUNTED = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

Grow = Callable[[Database, Any, dict[str, Any], dict[str, Any], int], dict[str, Any]]


@dataclass(frozen=True)
class ListPage:
    route: str
    role: str  # as in tests/matrix.py ROLES, or "admin"
    grow: Grow  # adds n rows (the first call also makes what they hang on) and returns the path params
    query: str = ""
    bound: int = BOUND
    label: str = ""  # tells apart two entries for one route (filters)

    @property
    def id(self) -> str:
        return self.route + (f"[{self.label}]" if self.label else "")


@contextlib.contextmanager
def counting(database: Database) -> Iterator[list[str]]:
    """Collects the SQL statements sent on `database`'s engines while the block runs."""
    statements: list[str] = []

    def collect(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(NOT_COUNTED):
            statements.append(statement)

    engines = database.engines
    for engine in engines:
        event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", collect)


LIST_PAGES: list[ListPage] = [
    ListPage("networks:home", "visitor", grow_networks),
    ListPage("accounts:members", "coordinator", grow_members),
    ListPage("accounts:codes", "coordinator", grow_codes),
    ListPage("accounts:my_page", "coordinator", grow_networks),
    ListPage("networks:admin", "admin", grow_networks),
    ListPage("networks:audit_log", "coordinator", grow_audit),
    ListPage("networks:audit_csv", "coordinator", grow_audit),
    ListPage("networks:outbox", "coordinator", grow_outbox),
    ListPage("networks:outbox", "coordinator", grow_outbox, query="?stand=failed", label="failed"),
    # One statement per kind of personal data each capability keeps (about 20 kinds): flat, but above BOUND.
    ListPage("accounts:my_data", "coordinator", grow_my_data, bound=30),
    ListPage("accounts:my_data_json", "coordinator", grow_my_data, bound=30),
    ListPage("practices:list", "member", grow_practices),
    ListPage(
        "practices:list",
        "member",
        grow_practices,
        query="?drempel=schaamte&doelgroep=kinderen&sector=sport",
        label="filters",
    ),
    ListPage("practices:list", "visitor", grow_practices, label="visitor"),
    ListPage("practices:list", "member", grow_practices, query="?q=zwemles", label="search"),
    ListPage("practices:detail", "member", grow_practice_page),
    ListPage("practices:versions", "member", grow_versions),
    ListPage("practices:meetings", "member", grow_meetings),
    ListPage("practices:meeting", "member", grow_meeting_page),
    ListPage("practices:thresholds", "coordinator", grow_thresholds),
    ListPage("dialogue:list", "visitor", grow_tables),
    ListPage("dialogue:table", "visitor", grow_table_sessions),
    ListPage("dialogue:session", "visitor", grow_signups),
    ListPage("dialogue:manage", "facilitator", grow_signups),
    ListPage("dialogue:sheet", "facilitator", grow_signups),
    ListPage("dialogue:checkin", "facilitator", grow_signups),
    ListPage("dialogue:calls", "facilitator", grow_network_signups),
    ListPage("dialogue:compensations", "coordinator", grow_signups_attended),
    ListPage("dialogue:compensations_csv", "coordinator", grow_signups_attended),
    ListPage("dialogue:link", "visitor", grow_link),
    ListPage("signals:board", "steering", grow_signals),
    ListPage("signals:board", "steering", grow_signals, query="?thema=taal&bron=partner&zoek=bus", label="filters"),
    ListPage("signals:board", "steering", grow_signals, query="?kolom=nieuw", label="column"),
    ListPage("signals:detail", "steering", grow_signal_page),
    ListPage("signals:figures", "steering", grow_signals),
    ListPage("signals:agenda", "steering", grow_signal_meetings),
    ListPage("signals:meeting", "steering", grow_meeting_items),
    ListPage("signals:bundle", "steering", grow_signals),
    ListPage("signals:export_csv", "steering", grow_signals),
    ListPage("signals:export_json", "steering", grow_signals),
    ListPage("signals:sheet", "facilitator", grow_signals, query="?bron=/n/zele/dialoogtafels/sessies/1"),
    ListPage("signals:feedback", "visitor", grow_signals),
    ListPage("surveys:list", "facilitator", grow_surveys),
    ListPage("surveys:edit", "facilitator", grow_questions),
    ListPage("surveys:preview", "facilitator", grow_questions),
    ListPage("surveys:paper", "facilitator", grow_questions),
    ListPage("surveys:results", "facilitator", grow_responses, bound=6),  # session, network, one read of 4
    ListPage("surveys:results_print", "facilitator", grow_responses, bound=6),
    ListPage("surveys:export", "facilitator", grow_responses),
    ListPage("surveys:export_texts", "facilitator", grow_responses),
    ListPage("surveys:start", "visitor", grow_public_questions),
    ListPage("offers:list", "visitor", grow_offers),
    ListPage("offers:list", "member", grow_offers, label="member"),
    ListPage(
        "offers:list",
        "visitor",
        grow_offers,
        query="?leeftijd=kinderen&wijk=Kouter&prijs=gratis&zonder_inschrijven=1&spreekt=nl",
        label="filters",
    ),
    ListPage("offers:list", "visitor", grow_offers, query="?q=zwemles", label="search"),
    ListPage("offers:folder", "facilitator", grow_offers, query="?wijk=Kouter"),
    ListPage("offers:manage", "coordinator", grow_offers),
    ListPage("offers:detail", "member", grow_offer_page),
    ListPage("work:groups", "coordinator", grow_groups),
    ListPage("work:groups", "member", grow_groups, label="trekker"),
    ListPage("work:group", "coordinator", grow_group_page),
    ListPage("work:meeting", "member", grow_group_meeting),
    ListPage("work:plan", "steering", grow_plan),
    ListPage("work:plan_print", "steering", grow_plan),
    ListPage("work:plan_csv", "steering", grow_plan),
    ListPage("work:public_plan", "visitor", grow_plan),
    ListPage("work:action", "steering", grow_action_page),
    ListPage("work:wijken", "steering", grow_wijken),
    ListPage("work:wijk", "steering", grow_wijk),
    ListPage("work:figures", "coordinator", grow_figures),
]

# GET routes that show no list growing with the data: a form, one object, a file, a redirect.
NOT_LISTS: dict[str, str] = {
    "networks:healthz": "a health check",
    "networks:network": "the network's front page: its menu and themes",
    "networks:languages": "a form: the six languages the network may offer",
    "accounts:login": "a form",
    "accounts:link_confirm": "one login link",
    "dialogue:link_cancel_confirm": "one sign-up of the personal link (the same link_view as dialogue:link)",
    "accounts:oidc_start": "a redirect",
    "accounts:oidc_callback": "a redirect",
    "accounts:privacy": "a fixed text",
    "practices:new": "a form",
    "practices:edit": "a form with the practice's own files",
    "practices:file": "a file",
    "practices:thumb": "a file",
    "dialogue:new_table": "a form",
    "dialogue:new_sessions": "a form",
    "dialogue:edit": "a form",
    "signals:report": "a form",
    "surveys:new": "a form",
    "surveys:question": "a form for one question",
    "surveys:translation": "a form with the survey's texts",
    "surveys:poster": "one poster with a QR code",
    "surveys:resume": "a redirect",
    "surveys:step": "one question",
    "surveys:all": "the respondent's form; survey_start and survey_preview count its questions",
    "surveys:review": "the respondent's own answers",
    "surveys:thanks": "a fixed text",
    "surveys:media": "one question's recordings and pictures, loaded with the survey in one query",
    "surveys:media_file": "a file",
    "surveys:readability": "a hint about one text",
    "accounts:data_request": "a form",
    "offers:new": "a form",
    "offers:edit": "a form with the offer's photo count",
    "offers:ics": "one calendar entry",
    "offers:referral": "one offer on one sheet of paper",
    "offers:photo": "a file",
    # The pages below list one person's data through the same providers (accounts/mydata.export) as my_data,
    # whose statements are counted above as that data grows; they differ only in whose data and which network.
    "accounts:person_data": "mydata.export for one person of one network: counted through my_data",
    "accounts:person_data_json": "mydata.export for one person of one network: counted through my_data_json",
    "accounts:data_link": "mydata.export for an e-mail address: counted through my_data",
    "accounts:data_link_json": "mydata.export for an e-mail address: counted through my_data_json",
}


def test_every_get_route_is_a_list_page_or_says_why_not(app) -> None:  # noqa: ANN001
    gets = {info.name for info in walk(app.routes) if info.method == "GET"}
    listed = {page.route for page in LIST_PAGES}
    unclassified = sorted(gets - listed - set(NOT_LISTS))
    assert not unclassified, (
        f"GET routes {unclassified} are neither in LIST_PAGES nor in NOT_LISTS of {__file__}: give each list page "
        "a grow function, or say in NOT_LISTS why it shows no rows"
    )
    assert not (listed | set(NOT_LISTS)) - gets, "entries for routes that no longer exist"
    assert not listed & set(NOT_LISTS)


@pytest.mark.parametrize("page", LIST_PAGES, ids=lambda p: p.id)
def test_list_page_runs_the_same_queries_for_3k_rows_as_for_k(
    page: ListPage, app, client, db, network, people, login_as
) -> None:  # noqa: ANN001
    ctx: dict[str, Any] = {}
    params = page.grow(db, network, people, ctx, K)
    if page.role == "admin":
        client.cookies.clear()
        from lerend_netwerk.accounts import sessions

        token = db.write_sync(sessions.start, admin_person(db).id, "test")
        client.cookies.set(sessions.cookie_name(app.state.settings, "ln_session"), token)
    else:
        login_as(page.role)
    path_params = {"network": network.slug, **params} if "{network}" in _path(app, page.route) else params
    url = app.url_path_for(page.route, **path_params) + page.query

    def get() -> list[str]:
        with counting(db) as statements:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:500])
        return statements

    wait_until_heard(app)  # the cache forgets what it kept when it hears of the writes: not between two counts
    get()  # first request: caches that fill once per process are not what we count
    small = get()
    page.grow(db, network, people, ctx, 2 * K)
    wait_until_heard(app)
    get()  # growing may write a network (the kept networks are then forgotten, and read again once)
    large = get()
    assert len(large) == len(small), _explain(page, small, large)
    assert len(large) <= page.bound, _explain(page, small, large)


def _path(app: Any, name: str) -> str:
    return next(info.path for info in walk(app.routes) if info.name == name)


def _explain(page: ListPage, small: list[str], large: list[str]) -> str:
    lines = [f"{page.id}: {len(small)} statements for {K} rows, {len(large)} for {3 * K} (bound {page.bound})"]
    lines += ["  " + " ".join(s.split())[:160] for s in large]
    return "\n".join(lines)
