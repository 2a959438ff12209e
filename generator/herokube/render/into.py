"""``herokube new --into APP_REPO``: the same files, committed into the app's own repository.

The files land on a new branch ``herokube/kubernetes`` made from the app's ``HEAD`` in a
temporary worktree, so the team's checkout, index and branches stay exactly as they were.
Where the app already has a file of the same name, nothing is overwritten: a few files move
aside (the README becomes ``docs/kubernetes.md``), the rest stop the command.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from herokube.errors import UserError
from herokube.gitrepo import Repo, branch_names, branch_worktree, commit_all
from herokube.gitrepo import open_app_repository as _open_repository

__all__ = ["INTO_BRANCH", "RELOCATED", "commit_into", "open_app_repository"]

INTO_BRANCH = "herokube/kubernetes"
# An app repository has its own README and often a ci.yaml: herokube's go beside them.
# The image workflow a deployment repository ships for the app's repository runs there as is.
RELOCATED = {
    "README.md": "docs/kubernetes.md",
    ".github/workflows/ci.yaml": ".github/workflows/kubernetes.yaml",
    ".github/workflows/promote.yaml": ".github/workflows/kubernetes-promote.yaml",
    ".github/app-workflows/herokube-image.yaml": ".github/workflows/herokube-image.yaml",
}
# The app's own file serves (its .gitignore; its Renovate configuration, whose defaults keep
# actions, Dockerfiles and Helm charts current too; its Dockerfile with --dockerfile app).
KEEP_THE_APPS = frozenset({".gitignore", "renovate.json"})


def open_app_repository(path: Path) -> Repo:
    """The app's repository, or UserError when ``--into`` cannot write a new branch there."""
    repo = _open_repository(path, flag="--into")
    if INTO_BRANCH in branch_names(repo):
        raise UserError(
            f"branch {INTO_BRANCH} exists already; delete or merge it first",
            source=str(path),
            field="--into",
        )
    return repo


def commit_into(rendered: Path, app_repo: Path, *, app_dockerfile: bool, message: str) -> str:
    """Commit the tree at ``rendered`` on a new branch of ``app_repo``; returns the commit."""
    repo = open_app_repository(app_repo)
    skip = set(KEEP_THE_APPS) | ({"Dockerfile", ".dockerignore"} if app_dockerfile else set())
    with branch_worktree(repo, INTO_BRANCH) as (worktree, branch_repo):
        _place(rendered, worktree, skip)
        return commit_all(branch_repo, message)


def _place(rendered: Path, worktree: Path, skip: set[str]) -> None:
    files = sorted(
        str(p.relative_to(rendered))
        for p in rendered.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(rendered).parts[:1]
    )
    targets = {
        name: RELOCATED.get(name, name)
        for name in files
        if not (name in skip and (worktree / name).exists())
    }
    taken = sorted(target for target in targets.values() if (worktree / target).exists())
    if taken:
        more = f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""
        hint = (
            "; use --dockerfile app to build with the app's own"
            if taken[0] in ("Dockerfile", ".dockerignore")
            else ""
        )
        raise UserError(
            f"the app repository has this file already{more}; herokube never overwrites it{hint}",
            source=taken[0],
            field="--into",
        )
    for name, target in targets.items():
        destination = worktree / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(rendered / name, destination)
