"""Shared fixtures. Golden files: run ``pytest --update-golden`` (or DRAFTER_UPDATE_GOLDEN=1)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))
SOURCE_PROFILES = ["megamastering", "emastered", "masterchannel", "megasecurity", "melogen"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden") or os.environ.get("DRAFTER_UPDATE_GOLDEN"))


@pytest.fixture
def root() -> Path:
    return ROOT


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its parent has stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.fixture(autouse=True, scope="module")
def _no_browser_left_running() -> Iterator[None]:
    """A PDF test leaves its process's browser open (drafter keeps it for the next PDF);
    Playwright's sync API then holds an event loop in this thread, which prompt_toolkit's
    asyncio.run would refuse, so each test module ends with the browser closed."""
    yield
    browser = sys.modules.get("drafter.render.browser")
    if browser is not None:
        browser._close_at_exit()
        browser._current = None
