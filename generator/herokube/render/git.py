"""Commits with GitPython, with a fixed identity where the user has none configured."""

from __future__ import annotations

from pathlib import Path

from git import Actor, Repo

__all__ = ["FALLBACK_IDENTITY", "commit_all", "init_repository"]

FALLBACK_IDENTITY = ("herokube", "herokube@users.noreply.localhost")


def _actor(repo: Repo) -> Actor:
    reader = repo.config_reader()
    name = reader.get_value("user", "name", default="") or FALLBACK_IDENTITY[0]
    email = reader.get_value("user", "email", default="") or FALLBACK_IDENTITY[1]
    return Actor(str(name), str(email))


def init_repository(path: Path) -> Repo:
    return Repo.init(path, initial_branch="main")


def commit_all(repo: Repo, message: str) -> str:
    """Stage every file (deletions too) and commit; returns the new commit's hexsha."""
    repo.git.add("--all")
    actor = _actor(repo)
    commit = repo.index.commit(message, author=actor, committer=actor)
    return str(commit.hexsha)
