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

from starlette.routing import Route

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
    assert from_factory["capabilities"] == ["networks", "accounts", "practices", "dialogue", "surveys", "signals"]
    assert from_factory["privacy"] == ["practices", "dialogue", "surveys", "signals"]
    for rule in ("dialogue_signups", "survey_drafts", "survey_named_answers", "signal_contacts", "practice_follows"):
        assert rule in from_factory["retention"]
    assert {"login_tokens", "sessions", "audit", "rate_limit_counters"} <= set(from_factory["retention"])
    assert set(from_factory["signal_sources"]) == {"practice", "dialogue", "survey", "direct", "partner"}
    assert len(from_factory["demos"]) == 4
    for action in ("dialogue.manage", "surveys.results", "signals.manage", "practice.create", "members.manage"):
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
