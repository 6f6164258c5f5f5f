"""The Nu HTML Checker (vnu, the W3C's validator) over the HTML of every page the walks fetched.

A pytest plugin (listed in tests/conftest.py's `pytest_plugins`): the session fixture ``html_pages`` is a
:class:`HtmlPages` the walks add each page's HTML to (tests/test_nojs.py, tests/browser/test_accessibility.py);
tests/test_html_valid.py, moved to the end of the run by the hook below, writes them all to a folder and checks
them in ONE ``java -jar vnu.jar`` call (the JVM starts once: seconds for hundreds of pages). The terminal summary
says how many pages were checked. vnu.jar comes from npm (vnu-jar, pinned in package.json), Java from Debian;
`.ci/setup --test` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHECK_MODULE = "test_html_valid.py"  # runs after every other test, so after the walks
VNU_TIMEOUT = 600
# One short run: the JVM's quick compiler alone costs less than half the CPU time of the default tiered one. It needs
# a deeper stack than the default for vnu's schema (a StackOverflowError with 1 MB; vnu asks for at least 512 kB
# under the default compiler).
JAVA_OPTIONS = ("-Xss16m", "-XX:TieredStopAtLevel=1")


@dataclass
class HtmlPages:
    """HTML documents to validate, each under a name that says where it came from (walk, role, path)."""

    pages: dict[str, str] = field(default_factory=dict)  # html -> the first name it was fetched under
    fetched: int = 0  # pages added, identical documents included

    def add(self, name: str, html: str) -> None:
        self.fetched += 1
        self.pages.setdefault(html, name)

    def __len__(self) -> int:
        return len(self.pages)


@dataclass
class VnuResult:
    checked: int
    seconds: float
    errors: list[str]  # "<page name>:<line>:<column>: <message>"
    warnings: list[str]


def run_vnu(pages: HtmlPages, folder: Path) -> VnuResult:
    """Write every page to `folder` and check them all in one vnu call; errors and warnings by page name."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `bash .ci/setup --test` (installs Debian's default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `bash .ci/setup` (npm ci installs vnu-jar)")
    names: dict[str, str] = {}
    for number, (html, name) in enumerate(pages.pages.items(), start=1):
        path = folder / f"page-{number:05d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    started = time.monotonic()
    done = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
        check=False,
    )
    seconds = time.monotonic() - started
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    errors: list[str] = []
    warnings: list[str] = []
    for message in messages:
        url = message.get("url", "")
        name = names.get(url.rsplit("/", 1)[-1], url)
        where = f"{name}:{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"
        text = f"{where}: {message.get('message', '')}"
        if message.get("extract"):
            text += f"\n    {message['extract'].strip()}"
        if message.get("type") == "info":
            if message.get("subType") == "warning":
                warnings.append(text)
        else:  # "error", and "non-document-error" (a page vnu could not read)
            errors.append(text)
    return VnuResult(checked=len(names), seconds=seconds, errors=errors, warnings=warnings)


_RESULT = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def html_pages() -> HtmlPages:
    """The pages the walks fetched, for tests/test_html_valid.py."""
    return HtmlPages()


def report(config: pytest.Config, line: str) -> None:
    """Keep `line` for the terminal summary at the end of the run."""
    config.stash[_RESULT] = line


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The HTML check goes last, after the walks that collect the pages (a stable sort keeps the rest in order)."""
    items.sort(key=lambda item: item.path.name == CHECK_MODULE)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    line = config.stash.get(_RESULT, None)
    if line:
        terminalreporter.write_sep("-", "Nu HTML Checker")
        terminalreporter.write_line(line)
