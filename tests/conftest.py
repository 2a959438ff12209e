"""Shared test helpers: the CLI as a user runs it, an isolated HOME and git, the shared folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from herokube_testing import CliRun, run_herokube


def pytest_addoption(parser: pytest.Parser) -> None:
    # The one definition: every test folder's golden files read it through ``update_golden``.
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files and the examples' repositories from the current code",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def run_cli() -> Callable[..., CliRun]:
    """``run_cli("new", ...)``: the CLI as a user runs it (HOME isolated by ``isolated_home``)."""
    return run_herokube


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test reads the developer's HOME, git identity or config, Heroku token or colours."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in list(os.environ):
        if name.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_")) or name in _LEAKY_VARIABLES:
            monkeypatch.delenv(name)
    return home


_LEAKY_VARIABLES = ("EMAIL", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "HEROKU_API_KEY")
