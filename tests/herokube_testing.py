"""Paths and helpers the tests share (import as ``from herokube_testing import ...``)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
SHARED = REPO_ROOT.parent / "shared"

# (name, herokube new arguments) for each bundled example.
EXAMPLE_ARGS: dict[str, tuple[str, ...]] = {
    "bookshelf": (
        str(EXAMPLES / "bookshelf" / "export.json"),
        "--source",
        str(EXAMPLES / "bookshelf" / "src"),
    ),
    "notes-api": (str(EXAMPLES / "notes-api" / "src"),),
    "hello-minimal": (str(EXAMPLES / "hello-minimal" / "export.json"),),
}


def shared_dir(*parts: str) -> Path:
    """A path in ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared folder is not beside this checkout)")
    return path


@dataclass(frozen=True)
class CliRun:
    """What one `herokube` run left: its exit code, stdout and stderr."""

    code: int
    out: str
    err: str


def run_herokube(*args: str | os.PathLike[str]) -> CliRun:
    """Run ``herokube ARGS`` in-process through the real entry point.

    The entry point's own error handling is included: one-line errors on stderr and the exit
    codes DESIGN.md fixes, so a test asserts exactly what a user sees.
    """
    from herokube.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["herokube", *map(str, args)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.argv = argv
    return CliRun(code, out.getvalue(), err.getvalue())


def grow_bookshelf_export(data: dict[str, Any]) -> None:
    """The bookshelf export a month later: a new process type and config var, Sentry gone.

    Shared by the update tests and the update benchmark, so both measure the same change.
    """
    data["formation"].append(
        {
            "type": "mailer",
            "command": "bundle exec rake mailer:run",
            "quantity": 1,
            "size": "Standard-1X",
        }
    )
    data["source"]["procfile"] += "mailer: bundle exec rake mailer:run\n"
    data["config_vars"].append(
        {
            "name": "MAILER_FROM",
            "value": "books@example.com",
            "secret": False,
            "source": {"kind": "user"},
        }
    )
    data["addons"] = [a for a in data["addons"] if a["service"] != "sentry"]
    data["config_vars"] = [v for v in data["config_vars"] if v["name"] != "SENTRY_DSN"]
