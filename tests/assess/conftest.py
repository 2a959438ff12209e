"""Helpers for the assess tests: run the CLI in-process, golden files, small exports."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from herokube_testing import CliRun, run_herokube

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
SHARED = REPO.parent / "shared"


CliResult = CliRun


@pytest.fixture
def herokube(monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``herokube ARGS...`` in-process from the repository root (paths in outputs stay relative)."""
    monkeypatch.chdir(REPO)
    return run_herokube


@pytest.fixture
def golden(update_golden: bool) -> Callable[[str, str], None]:
    """Compare ``text`` with ``golden/<name>``; ``pytest --update-golden`` rewrites it instead."""
    update = update_golden

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"{path} is missing: run pytest tests/assess --update-golden"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(True), text.splitlines(True), f"golden/{name}", "output"
                )
            )
            pytest.fail(
                f"output differs from golden/{name} (pytest --update-golden rewrites it):\n{diff}"
            )

    return check


def write_export(folder: Path, name: str, **parts: Any) -> Path:
    """A small export file: one web process, and whatever ``parts`` add or replace."""
    document: dict[str, Any] = {
        "schema_version": "heroku-app-export/v1",
        "app": {"name": name, "region": "eu", "stack": "heroku-24"},
        "formation": [
            {
                "type": "web",
                "command": "bundle exec puma -C config/puma.rb",
                "quantity": 1,
                "size": "standard-1x",
            }
        ],
    }
    document.update(parts)
    path = folder / f"{name}.export.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def postgres_addon(
    name: str, billing_app: str, *attached: str, version: str = "15"
) -> dict[str, Any]:
    return {
        "name": name,
        "service": "heroku-postgresql",
        "plan": "heroku-postgresql:standard-0",
        "state": "provisioned",
        "billing_app": billing_app,
        "attachments": [{"name": "DATABASE", "app": app} for app in (billing_app, *attached)],
        "config_vars": ["DATABASE_URL"],
        "details": {"postgres_version": version},
    }


def addon_config_var(name: str, addon: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": None,
        "redacted": True,
        "secret": True,
        "source": {"kind": "addon", "addon": addon},
    }
