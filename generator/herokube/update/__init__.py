"""``herokube update``: bring newer templates and a newer export into a generated repository.

How it works (see docs/update.md):

1. Refuse a dirty working tree, a repository without ``.copier-answers.yml``, without the
   ``herokube/pristine`` branch (local, or ``origin/herokube/pristine`` in a fresh clone) or
   without ``.herokube/app.json`` on it (exit 2).
2. Plan again: from the new export (``--export``/``--source``) or from the recorded planner
   input, with the answers the team changed by hand in ``.copier-answers.yml`` on top.
3. Render into a temporary folder and store it as a tree; equal to the last render → done,
   nothing written. Otherwise, when ``chart/`` changed, bump ``chart_version`` (patch) and
   render again, so Argo CD and chart-testing see a new chart version.
4. Commit the render on top of ``herokube/pristine`` and merge it into ``main`` in a temporary
   worktree; the result becomes branch ``herokube/update-<version>``. Conflicts are committed
   with their markers and listed (exit 1).

Refs move only at the very end, so a failure leaves the repository as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from herokube import __version__
from herokube.errors import UserError
from herokube.plan import Plan
from herokube.render.repository import BUILTIN_TEMPLATE, Template

if TYPE_CHECKING:
    from herokube.gitrepo import Git
    from herokube.model import App
    from herokube.update.merge import Change, Conflict
    from herokube.update.record import Record

__all__ = ["UpdateOptions", "UpdateResult", "update_repository"]

TEAM_BRANCH = "main"


@dataclass(frozen=True)
class UpdateOptions:
    directory: Path
    export: Path | None = None
    source: Path | None = None
    template: str | None = None
    template_ref: str | None = None


@dataclass
class UpdateResult:
    """``branch`` is None when nothing changed (no commit, no branch)."""

    branch: str | None
    pristine: str | None
    chart_version: str
    chart_bumped: bool = False
    plan: Plan | None = None
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)


def _resolve_ref(git: Git, local: str, remote: str) -> tuple[str | None, bool]:
    """(commit, only-on-the-remote) for a branch, local first, then origin's."""
    commit = git.rev(f"refs/heads/{local}")
    if commit:
        return commit, False
    commit = git.rev(f"refs/remotes/{remote}")
    return commit, commit is not None


def _branch_name(git: Git) -> str:
    base = f"herokube/update-{__version__}"
    name, number = base, 1
    while git.rev(f"refs/heads/{name}"):
        number += 1
        name = f"{base}-{number}"
    return name


def _template(options: UpdateOptions, recorded_source: object) -> Template:
    """``--template``, else the template ``.copier-answers.yml`` names."""
    if options.template:
        return Template(options.template, options.template_ref)
    source = str(recorded_source or BUILTIN_TEMPLATE)
    if source == BUILTIN_TEMPLATE:
        if options.template_ref:
            raise UserError(
                "--template-ref needs --template: the built-in template has no versions",
                source="--template-ref",
            )
        return Template(None, None)
    # A folder or Git URL recorded by Copier; no ref = its newest tag (Copier's own rule).
    return Template(source, options.template_ref)


@dataclass(frozen=True)
class _Start:
    """What an update starts from, read from the repository before anything is rendered."""

    team: str
    """The commit of the team's branch."""
    old: str
    """The commit of the last render (``herokube/pristine``)."""
    remote_only: bool
    """The pristine branch exists only as ``origin/herokube/pristine``."""
    record: Record
    pristine_answers: dict[str, Any]
    overrides: dict[str, Any]
    """Answers the team changed by hand since the last render it merged."""


