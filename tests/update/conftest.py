"""Helpers for update tests: a git helper with a fixed
identity, the CLI run in-process, and a generated repository to start from."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from herokube_testing import EXAMPLES, REPO_ROOT, CliRun, run_herokube

ROOT = REPO_ROOT
BOOKSHELF = EXAMPLES / "bookshelf"
TEAM = ("-c", "user.name=Team Member", "-c", "user.email=team@example.com")


Run = CliRun
herokube = run_herokube


def git(repo: Path, *args: str, identity: bool = True) -> str:
    done = subprocess.run(
        ["git", *(TEAM if identity else ()), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def snapshot(repo: Path) -> dict[str, bytes]:
    """Every file of the working tree (without .git), to prove it did not change."""
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }


@dataclass(frozen=True)
class RepoState:
    branch: str
    head: str
    status: str
    files: dict[str, bytes]


def state(repo: Path) -> RepoState:
    return RepoState(
        git(repo, "rev-parse", "--abbrev-ref", "HEAD"),
        git(repo, "rev-parse", "HEAD"),
        git(repo, "status", "--porcelain"),
        snapshot(repo),
    )


def changed_export(
    tmp: Path, change: Callable[[dict[str, Any]], None], name: str = "export.json"
) -> Path:
    data = json.loads((BOOKSHELF / "export.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def bookshelf(tmp_path: Path) -> Path:
    """``herokube new`` of the bookshelf example (export + source), two environments."""
    out = tmp_path / "bookshelf-deploy"
    result = herokube("new", BOOKSHELF / "export.json", "--source", BOOKSHELF / "src", "--out", out)
    assert result.code == 0, result.err
    return out


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A copy of the bookshelf source tree that a test may change."""
    target = tmp_path / "src"
    shutil.copytree(BOOKSHELF / "src", target)
    return target
