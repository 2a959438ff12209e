"""The command line: thin Typer commands over the pipeline.

Each command lives in ``herokube.commands.<name>`` as a plain function: it turns its options
into one frozen value, calls one pipeline function, prints, and *returns* its exit code. This
module registers every command and is the one place an outcome becomes a process exit code
(:func:`main`). Heavy imports happen inside the commands so ``--help`` is instant.
"""

from __future__ import annotations

import sys

import typer

from herokube import __version__
from herokube.commands import assess, diff, export, fleet, new, promote, update, validate
from herokube.errors import UserError
from herokube.signals import sigterm_unwinds

__all__ = ["app", "main"]

app = typer.Typer(
    name="herokube",
    help="Move Heroku apps onto Kubernetes the GitOps way.",
    no_args_is_help=True,
    add_completion=False,
    # Config vars hold secrets: a bug's traceback must never print local variables.
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"herokube {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Move Heroku apps onto Kubernetes the GitOps way."""


# In the order ``herokube --help`` lists them.
for _name, _module, _command in (
    ("assess", assess, assess.assess),
    ("diff", diff, diff.diff),
    ("export", export, export.export),
    ("fleet", fleet, fleet.fleet),
    ("new", new, new.new),
    ("promote", promote, promote.promote),
    ("update", update, update.update),
    ("validate", validate, validate.validate),
):
    app.command(_name, epilog=_module.EPILOG)(_command)


def main() -> None:
    """Entry point of the ``herokube`` script: the exit code every outcome maps to.

    A command's return value is its exit code (0 done, 1 the result a flag asked to fail on:
    errors found, a difference, conflicts); a :class:`UserError` is one line and exit 2; Ctrl-C
    is 130; a usage error is one line and click's code (2).
    """
    try:
        # Outside standalone mode click returns a command's exit code instead of exiting.
        # SIGTERM unwinds like Ctrl-C, so every temporary folder is removed (herokube.signals).
        with sigterm_unwinds():
            code = app(standalone_mode=False)
    except UserError as error:
        typer.echo(f"herokube: {error.line()}", err=True)
        sys.exit(error.exit_code)
    except typer.Abort:
        typer.echo("herokube: aborted", err=True)
        sys.exit(130)
    except typer.TyperException as error:  # usage errors: one line too, naming the option
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        typer.echo(f"herokube: {' '.join(message.split())}", err=True)
        sys.exit(getattr(error, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)
