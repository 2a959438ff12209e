"""Commits with GitPython, with a fixed identity where the user has none configured."""

from __future__ import annotations

from pathlib import Path

__all__ = ["FALLBACK_IDENTITY", "commit_all", "init_repository"]

FALLBACK_IDENTITY = ("herokube", "herokube@users.noreply.localhost")


def _actor(repo: object) -> object:
    from git import Actor

    reader = repo.config_reader()  # type: ignore[attr-defined]
    name = reader.get_value("user", "name", default="") or FALLBACK_IDENTITY[0]
    email = reader.get_value("user", "email", default="") or FALLBACK_IDENTITY[1]
    return Actor(str(name), str(email))


def init_repository(path: Path) -> object:
    from git import Repo

    return Repo.init(path, initial_branch="main")


def commit_all(repo: object, message: str) -> str:
    """Stage every file (deletions too) and commit; returns the new commit's hexsha."""
    git = repo.git  # type: ignore[attr-defined]
    git.add("--all")
    actor = _actor(repo)
    commit = repo.index.commit(message, author=actor, committer=actor)  # type: ignore[attr-defined]
    return str(commit.hexsha)
