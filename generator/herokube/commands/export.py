"""The `herokube export` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

__all__ = ["EPILOG", "export"]

if TYPE_CHECKING:
    from herokube.heroku_api import ExportOptions

EPILOG = """\
\b
Examples:
  herokube export acme-shop
  herokube export acme-shop --scheduler --out exports/acme-shop.json
  HEROKU_API_KEY=$(heroku auth:token) herokube export acme-shop --include-secrets
  herokube export --team acme --out exports/

\b
Exit codes: 0 written; 1 with --team, some apps could not be exported (each named on one line,
the others written); 2 bad input, no or a refused token, an API error.
"""


def export(
    app_name: str = typer.Argument(
        None,
        metavar="[APP]",
        envvar="HEROKU_APP",
        help="The Heroku app to read: its name or id. Or --team.",
        show_default=False,
    ),
    team: str = typer.Option(
        None,
        "--team",
        metavar="TEAM",
        help="Export every app of this Heroku team, one file each (DIR/<app>.export.json), "
        "pacing the requests by the API's rate limit.",
    ),
    out: Path | None = typer.Option(  # noqa: B008 - Typer's idiom
        None,
        "--out",
        metavar="FILE",
        help="Where to write the export. Default: APP.export.json in the current directory. "
        "An earlier export there is replaced; any other file is left alone. With --team, a "
        "folder (default: TEAM/).",
        show_default=False,
    ),
    api_url: str = typer.Option(
        "https://api.heroku.com",
        "--api-url",
        metavar="URL",
        envvar="HEROKUBE_API_URL",
        help="Base URL of the Heroku Platform API, or of any API that answers like it.",
    ),
    include_secrets: bool = typer.Option(
        False,
        "--include-secrets",
        help="Write secret config var values too (file mode 0600, exporter.secrets: included). "
        "By default they are withheld and only their sha256 is kept. Never commit such a file.",
    ),
    scheduler: bool = typer.Option(
        False,
        "--scheduler",
        help="Also read Heroku Scheduler jobs from the undocumented API the Dashboard uses. "
        "If that fails, the export says so under `warnings` and still succeeds.",
    ),
    scheduler_url: str = typer.Option(
        "https://particleboard.heroku.com",
        "--scheduler-url",
        metavar="URL",
        envvar="HEROKUBE_SCHEDULER_URL",
        help="Base URL of the Heroku Scheduler API used with --scheduler.",
    ),
    timeout: float = typer.Option(
        30.0,
        "--timeout",
        metavar="SECONDS",
        envvar="HEROKUBE_API_TIMEOUT",
        min=0.1,
        help="Give up on a request after this long; timeouts, 5xx answers and 429s "
        "are retried a few times with short waits.",
    ),
) -> int:
    """Read a Heroku app from the Platform API and write its export file.

    The file (heroku-app-export/v1) holds the app, formation and dyno sizes, add-ons and
    their attachments, config vars with their origin, domains, buildpacks, features, log
    drains, the pipeline and the current release's Procfile. It is what `herokube new`,
    `assess` and `update` read. The path written is printed on stdout.

    The API token comes from HEROKU_API_KEY, else from the api.heroku.com entry of ~/.netrc
    (what `heroku login` writes). It is never written anywhere.
    """
    from herokube.console import warn
    from herokube.errors import UserError
    from herokube.heroku_api import ExportOptions, run_export

    if (app_name is None) == (team is None):
        raise UserError("give exactly one of APP and --team TEAM", source="herokube export")
    options = ExportOptions(
        app=app_name or "",
        out=out,
        api_url=api_url,
        include_secrets=include_secrets,
        scheduler=scheduler,
        scheduler_url=scheduler_url,
        timeout=timeout,
        progress=sys.stderr.isatty(),
    )
    if team is not None:
        return _export_team(team, options)
    result = run_export(options)
    for warning in result.warnings:
        warn(warning["message"])
    if include_secrets:
        warn(
            f"{result.path} holds secret values in clear text (mode 0600); "
            "never commit it and delete it when done"
        )
    typer.echo(str(result.path))
    return 0


def _export_team(team: str, options: ExportOptions) -> int:
    from herokube.heroku_api.team import run_team_export

    def report(line: str) -> None:
        # One line per app, on a terminal or in a CI log alike: a team export takes minutes.
        typer.echo(f"herokube: {line}", err=True)

    result = run_team_export(team, options, report=report)
    for line in result.failed:
        typer.echo(f"herokube: {line}", err=True)
    paced = (
        f"; waited {result.paced_seconds:.0f} s for the rate limit" if result.paced_seconds else ""
    )
    typer.echo(
        f"Exported {len(result.written)} of {len(result.written) + len(result.failed)} apps of "
        f"{team} into {options.out or Path(team)}{paced}"
    )
    if result.failed:
        return 1
    return 0
