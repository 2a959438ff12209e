"""The pipelines the commands run: load → model → plan → render (→ validate)."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from herokube.errors import UserError
from herokube.load import Inputs, load_app, resolve_inputs
from herokube.plan import Plan, PlanOptions, make_plan
from herokube.render.repository import Template, move_into_place, render_tree, staging_dir

__all__ = [
    "NewOptions",
    "NewResult",
    "create_repository",
    "plan_from_inputs",
]


@dataclass(frozen=True)
class NewOptions:
    source: Path
    out: Path
    """The new repository's folder or, with ``into``, the root of the app's repository."""
    paired_source: Path | None = None
    plan: PlanOptions = field(default_factory=PlanOptions)
    template: Template = field(default_factory=Template)
    into: bool = False
    """Commit onto branch ``herokube/kubernetes`` of the app's repository at ``out``."""


@dataclass(frozen=True)
class NewResult:
    path: Path
    commit: str
    plan: Plan


def plan_from_inputs(inputs: Inputs, options: PlanOptions) -> Plan:
    return make_plan(load_app(inputs), options)


def create_repository(options: NewOptions) -> NewResult:
    """Write and commit a new GitOps repository at ``options.out``; refuse a non-empty one."""
    if options.into:
        return _create_in_app_repository(options)
    from herokube.gitrepo import commit_all, init_repository

    out = options.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(
            "already exists and is not empty; herokube never overwrites your work",
            source=str(out),
            field="--out",
        )
    from herokube.update.pristine import mark_pristine
    from herokube.update.record import write_record

    inputs = resolve_inputs(options.source, options.paired_source)
    plan = plan_from_inputs(inputs, options.plan)
    with staging_dir(out) as staging:
        render_tree(plan, staging, options.template)
        # The planner's input, so `herokube update` can plan again without the export.
        write_record(
            staging,
            plan.app,
            options.plan,
            from_export=inputs.export is not None,
            from_source=inputs.source is not None,
        )
        repo = init_repository(staging)
        commit = commit_all(repo, f"Deploy {plan.app.name} to Kubernetes (herokube new)")
        # The pristine render `herokube update` merges from (docs/update.md).
        mark_pristine(repo, commit)
        move_into_place(staging, out)
    return NewResult(out, commit, plan)


def _create_in_app_repository(options: NewOptions) -> NewResult:
    """Commit the same files onto branch ``herokube/kubernetes`` of the app's own repository."""
    from herokube.render.into import commit_into, open_app_repository

    open_app_repository(options.out)  # refuse early, before any work
    extra = {**options.plan.extra_answers, "deploy_in_app_repo": True}
    plan_options = replace(options.plan, extra_answers=extra)
    inputs = resolve_inputs(options.source, options.paired_source)
    plan = plan_from_inputs(inputs, plan_options)
    with staging_dir(Path(tempfile.gettempdir()) / f"{plan.app.name}-into") as staging:
        render_tree(plan, staging, options.template)
        commit = commit_into(
            staging,
            options.out,
            app_dockerfile=plan_options.dockerfile == "app",
            message=f"Deploy {plan.app.name} to Kubernetes (herokube new --into)",
        )
    return NewResult(options.out, commit, plan)


def parse_data(pairs: list[str]) -> Mapping[str, Any]:
    """``--data KEY=VALUE`` answers; the value is YAML, so ``--data x=3`` is a number."""
    from herokube.yamlio import load_yaml_text

    answers: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UserError("expected KEY=VALUE", source="--data", field=pair)
        answers[key] = load_yaml_text(value, source=f"--data {key}")
    return answers
