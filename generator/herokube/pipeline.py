"""The pipelines the commands run: load → model → plan → render (→ validate)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from herokube.errors import UserError
from herokube.load import Inputs, load_app, resolve_inputs
from herokube.plan import Plan, PlanOptions, make_plan
from herokube.render.repository import Template, move_into_place, render_tree, staging_dir
from herokube.validate.staged import validate_staged

__all__ = [
    "NewOptions",
    "NewResult",
    "create_repository",
    "plan_from_inputs",
    "refuse_placeholder_tag",
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


def refuse_placeholder_tag(plan: Plan, source: Path) -> None:
    """Refuse, before anything is written, a plan whose production would deploy no release.

    ``validate`` refuses a production environment at a placeholder tag (rule
    production-image-tag), and ``new`` writes only what validate accepts (docs/chart.md).
    """
    if not plan.has_release_tag:
        raise UserError(
            f"no release to deploy in production environment {plan.production!r}: the export "
            "has no release commit and the source tree is not a Git checkout; give "
            "--image-tag TAG (the tag CI pushed)",
            source=str(source),
        )


def create_repository(options: NewOptions, planned: Plan | None = None) -> NewResult:
    """Write and commit a new GitOps repository at ``options.out``; refuse a non-empty one.

    ``planned``: the plan of ``options.source`` with ``options.plan``, where the caller made it
    already (``fleet`` plans to learn the app's name); planning has no I/O, so it is the same.
    """
    if options.into:
        return _create_in_app_repository(options)

    # A symlink to a folder is followed: the repository is written where the link points.
    out = options.out.resolve() if options.out.is_symlink() else options.out
    _refuse_non_empty(out)
    from herokube.update.record import write_record

    inputs = resolve_inputs(options.source, options.paired_source)
    plan = planned or plan_from_inputs(inputs, options.plan)
    refuse_placeholder_tag(plan, options.source)
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
        validate_staged(staging, source=str(options.source))
        commit = _commit(staging, f"Deploy {plan.app.name} to Kubernetes (herokube new)")
        move_into_place(staging, out)
    return NewResult(options.out, commit, plan)


def _refuse_non_empty(out: Path) -> None:
    try:
        taken = out.exists() and (not out.is_dir() or any(out.iterdir()))
    except OSError as error:
        raise UserError(
            f"cannot read: {error.strerror or error}", source=str(out), field="--out"
        ) from None
    if taken:
        raise UserError(
            "already exists and is not empty; herokube never overwrites your work",
            source=str(out),
            field="--out",
        )


def _commit(staging: Path, message: str) -> str:
    from herokube.gitrepo import init_and_commit
    from herokube.update.pristine import mark_pristine

    repo, commit = init_and_commit(staging, message)
    # The pristine render `herokube update` merges from (docs/update.md).
    mark_pristine(repo, commit)
    return commit


def _create_in_app_repository(options: NewOptions) -> NewResult:
    """Commit the same files onto branch ``herokube/kubernetes`` of the app's own repository."""
    from herokube.render.into import commit_into, open_app_repository

    open_app_repository(options.out)  # refuse early, before any work
    extra = {**options.plan.extra_answers, "deploy_in_app_repo": True}
    plan_options = replace(options.plan, extra_answers=extra)
    inputs = resolve_inputs(options.source, options.paired_source)
    plan = plan_from_inputs(inputs, plan_options)
    refuse_placeholder_tag(plan, options.source)
    with staging_dir(
        Path(tempfile.gettempdir()) / f"{plan.app.name}-into", option="--into"
    ) as staging:
        render_tree(plan, staging, options.template)
        validate_staged(staging, source=str(options.source))
        commit = commit_into(
            staging,
            options.out,
            app_dockerfile=plan_options.dockerfile == "app",
            message=f"Deploy {plan.app.name} to Kubernetes (herokube new --into)",
        )
    return NewResult(options.out, commit, plan)
