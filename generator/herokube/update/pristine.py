"""The pristine render: what herokube would write today, kept on branch ``herokube/pristine``.

Each render is one commit on that branch, parent = the previous render, so Git's merge base
between the team's ``main`` and a new render is the last render the team merged: a
three-way merge then keeps every team edit and brings in only what herokube changed.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from git import Repo

from herokube.model import App
from herokube.plan import Plan, PlanOptions, make_plan
from herokube.render.repository import Template, render_tree
from herokube.update.answers import bump_patch
from herokube.update.gitcmd import Git
from herokube.update.record import write_record

__all__ = ["PRISTINE_BRANCH", "Pristine", "commit_tree", "mark_pristine", "render_pristine"]

PRISTINE_BRANCH = "herokube/pristine"


@dataclass(frozen=True)
class Pristine:
    tree: str
    """The Git tree id of the new render."""
    plan: Plan
    chart_version: str
    bumped: bool


def mark_pristine(repo: Repo, commit: str) -> None:
    """``herokube new``: the first commit is also the first pristine render."""
    repo.create_head(PRISTINE_BRANCH, commit)


def _write_tree(git: Git, directory: Path, scratch: Path) -> str:
    """Store every file under ``directory`` in the object database; returns the tree id.

    A temporary index and ``--work-tree`` keep the repository's own index and files untouched.
    """
    git_dir = git.out("rev-parse", "--absolute-git-dir")
    env = {"GIT_INDEX_FILE": str(scratch / "index")}
    base = ("--git-dir", git_dir, "--work-tree", str(directory))
    git.run(*base, "add", "--all", ".", cwd=directory, env=env)
    return git.out(*base, "write-tree", cwd=directory, env=env)


def _render(git: Git, plan: Plan, template: Template, record: dict[str, Any]) -> str:
    with tempfile.TemporaryDirectory(prefix="herokube-pristine-") as scratch:
        out = Path(scratch) / "render"
        out.mkdir()
        render_tree(plan, out, template)
        write_record(out, **record)
        from herokube.pipeline import validate_staged  # what update writes must validate too

        validate_staged(out, source=f"herokube update ({plan.app.name})")
        return _write_tree(git, out, Path(scratch))


def render_pristine(
    git: Git,
    *,
    app: App,
    options: PlanOptions,
    overrides: dict[str, Any],
    template: Template,
    from_export: bool,
    from_source: bool,
    chart_version: str,
    old_tree: str,
) -> Pristine:
    """Render with ``chart_version``; when ``chart/`` changed, bump it and render again."""
    record = {
        "app": app,
        "options": options,
        "from_export": from_export,
        "from_source": from_source,
    }

    def plan_with(version: str) -> Plan:
        answers = {**options.extra_answers, **overrides, "chart_version": version}
        return make_plan(app, replace(options, extra_answers=answers))

    plan = plan_with(chart_version)
    tree = _render(git, plan, template, record)
    if tree == old_tree or git.tree(f"{tree}:chart") == git.tree(f"{old_tree}:chart"):
        return Pristine(tree, plan, chart_version, bumped=False)
    bumped = bump_patch(chart_version)
    plan = plan_with(bumped)
    return Pristine(_render(git, plan, template, record), plan, bumped, bumped=True)


def commit_tree(git: Git, tree: str, parent: str, message: str) -> str:
    return git.out("commit-tree", tree, "-p", parent, "-m", message)
