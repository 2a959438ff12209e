"""Helpers for the runtime tests: corpus discovery, Dockerfile rendering, hadolint."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import pytest

from herokube.load.runtime import detect_runtime
from herokube.model import Notice, Runtime
from herokube.plan.dockerfile import dockerfile_answers

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "chart-templates"
CORPUS = Path("/work/shared/corpus")
APPS = Path(__file__).resolve().parent / "apps"


def parse_procfile(text: str) -> dict[str, str]:
    """Heroku's Procfile reading, enough for tests (the real reader is herokube.load.procfile)."""
    import re

    result: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line)
        if match:
            result[match.group(1)] = match.group(2).strip()
    return result


def detect_dir(root: Path, **kwargs: Any) -> tuple[Runtime, tuple[Notice, ...]]:
    app_json_file = root / "app.json"
    app_json = json.loads(app_json_file.read_text()) if app_json_file.is_file() else None
    return detect_runtime(root, app_json=app_json, **kwargs)


def processes_of(root: Path, runtime: Runtime) -> dict[str, str]:
    app_json_file = root / "app.json"
    app_json = json.loads(app_json_file.read_text()) if app_json_file.is_file() else {}
    env = app_json.get("env", {}) if isinstance(app_json, dict) else {}
    override = env.get("PROCFILE_PATH") if isinstance(env, dict) else None
    procfile = root / (override if isinstance(override, str) else "Procfile")
    if procfile.is_file():
        return parse_procfile(procfile.read_text())
    return dict(runtime.default_processes)


def render(name: str, answers: Mapping[str, Any], app_name: str) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template(name).render(dockerfile=answers, app_name=app_name)


def render_app(root: Path, app_name: str = "app") -> tuple[str, dict[str, Any], Runtime]:
    runtime, _ = detect_dir(root)
    answers = dockerfile_answers(runtime, processes_of(root, runtime), app_name=app_name)
    json.dumps(answers)  # must be JSON-able
    return render("Dockerfile.jinja", answers, app_name), answers, runtime


def hadolint_binary() -> str | None:
    candidate = Path(sys.executable).parent / "hadolint"
    if candidate.is_file():
        return str(candidate)
    return shutil.which("hadolint")


def hadolint(text: str, tmp_path: Path) -> list[dict[str, Any]]:
    binary = hadolint_binary()
    if binary is None:
        pytest.skip("hadolint is not installed")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(text)
    result = subprocess.run(
        [binary, "--no-fail", "-f", "json", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return json.loads(result.stdout or "[]")


def corpus_app(name: str) -> Path:
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"corpus app {name} is not present at {CORPUS}")
    return path


# Captured at import: other folders' conftest modules share the name "conftest" in sys.modules.
_HELPERS = sys.modules[__name__]


@pytest.fixture
def rt() -> Any:
    """These helpers, for tests (test modules here are not a package, so they cannot import them)."""
    return _HELPERS
