"""A repository ``herokube new`` made (hello-minimal: dev → staging → prod), fresh per test.

``herokube new`` runs once per session; each test gets its own copy (its ``.git`` too), so a
test may edit, commit and promote without seeing another's changes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from herokube_testing import EXAMPLE_ARGS, run_herokube

TEAM = ("-c", "user.name=Team Member", "-c", "user.email=team@example.com")
NEW_TAG = "4e1243bd22c6"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *TEAM, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)


def values(repo: Path, environment: str) -> Path:
    return repo / "environments" / environment / "values.yaml"


def set_text(repo: Path, environment: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there once) by ``new`` in an environment's values file."""
    path = values(repo, environment)
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) == 1, (old, text)
    path.write_bytes(text.replace(old, new).encode("utf-8"))


def snapshot(repo: Path) -> dict[str, bytes]:
    """Every file of the working tree (without .git), byte for byte."""
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``herokube new`` of hello-minimal, with the same isolation as every test (no HOME)."""
    home = tmp_path_factory.mktemp("promote-home")
    out = tmp_path_factory.mktemp("promote-generated") / "hello-minimal-deploy"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        run = run_herokube("new", *EXAMPLE_ARGS["hello-minimal"], "--out", out)
    assert run.code == 0, run.err
    yield out


@pytest.fixture
def repo(generated: Path, tmp_path: Path) -> Path:
    """A copy of the generated repository where dev runs a newer image than staging and prod."""
    copy = tmp_path / "deploy"
    shutil.copytree(generated, copy, symlinks=True)
    set_text(copy, "dev", "tag: 1.0.0", f"tag: {NEW_TAG}")
    commit_all(copy, "dev runs the new image")
    return copy
