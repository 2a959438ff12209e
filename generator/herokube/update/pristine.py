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

from herokube.chartrepo import CHART_DIRECTORY
from herokube.gitrepo import Git, Repo, create_branch
from herokube.model import App
from herokube.plan import Plan, PlanOptions, make_plan
from herokube.render.repository import Template, render_tree
from herokube.update.answers import bump_patch
from herokube.update.record import write_record
from herokube.validate.staged import validate_staged

__all__ = ["PRISTINE_BRANCH", "Pristine", "mark_pristine", "render_pristine"]

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
    create_branch(repo, PRISTINE_BRANCH, commit)


def _render(git: Git, plan: Plan, template: Template, record: dict[str, Any]) -> str:
    with tempfile.TemporaryDirectory(prefix="herokube-pristine-") as scratch:
        out = Path(scratch) / "render"
        out.mkdir()
        render_tree(plan, out, template)
        write_record(out, **record)
        # What update writes must pass validate, as what new writes does.
        validate_staged(out, source=f"herokube update ({plan.app.name})")
        return git.write_tree(out)


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
    if tree == old_tree or git.tree(f"{tree}:{CHART_DIRECTORY}") == git.tree(
        f"{old_tree}:{CHART_DIRECTORY}"
    ):
        return Pristine(tree, plan, chart_version, bumped=False)
    bumped = bump_patch(chart_version)
    plan = plan_with(bumped)
    return Pristine(_render(git, plan, template, record), plan, bumped, bumped=True)
