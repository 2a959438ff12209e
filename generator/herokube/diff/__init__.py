"""``herokube diff``: what a change does to the Kubernetes resources, per environment.

Both sides are rendered with Helm (the chart and ``environments/<env>/values.yaml`` of a Git
ref, or of the working tree) and compared object by object; see docs/diff.md.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from herokube.errors import UserError

if TYPE_CHECKING:
    from herokube.diff.manifests import Side
    from herokube.diff.report import EnvironmentDiff
    from herokube.gitrepo import Git

__all__ = ["DiffOptions", "DiffResult", "diff_repository"]

_TEAM_BRANCHES = ("refs/heads/main", "refs/remotes/origin/main")


@dataclass(frozen=True)
class DiffOptions:
    directory: Path
    base: str | None = None
    """A ref; compared from its merge base with the head. Default: the merge base with main."""
    head: str | None = None
    """A ref; default: the working tree."""
    environments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiffResult:
    base: str
    head: str
    environments: list[EnvironmentDiff]

    @property
    def changed(self) -> bool:
        return any(env.resources for env in self.environments)


def _commit(git: Git, ref: str, flag: str) -> str:
    commit = git.rev(ref)
    if commit is None:
        raise UserError("not a commit in this repository", source=flag, field=ref)
    return commit


def _environments(base: Side, head: Side, requested: tuple[str, ...]) -> list[str]:
    """The environments to compare: ``--env``, else every one on either side, dev → prod."""
    from herokube.chartrepo import DEFAULT_ENVIRONMENT, promotion_order, values_file
    from herokube.diff.manifests import environments_of

    present = {*environments_of(base.directory), *environments_of(head.directory)}
    order = [*promotion_order(head.directory), *promotion_order(base.directory)]
    # Promotion order where the answers give it (dev, staging, prod), then by name.
    available = sorted(present, key=lambda e: (order.index(e) if e in order else len(order), e))
    if requested:
        unknown = [e for e in requested if e not in available]
        if unknown:
            raise UserError(
                f"no {values_file(unknown[0])} on either side (environments: {', '.join(available) or 'none'})",
                source="--env",
            )
        return list(dict.fromkeys(requested))
    return available or [DEFAULT_ENVIRONMENT]


def diff_repository(options: DiffOptions) -> DiffResult:
    """Render base and head for every selected environment and compare them."""
    from herokube.diff.manifests import Side, render_side
    from herokube.diff.report import compare
    from herokube.gitrepo import GitFailed, open_repository

    git = open_repository(options.directory)
    scratch = Path(tempfile.mkdtemp(prefix="herokube-diff-"))
    try:
        if options.head is None:
            head_commit = git.rev("HEAD")
            head = Side(options.directory, "working tree")
        else:
            head_commit = _commit(git, options.head, "--head")
            head = Side(scratch / "head", options.head)
            head.directory.mkdir()
            git.extract(head_commit, head.directory)
        if options.base is not None:
            base_ref, flag = options.base, "--base"
            target = _commit(git, options.base, flag)
        else:
            found = next((c for c in (git.rev(r) for r in _TEAM_BRANCHES) if c), None)
            if found is None:
                raise UserError(
                    "no branch main to compare with; name one with --base",
                    source=str(options.directory),
                )
            target, base_ref, flag = found, "main", "--base"
        if head_commit is None:
            raise UserError("the repository has no commit yet", source=str(options.directory))
        try:
            base_commit = git.out("merge-base", target, head_commit)
        except GitFailed:
            raise UserError(
                f"has no common history with {head.label}", source=flag, field=base_ref
            ) from None
        label = (
            base_ref if base_commit == target else f"merge base of {base_ref} ({base_commit[:12]})"
        )
        base = Side(scratch / "base", label)
        base.directory.mkdir()
        git.extract(base_commit, base.directory)

        selected = _environments(base, head, options.environments)
        before = render_side(base, selected)
        after = render_side(head, selected)
        diffs = [compare(env, before[env], after[env]) for env in selected]
        return DiffResult(base.label, head.label, diffs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
