"""The `herokube update` command."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from herokube.console import Output, echo_json, echo_notices, notice_data

if TYPE_CHECKING:
    from herokube.update import UpdateResult

__all__ = ["EPILOG", "update"]

EPILOG = """\
Examples:

  herokube update ../acme-shop-deploy

  herokube update . --export acme-shop.export.json --source ../acme-shop

  herokube update . --template https://github.com/acme/herokube-templates.git --template-ref v2

Exit codes: 0 updated cleanly or nothing new, 1 conflicts (committed with their markers on
the update branch for review), 2 the update could not run (a dirty working tree, not a
repository herokube made, a bad export). Merge the update branch with a merge commit, not a
squash, so the next update knows what you already have.
"""


def update(
    directory: Path = typer.Argument(
        ...,
        metavar="DIR",
        help="The repository herokube new made (a clean working tree).",
        show_default=False,
    ),
    export: Path = typer.Option(
        None,
        "--export",
        metavar="FILE",
        help="The app's newest export (herokube export). Default: plan again from .herokube/app.json, "
        "what the last render was planned from.",
    ),
    source: Path = typer.Option(
        None,
        "--source",
        metavar="DIR",
        help="The app's source tree (Procfile, app.json, runtime files); required with --export when "
        "herokube new was given one.",
    ),
    template: str = typer.Option(
        None,
        "--template",
        metavar="PATH|GIT-URL",
        help="A Copier template folder or Git URL. Default: the _src_path in .copier-answers.yml "
        "(the built-in template of this herokube, or the template the repository was made from).",
    ),
    template_ref: str = typer.Option(
        None,
        "--template-ref",
        metavar="REF",
        help="Tag or commit of the template. Default: its newest tag.",
    ),
    output: Output = typer.Option(
        Output.text,
        "--output",
        "-o",
        help="text for people; json: {branch, changes, conflicts, ...} for scripts.",
    ),
) -> int:
    """Bring newer templates and a newer export into a repository, on a branch for review.

    Renders the repository again, commits the render on branch herokube/pristine and merges
    it into main on a new branch herokube/update-<version>. Your branch, index and files are
    not touched; every edit your team made is kept unless herokube changed the same lines.
    """
    from herokube.update import UpdateOptions, update_repository

    result = update_repository(
        UpdateOptions(
            directory=directory,
            export=export,
            source=source,
            template=template,
            template_ref=template_ref,
        )
    )
    if output is Output.json:
        _echo_json(result)
    else:
        _echo_text(result)
    return 1 if result.conflicts else 0


def _echo_json(result: UpdateResult) -> None:
    echo_json(
        {
            "branch": result.branch,
            "pristine": result.pristine,
            "chart_version": result.chart_version,
            "chart_bumped": result.chart_bumped,
            "changes": [{"status": c.status, "path": c.path} for c in result.changes],
            "conflicts": [{"kind": c.kind, "path": c.path} for c in result.conflicts],
            "kept_deleted": result.kept_deleted,
            "warnings": [notice_data(n) for n in (result.plan.notices if result.plan else ())],
        }
    )


def _echo_text(result: UpdateResult) -> None:
    if result.plan is not None:
        echo_notices(result.plan.notices)
    if result.branch is None:
        typer.echo("Nothing new: the render equals the last one; no branch created.")
        return
    typer.echo(
        f"Branch {result.branch}: main + the new render ({result.pristine[:12] if result.pristine else ''} on herokube/pristine)"
    )
    if result.chart_bumped:
        typer.echo(f"  chart version {result.chart_version}")
    for change in result.changes:
        typer.echo(f"  {change.status:<8} {change.path}")
    for path in result.kept_deleted:
        typer.echo(f"  kept deleted (you deleted it, the template changed it): {path}")
    if result.conflicts:
        typer.echo(
            f"{len(result.conflicts)} conflict(s), committed with markers on {result.branch}:"
        )
        for conflict in result.conflicts:
            typer.echo(f"  CONFLICT ({conflict.kind}) {conflict.path}")
        typer.echo(
            f"Resolve them on {result.branch}, then merge it into main; push herokube/pristine too."
        )
        return
    typer.echo(
        f"Review with `git diff main...{result.branch}`, merge it into main, and push herokube/pristine too."
    )
