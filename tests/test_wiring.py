"""The app is wired from one explicit list of capabilities, and importing a module registers nothing.

A fresh interpreter that imports only the app factory and builds the app finds every registry complete (policy
actions, menu, privacy providers, retention rules, signal sources, demo fillers), and equal to what the CLI sees
(`lerend-netwerk capabilities --json`, another fresh process)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.convertors import CONVERTOR_TYPES
from starlette.routing import NoMatchFound, Route

from lerend_netwerk.capabilities import CAPABILITIES
from lerend_netwerk.registry import Registry

PACKAGE = Path(__file__).resolve().parents[1] / "lerend_netwerk"
FACTORY_ONLY = """
import json, sys
from lerend_netwerk.app import create_app
from lerend_netwerk.settings import Settings
app = create_app(Settings(database_url="sqlite:///:memory:"))
print(json.dumps(app.state.registry.summary()))
"""


def fresh(*args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LN_")}
    done = subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def test_the_factory_alone_builds_complete_registries_equal_to_the_clis():
    from_factory = fresh("-c", FACTORY_ONLY)
    from_cli = fresh("-m", "lerend_netwerk", "capabilities", "--json")
    assert from_factory == from_cli
    assert from_factory["capabilities"] == [
        "networks",
        "accounts",
        "practices",
        "dialogue",
        "surveys",
        "signals",
        "offers",
        "work",
    ]
    assert from_factory["privacy"] == ["mail", "practices", "dialogue", "surveys", "signals", "offers", "work"]
    for rule in (
        "dialogue_signups",
        "survey_drafts",
        "survey_named_answers",
        "signal_contacts",
        "practice_follows",
        "offer_contacts",
    ):
        assert rule in from_factory["retention"]
    assert {"login_tokens", "sessions", "audit", "rate_limit_counters"} <= set(from_factory["retention"])
    assert {"mail_bodies", "mail_log"} <= set(from_factory["retention"])
    assert from_factory["jobs"] == [
        "retention",
        "outbox",
        "practices.digests",
        "dialogue.reminders",
        "offers.reminders",
    ]
    assert set(from_factory["signal_sources"]) == {"practice", "dialogue", "survey", "direct", "partner", "offer"}
    assert len(from_factory["demos"]) == 6
    for action in (
        "dialogue.manage",
        "surveys.results",
        "signals.manage",
        "practice.create",
        "members.manage",
        "offer.create",
        "work.manage",
    ):
        assert action in from_factory["actions"]


def test_every_route_name_is_namespaced_by_its_capability():
    for capability in CAPABILITIES:
        for route in capability.routes:
            if isinstance(route, Route):
                assert route.name.startswith(capability.name + ":"), (capability.name, route.name, route.path)


def test_a_capability_declares_nothing_twice_and_every_action_it_uses():
    registry = Registry.build()
    used = {
        route.endpoint.access.action
        for route in registry.routes
        if isinstance(route, Route) and getattr(route.endpoint, "access", None) and route.endpoint.access.action
    }
    assert used <= set(registry.policy.permissions)
    assert {item.route for item in registry.menu.items} <= {r.name for r in registry.routes if isinstance(r, Route)}


def _module_level_calls(tree: ast.Module) -> list[str]:
    """Bare calls at module level (statements like `policy.register(...)` or `RULES.append(...)`): the pattern
    that used to register a capability's parts as a side effect of importing it."""
    calls = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            calls.append(ast.unparse(node.value.func))
        if isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'":
            continue  # running the module as a script
        if isinstance(node, ast.If | ast.For):
            calls += [ast.unparse(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)]
    return calls


# SQLAlchemy's Index() at module level adds an index to its table's metadata: a model's schema, not a registry.
ALLOWED = {"Index"}


def test_importing_a_module_registers_nothing():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        calls = [c for c in _module_level_calls(ast.parse(path.read_text())) if c not in ALLOWED]
        if calls:
            found[str(path.relative_to(PACKAGE))] = calls
    assert found == {}


# -- which way the imports run --------------------------------------------------------------------------------

