"""The README tells an operator the truth: the two set-up commands come first, every setting and every command
of `lerend-netwerk` is documented, and the demo addresses are the ones the demo creates."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import fields
from pathlib import Path

import pytest

from lerend_netwerk.cli import COMMANDS, main
from lerend_netwerk.demo import DEMO_EMAILS
from lerend_netwerk.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text under `## title`, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.MULTILINE | re.DOTALL)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def help_text(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main([*argv, "--help"])
    return out.getvalue()


def test_readme_opens_with_exactly_the_two_commands():
    first_block = re.search(r"^```[a-z]*\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
    assert first_block, "README has no code block"
    assert first_block.start() < README.index("\n## "), "the commands must come before the first section"
    commands = [line.strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["bash .ci/dev", "bash .ci/test"]


def test_ci_runs_the_readme_test_command():
    run = (ROOT / ".ci" / "run").read_text()
    assert "bash .ci/test" in run


def test_every_setting_is_in_the_settings_table():
    table = section("Settings")
    documented = set(re.findall(r"^\| `(LN_[A-Z0-9_]+)` \|", table, flags=re.MULTILINE))
    missing = [f"LN_{f.name.upper()}" for f in fields(Settings) if f"LN_{f.name.upper()}" not in documented]
    assert not missing, (
        "Add a row to the README's settings table (| `LN_NAME` | default | meaning |) for: " + ", ".join(missing)
    )


def test_every_command_is_documented():
    listed = re.search(r"\{([a-z,-]+)\}", help_text())
    assert listed, "lerend-netwerk --help lists no subcommands"
    assert set(listed.group(1).split(",")) == set(COMMANDS)
    table = section("Command line")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `lerend-netwerk ([a-z-]+)[^|]*\|", table, re.MULTILINE)}
    undocumented = sorted(set(COMMANDS) - set(rows))
    assert not undocumented, "Add a row to the README's command table for: " + ", ".join(undocumented)
    for command, row in rows.items():
        if command not in COMMANDS:
            continue
        options = set(re.findall(r"(--[a-z][a-z-]+)", help_text(command))) - {"--help"}
        missing = sorted(o for o in options if o not in row)
        assert not missing, f"README's row for `lerend-netwerk {command}` does not mention {missing}"


def test_demo_addresses_are_listed():
    missing = [email for email in DEMO_EMAILS if email not in README]
    assert not missing, f"README does not list the demo addresses {missing}"
    assert "lerend-netwerk login-link coordinator@zele.example" in README
