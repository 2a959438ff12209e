"""Helpers for the validate tests: a clean fixture repository copied per test, and fault injection."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from herokube.validate import Finding, Report, Severity, ValidateOptions, validate_repository

DATA = Path(__file__).parent / "data"
CLEAN_REPO = DATA / "repo"


class Repo:
    """A copy of the clean fixture repository that a test can break one thing in."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, relative: str) -> Path:
        return self.root / relative

    def replace(self, relative: str, old: str, new: str) -> None:
        """Replace exactly one occurrence of ``old`` in the file (fails loudly otherwise)."""
        target = self.path(relative)
        text = target.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        target.write_text(text.replace(old, new), encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def validate(self, **options: object) -> Report:
        return validate_repository(ValidateOptions(directory=self.root, **options))  # type: ignore[arg-type]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A fresh copy of the clean fixture repository."""
    root = tmp_path / "repo"
    shutil.copytree(CLEAN_REPO, root)
    return Repo(root)


def errors(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.severity is Severity.ERROR]


def rules_fired(report: Report, severity: Severity | None = None) -> set[str]:
    return {f.rule for f in report.findings if severity is None or f.severity is severity}


def files_named(report: Report, rule: str) -> set[str]:
    return {f.file for f in report.findings if f.rule == rule}


@pytest.fixture
def describe() -> Callable[[Report], str]:
    """Readable findings for assertion messages."""
    from herokube.validate.report import to_text

    return to_text
