"""Every capability has the same rooms for the same purposes (issue 12), and the rules that keep them so:
routes run no queries, no internal path is built by hand, "not found" is one exception."""

from __future__ import annotations

import ast
from pathlib import Path

from lerend_netwerk.capabilities import CAPABILITIES

PACKAGE = Path(__file__).resolve().parents[1] / "lerend_netwerk"
SKELETON = (
    "__init__.py",  # a docstring
    "capability.py",  # the declaration
    "models.py",  # mapped classes
    "service.py",  # writes: transactions, locks, the audit entry
    "queries.py",  # reads for pages, scoped to a network
    "forms.py",  # form data -> typed values and errors
    "routes/__init__.py",  # the capability's route list
    "routes/public.py",  # what visitors and participants use
    "routes/staff.py",  # what needs a staff role
)
# Site paths the app serves; a string that starts with one of these is a hand-built internal link.
INTERNAL = ("/n/", "/b/", "/inloggen", "/uitloggen", "/mijn", "/beheer", "/privacy", "/sessie", "/taal")


def test_every_capability_package_has_the_same_skeleton():
    for capability in CAPABILITIES:
        folder = PACKAGE / capability.name
        expected = list(SKELETON)
        if capability.privacy or capability.retention:
            expected.append("privacy.py")  # its privacy provider and retention rules
        if capability.demo:
            expected.append("demo.py")
        missing = [name for name in expected if not (folder / name).is_file()]
        assert missing == [], f"{capability.name} lacks {missing}"


def _route_modules() -> list[Path]:
    return sorted(path for c in CAPABILITIES for path in (PACKAGE / c.name / "routes").glob("*.py"))


def test_no_route_module_holds_a_query():
    """Routes parse, authorise, call a service or a query, and render: reads live in queries.py, writes in
    service.py. A routes module that imports SQLAlchemy is building a query."""
    offenders = []
    for path in _route_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] == "sqlalchemy"]
    assert offenders == []


def _hand_built_paths(tree: ast.Module) -> list[str]:
    patterns: set[int] = set()  # Route("/n/{network}/...") and the constants they are built from are patterns
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Route", "Mount") and node.args:
            patterns.update(id(n) for n in ast.walk(node.args[0]))
    found = []
    for node in ast.walk(tree):
        if id(node) in patterns:
            continue
        if isinstance(node, ast.JoinedStr):
            patterns.update(id(part) for part in node.values)  # judged as a whole, below
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            text = str(node.values[0].value)
            if text.startswith(INTERNAL):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(INTERNAL):
            found += [node.value] if "{" not in node.value else []  # "/n/{network}/..." is a route pattern
    return found


def test_no_internal_path_is_built_by_hand():
    """Links and redirects come from route names (`path_for`, `url_for`, `registry.urls`), so a path changes in
    one place and a typo is an error, not a dead link."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        hits = _hand_built_paths(ast.parse(path.read_text()))
        if hits:
            found[str(path.relative_to(PACKAGE))] = hits
    assert found == {}


def test_not_found_is_one_exception():
    """A missing row is `web.errors.NotFound`, raised where it is looked up; no module raises or catches a bare
    LookupError (which would also turn a KeyError bug into a 404)."""
    users = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "LookupError" in p.read_text()]
    assert users == []
