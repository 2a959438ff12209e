"""Paths and helpers the tests share (import as ``from herokube_testing import ...``)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
SHARED = REPO_ROOT.parent / "shared"


@dataclass(frozen=True)
class Example:
    """A bundled example: what ``herokube new`` is given for it."""

    name: str
    source: Path
    """The export file, or the app's source tree."""
    paired_source: Path | None = None
    """``--source``: the source tree paired with the export."""
    image_tag: str | None = None
    """``--image-tag``: for an example whose export has no release commit and no Git tree."""

    @property
    def args(self) -> tuple[str, ...]:
        """``herokube new`` arguments before ``--out``."""
        paired = ("--source", str(self.paired_source)) if self.paired_source else ()
        tag = ("--image-tag", self.image_tag) if self.image_tag else ()
        return (str(self.source), *paired, *tag)

    @property
    def repository(self) -> Path:
        """The checked-in repository herokube writes for it."""
        return EXAMPLES / self.name / "repository"


# The one list of bundled examples (tests/test_examples.py checks it matches examples/).
EXAMPLE_LIST: tuple[Example, ...] = (
    Example("bookshelf", EXAMPLES / "bookshelf" / "export.json", EXAMPLES / "bookshelf" / "src"),
    Example("hello-minimal", EXAMPLES / "hello-minimal" / "export.json", image_tag="1.0.0"),
    Example("notes-api", EXAMPLES / "notes-api" / "src", image_tag="1.0.0"),
)
EXAMPLE_BY_NAME: dict[str, Example] = {example.name: example for example in EXAMPLE_LIST}
EXAMPLE_NAMES: tuple[str, ...] = tuple(sorted(EXAMPLE_BY_NAME))
# (name → herokube new arguments) for each bundled example.
EXAMPLE_ARGS: dict[str, tuple[str, ...]] = {e.name: e.args for e in EXAMPLE_LIST}


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


def repository_text(root: Path) -> str:
    """Every file under ``root`` (the .git folder too: refs, config, logs) and every commit's
    patch, as one text: what a secret must never be found in."""
    files = [
        path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]
    history = subprocess.run(
        ["git", "log", "-p", "--all", "--format=%H %s%n%b"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "\n".join(files) + history
