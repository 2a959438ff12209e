"""Shared helpers for the export tests: an isolated environment, the fake API and a CLI runner."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from herokube_testing import CliRun, run_herokube

sys.path.insert(0, str(Path(__file__).parent))

from herokube.heroku_api import client as client_module

from .fake_platform_api import TOKEN, AppFixture, FakePlatformApi, build_app

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
SHIPPED_SCHEMA = REPO / "generator" / "herokube" / "schemas" / "heroku-app-export.v1.schema.json"
SHARED_SCHEMA = SHARED / "export-format" / "heroku-app-export.v1.schema.json"
PLATFORM_SCHEMA = SHARED / "schemas" / "heroku" / "platform-api.schema.json"

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared (the project's shared specs) is not next to the repo"
)


CliResult = CliRun


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean HOME and working directory, no Heroku variables, and retries without waiting."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in (
        "HEROKU_API_KEY",
        "HEROKU_APP",
        "HEROKUBE_API_URL",
        "HEROKUBE_SCHEDULER_URL",
        "HEROKUBE_API_TIMEOUT",
        "NETRC",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(work)
    monkeypatch.setattr(
        client_module,
        "DEFAULT_RETRY",
        client_module.RetryPolicy(attempts=2, rate_limit_attempts=3, backoff=0.0, max_wait=0.0),
    )
    return work


@pytest.fixture
def api() -> Iterator[FakePlatformApi]:
    """The fake Platform API, serving nothing yet; see ``app_fixture``."""
    with FakePlatformApi() as server:
        yield server


@pytest.fixture
def app_fixture(api: FakePlatformApi) -> AppFixture:
    """The default app (acme-shop) served by ``api``."""
    return api.add(build_app())


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliResult]:
    """Run ``herokube ARGS`` in-process through ``herokube.cli.main``; ``env`` adds variables."""

    def run(*args: str, env: dict[str, str] | None = None) -> CliResult:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        return run_herokube(*args)

    return run


@pytest.fixture
def export(cli: Callable[..., CliResult], api: FakePlatformApi) -> Callable[..., CliResult]:
    """``herokube export APP --api-url <fake>`` with the fake's token; extra args appended."""

    def run(*args: str, app: str = "acme-shop", token: str | None = TOKEN) -> CliResult:
        env = {"HEROKU_API_KEY": token} if token is not None else {}
        return cli("export", app, "--api-url", api.url, *args, env=env)

    return run


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
