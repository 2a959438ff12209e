"""The `herokube promote` command."""

from __future__ import annotations

from pathlib import Path

import typer

from herokube.console import Output, echo_json

__all__ = ["EPILOG", "promote"]

EPILOG = """\
Examples:

  herokube promote staging production

  herokube promote dev prod ../acme-shop-deploy --allow-skip

  herokube promote "$FROM" "$TO" --body-file body.md --output json

Exit codes: 0 promoted, or TO had the tag already (nothing written); 2 refused (an unknown
environment, TO not next after FROM, FROM without image.tag, a repository herokube did not
make, uncommitted changes in TO's values file). Nothing is committed: commit the change on a
branch and open a pull request, as .github/workflows/promote.yaml does.
"""


def promote(
    source: str = typer.Argument(
        ..., metavar="FROM", help="The environment whose image tag moves on.", show_default=False
    ),
    target: str = typer.Argument(
        ...,
        metavar="TO",
        help="The next environment in .copier-answers.yml's order.",
        show_default=False,
    ),
    directory: Path = typer.Argument(
        Path("."),
        metavar="REPOSITORY",
        help="The repository herokube new made. Default: the current directory.",
        show_default=False,
    ),
    allow_skip: bool = typer.Option(
        False,
        "--allow-skip",
        help="Let TO be any later environment (dev → prod), not only the next one.",
    ),
    body_file: Path = typer.Option(
        None,
        "--body-file",
        metavar="PATH",
        help="Write the pull request's body there: the change and its herokube diff (Markdown).",
    ),
    output: Output = typer.Option(
        Output.text,
        "--output",
        "-o",
        help="text for people; json: {from, to, file, tag, previous, changed} for scripts.",
    ),
) -> int:
    """Copy FROM's image tag, and only the tag, into TO's values file.

    Reads image.tag from environments/FROM/values.yaml and writes it into
    environments/TO/values.yaml in the working tree; every comment and every other byte of the
    file stays as it was. TO must be the environment after FROM in the promotion order.
    """
    from herokube.promote import PromoteOptions, promote_environment

    result = promote_environment(
        PromoteOptions(
            directory=directory,
            source=source,
            target=target,
            allow_skip=allow_skip,
            body_file=body_file,
        )
    )
    if output is Output.json:
        echo_json(
            {
                "from": result.source,
                "to": result.target,
                "file": result.file,
                "tag": result.tag,
                "previous": result.previous,
                "changed": result.changed,
            }
        )
    elif result.changed:
        was = result.previous or "the chart's default"
        typer.echo(f"{result.file}: image.tag {was} → {result.tag} (from {result.source})")
        if body_file is not None:
            typer.echo(f"Pull request body: {body_file}")
        typer.echo("Commit it on a branch and open a pull request (docs/promote.md).")
    else:
        typer.echo(
            f"{result.file}: image.tag is {result.tag} already, as in {result.source}; "
            "nothing written."
        )
    return 0
