"""The `herokube diff` command."""

from __future__ import annotations

from pathlib import Path

import typer

from herokube.console import DiffOutput

__all__ = ["EPILOG", "diff"]


EPILOG = """\
Examples:

  herokube diff .

  herokube diff . --base v1.4.0 --head main --env prod

  herokube diff . --base "origin/${GITHUB_BASE_REF}" --output markdown >> "$GITHUB_STEP_SUMMARY"

Exit codes: 0 done (with --exit-code: no difference), 1 a difference with --exit-code,
2 the diff could not run (not a Git repository, a bad ref, a chart that does not render).
"""


def diff(
    directory: Path = typer.Argument(
        ...,
        metavar="DIR",
        help="The repository (chart/ and environments/<env>/values.yaml).",
        show_default=False,
    ),
    base: str = typer.Option(
        None,
        "--base",
        metavar="REF",
        help="Compare from the merge base of REF and the head (what a pull request adds). Default: main.",
    ),
    head: str = typer.Option(
        None,
        "--head",
        metavar="REF",
        help="The new side. Default: the working tree, committed or not.",
    ),
    env: list[str] = typer.Option(
        [],
        "--env",
        metavar="NAME",
        help="Only this environment (repeatable). Default: every environments/<env>/ on either side.",
        show_default=False,
    ),
    output: DiffOutput = typer.Option(
        DiffOutput.text,
        "--output",
        "-o",
        help="text for terminals, markdown for a pull-request comment or step summary.",
    ),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when the resources differ, like git diff --exit-code."
    ),
) -> int:
    """Show what a change does to the Kubernetes resources, per environment.

    Renders the chart with each environment's values on both sides and prints the resources
    added, removed and changed, with a unified diff of each (keys sorted). Nothing is written.
    """
    from herokube.diff import DiffOptions, diff_repository
    from herokube.diff.report import markdown_report, text_report

    result = diff_repository(
        DiffOptions(directory=directory, base=base, head=head, environments=tuple(env))
    )
    render = markdown_report if output is DiffOutput.markdown else text_report
    typer.echo(render(result.environments, result.base, result.head), nl=False)
    return 1 if exit_code and result.changed else 0