CAPABILITY_PACKAGES = frozenset(c.name for c in CAPABILITIES)  # networks, accounts, practices, dialogue, ...
WIRING = frozenset({"app", "cli", "registry", "capabilities", "capability", "__main__"})
# The foundation and the operator modules: among these, no package may import one that (indirectly) imports it.
FOUNDATION = (
    "accounts",
    "networks",
    "web",
    "retention",
    "backup",
    "audit",
    "db",
    "i18n",
    "settings",
    "mail",
    "outbox",
    "periodic",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The lerend_netwerk modules a file imports, at any level: at the top, inside functions, under TYPE_CHECKING.
    `from lerend_netwerk.x import y` counts as importing `lerend_netwerk.x.y` when that is a module."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules)
    return {m for m in found if m in modules and m != "lerend_netwerk"}


def import_graph() -> dict[str, set[str]]:
    """module -> the lerend_netwerk modules it imports (read from the source, nothing is imported)."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(paths)
    del paths["lerend_netwerk"]  # the package's own __init__: a docstring
    return {name: _imports(path, modules) for name, path in paths.items()}


def _unit(module: str) -> str:
    """The package or top-level module a module belongs to: lerend_netwerk.networks.queries -> networks."""
    return module.split(".")[1]


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, imported in import_graph().items():
        graph.setdefault(_unit(module), set()).update(_unit(m) for m in imported if _unit(m) != _unit(module))
    return graph


def _imported_by(unit: str, forbidden: set[str]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, imported in import_graph().items()
        if _unit(module) == unit
        for target in imported
        if _unit(target) in forbidden
    )


def test_networks_imports_no_capability():
    """Every capability builds on networks (roles, the policy, the menu), so networks may not build on any."""
    assert _imported_by("networks", set(CAPABILITY_PACKAGES - {"networks"}) | WIRING - {"capability"}) == []


def test_web_is_plumbing_only():
    """web/ knows no networks, accounts or other capability, and no wiring: what it needs comes in through the app
    factory (app.state) and the registry built there."""
    assert _imported_by("web", set(CAPABILITY_PACKAGES) | WIRING) == []


def test_no_import_loop_among_the_foundation_and_operator_modules():
    graph = {unit: package_graph().get(unit, set()) & set(FOUNDATION) for unit in FOUNDATION}
    loops: list[list[str]] = []

    def visit(unit: str, path: list[str]) -> None:
        for target in sorted(graph[unit]):
            if target in path:
                loops.append([*path[path.index(target) :], target])
            else:
                visit(target, [*path, target])

    for unit in FOUNDATION:
        visit(unit, [unit])
    assert loops == [], "\n".join(" -> ".join(loop) for loop in loops)


def test_every_named_route_gets_the_path_starlette_makes():
    """`Urls.path` fills in a route's parameters from parts split once; for every route of the app, with every kind
    of parameter, the path is the one Starlette's own `url_path_for` makes, and a missing or extra parameter is
    refused as Starlette refuses it."""
    registry = Registry.build()
    samples = {"int": 42, "str": "zele", "path": "a/b.png"}
    routes = [r for r in registry.routes if isinstance(r, Route)]
    assert len(routes) > 100
    for route in routes:
        params = {
            key: samples[next(k for k, c in CONVERTOR_TYPES.items() if c is convertor)]
            for key, convertor in route.param_convertors.items()
        }
        assert registry.urls.path(route.name, **params) == route.url_path_for(route.name, **params), route.path
        with pytest.raises(NoMatchFound):
            registry.urls.path(route.name, **params, unknown=1)
        if params:
            with pytest.raises(NoMatchFound):
                registry.urls.path(route.name, **dict(list(params.items())[1:]))


def test_the_indexed_router_picks_the_route_starlettes_router_picks():
    """`IndexedRouter` tries only the routes whose leading words agree with the path. For a path made from every
    route, with parameters spelled like other routes' words (a network called "signalen", a token "link"), every
    method, a slash added or left off, and paths no route has: the route it picks first (a full match, else the
    first partial one: a 405) is the one Starlette's loop over every route picks."""
    from starlette.routing import Match

    from lerend_netwerk.app import create_app
    from lerend_netwerk.settings import Settings

    router = create_app(Settings(database_url="sqlite:///:memory:")).router
    words = sorted({w for route in router.routes for w in route.path.split("/") if w and "{" not in w})
    routes = [r for r in router.routes if isinstance(r, Route)]
    paths = {"/", "/onbekend", "/n", "/n/zele/onbekend/1", "/static/css/app.css", "/static", "//n//signalen"}
    for route in routes:
        for sample in ("zele", *words[:: max(1, len(words) // 4)], "signalen", "link", "n", "b"):
            params = {
                key: {"int": 42, "str": sample, "path": f"{sample}/b.png"}[
                    next(k for k, c in CONVERTOR_TYPES.items() if c is convertor)
                ]
                for key, convertor in route.param_convertors.items()
            }
            path = str(route.url_path_for(route.name, **params))
            paths |= {path, path + "/", path.rstrip("/") or "/", path + "/extra"}

    def first(candidates: list, scope: dict) -> object:
        matches = [(route.matches(scope)[0], i) for i, route in enumerate(candidates)]
        full = [candidates[i] for m, i in matches if m is Match.FULL]
        partial = [candidates[i] for m, i in matches if m is Match.PARTIAL]
        return (full or partial or [None])[0]

    assert len(paths) > 500
    for path in sorted(paths):
        for method in ("GET", "POST", "DELETE"):
            scope = {"type": "http", "path": path, "root_path": "", "method": method}
            assert first(router.routes_for(path), scope) is first(router.routes, scope), (method, path)