def _start(git: Git, where: str) -> _Start:
    """Refuse what update cannot work on; read the record and the answers on both branches."""
    from herokube.update.answers import ANSWERS_FILE, parse_answers, team_overrides
    from herokube.update.pristine import PRISTINE_BRANCH
    from herokube.update.record import RECORD_PATH, parse_record

    if git.out("status", "--porcelain", "--untracked-files=normal"):
        raise UserError(
            "has uncommitted changes; commit or stash them, then run herokube update again",
            source=where,
        )
    team, _ = _resolve_ref(git, TEAM_BRANCH, f"origin/{TEAM_BRANCH}")
    if team is None:
        raise UserError(
            f"no branch {TEAM_BRANCH} (nor origin/{TEAM_BRANCH}); herokube update merges into {TEAM_BRANCH}",
            source=where,
        )
    team_answers_text = git.show(team, ANSWERS_FILE)
    if team_answers_text is None:
        raise UserError(
            f"no {ANSWERS_FILE} on {TEAM_BRANCH}: not a repository herokube made, or the answers file was "
            f"deleted; restore it with `git checkout {PRISTINE_BRANCH} -- {ANSWERS_FILE}`",
            source=where,
        )
    old, remote_only = _resolve_ref(git, PRISTINE_BRANCH, f"origin/{PRISTINE_BRANCH}")
    if old is None:
        raise UserError(
            f"no {PRISTINE_BRANCH} branch: not made by herokube new, or not fetched "
            f"(git fetch origin {PRISTINE_BRANCH}:{PRISTINE_BRANCH})",
            source=where,
        )
    record_text = git.show(old, RECORD_PATH)
    pristine_answers_text = git.show(old, ANSWERS_FILE)
    if record_text is None or pristine_answers_text is None:
        raise UserError(
            f"the {PRISTINE_BRANCH} branch has no {RECORD_PATH} or {ANSWERS_FILE}: made by an older herokube; "
            "run herokube new again into a fresh folder",
            source=where,
        )
    record = parse_record(record_text, source=f"{PRISTINE_BRANCH}:{RECORD_PATH}")
    team_answers = parse_answers(team_answers_text, source=f"{TEAM_BRANCH}:{ANSWERS_FILE}")
    pristine_answers = parse_answers(
        pristine_answers_text, source=f"{PRISTINE_BRANCH}:{ANSWERS_FILE}"
    )
    # What the team changed is measured against the last render it merged (an update branch
    # not merged yet must not make the newer render's answers look like team edits).
    merged_render = git.run("merge-base", team, old, check=False).stdout.decode().strip() or old
    merged_text = git.show(merged_render, ANSWERS_FILE)
    merged_answers = (
        parse_answers(merged_text, source=f"{merged_render[:12]}:{ANSWERS_FILE}")
        if merged_text
        else pristine_answers
    )
    overrides = team_overrides(team_answers, merged_answers)
    return _Start(team, old, remote_only, record, pristine_answers, overrides)


def _app_to_render(options: UpdateOptions, record: Record) -> tuple[App, bool, bool]:
    """(app, from_export, from_source): the new export and tree, else the recorded input."""
    from herokube.load import Inputs, load_app

    if options.export is None and options.source is None:
        return record.app, record.from_export, record.from_source
    if record.from_export and options.export is None:
        raise UserError(
            "this repository was made from an export: pass the new one with --export",
            source="--source",
        )
    if record.from_source and options.source is None and options.export is not None:
        raise UserError(
            "this repository was made with --source: pass the app's source tree again",
            source="--export",
        )
    for path, flag in ((options.export, "--export"), (options.source, "--source")):
        if path is not None and not path.exists():
            raise UserError("no such file or directory", source=str(path), field=flag)
    app = load_app(Inputs(options.export, options.source))
    if options.export is not None:
        _refuse_other_app(app.name, record.app.name, source=str(options.export))
    return app, options.export is not None, options.source is not None


def update_repository(options: UpdateOptions) -> UpdateResult:
    """Render again and merge into a new ``herokube/update-<version>`` branch; see the module doc."""
    from herokube.gitrepo import open_repository
    from herokube.update.merge import merge_into_branch
    from herokube.update.pristine import PRISTINE_BRANCH, render_pristine

    git = open_repository(options.directory)
    start = _start(git, str(options.directory))
    app, from_export, from_source = _app_to_render(options, start.record)
    overrides = dict(start.overrides)
    chart_version = str(
        overrides.pop("chart_version", start.pristine_answers.get("chart_version", "0.1.0"))
    )
    old, old_tree = start.old, git.tree(start.old)
    assert old_tree is not None
    new = render_pristine(
        git,
        app=app,
        options=start.record.options,
        overrides=overrides,
        template=_template(options, start.pristine_answers.get("_src_path")),
        from_export=from_export,
        from_source=from_source,
        chart_version=chart_version,
        old_tree=old_tree,
    )
    if new.tree == old_tree:
        return UpdateResult(None, None, chart_version, plan=new.plan)

    pristine = git.commit_tree(
        new.tree, old, f"Render {app.name} with herokube {__version__} (herokube update)"
    )
    branch = _branch_name(git)
    merged = merge_into_branch(
        git,
        team=start.team,
        pristine=pristine,
        message=f"Update {app.name} with herokube {__version__}\n\nMerge the new render from {PRISTINE_BRANCH} into {TEAM_BRANCH}.",
    )
    # Refs last: a failure above leaves only unreachable objects behind.
    git.run("branch", branch, merged.commit)
    git.run(
        "update-ref",
        "-m",
        "herokube update",
        f"refs/heads/{PRISTINE_BRANCH}",
        pristine,
        *(() if start.remote_only else (old,)),
    )
    return UpdateResult(
        branch=branch,
        pristine=pristine,
        chart_version=new.chart_version,
        chart_bumped=new.bumped,
        plan=new.plan,
        changes=merged.changes,
        conflicts=merged.conflicts,
        kept_deleted=merged.kept_deleted,
    )


def _refuse_other_app(loaded: str, recorded: str, *, source: str) -> None:
    """``update --export`` of another app would rename the chart: refuse it in one line."""
    if loaded != recorded:
        raise UserError(
            f"an export of app {loaded!r}, but this repository deploys {recorded!r}; "
            "pass that app's export (a renamed app: run herokube new again)",
            source=source,
            field="app.name",
        )
