"""``herokube export --team TEAM --out DIR``: one export file per app of a Heroku team.

Every app is exported exactly as ``herokube export APP`` exports it (the same requests, retries
and checks), into ``DIR/<app>.export.json``, the folder ``herokube fleet`` and ``assess`` read.
One client serves the whole run and paces itself by the API's ``RateLimit-Remaining``
(``pacing``). An app that cannot be exported is reported and the others go on; a failure that
stops every app (no token, a refused token, no such team) stops the run.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from herokube.errors import UserError
from herokube.heroku_api.auth import resolve_token
from herokube.heroku_api.client import ApiError, RetryPolicy
from herokube.heroku_api.exporter import ExportOptions, export_app, make_clients
from herokube.heroku_api.pacing import RatePacer
from herokube.heroku_api.writer import check_target

__all__ = ["TeamExportResult", "run_team_export"]

# Heroku team names: lower-case letters, digits and dashes (or the team's UUID).
_TEAM_REF = re.compile(
    r"^([a-z0-9][a-z0-9-]{0,61}[a-z0-9]?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
# Statuses after which no other app can succeed either: stop instead of failing each app
# (a 429 that outlasted the pacing and the retries means the account's budget is gone).
_FATAL_STATUSES = (401, 403, 429)


@dataclass(frozen=True)
class TeamExportResult:
    written: tuple[Path, ...]
    failed: tuple[str, ...]
    """One line per app that could not be exported."""
    paced_seconds: float


def run_team_export(
    team: str,
    options: ExportOptions,
    *,
    report: Callable[[str], None] = lambda _line: None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> TeamExportResult:
    """Export every app of ``team`` into the folder ``options.out``; ``report`` hears each app."""
    if not _TEAM_REF.match(team):
        raise UserError(
            "must be a Heroku team name (lower-case letters, digits, dashes) or id",
            source="--team",
            field=team,
        )
    folder = options.out or Path(team)
    if folder.exists() and not folder.is_dir():
        raise UserError("is a file; with --team, --out names a folder", source=str(folder))
    token = resolve_token(environ, home)
    pacer = RatePacer(sleep=sleep)
    client, scheduler = make_clients(options, token, retry=retry, sleep=sleep, pacer=pacer)
    apps = sorted(
        str(item["name"])
        for item in client.get_list(f"/teams/{team}/apps")
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    )
    # Only now: no token, a refused one or no such team leaves nothing behind.
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failed: list[str] = []
    for index, app in enumerate(apps, start=1):
        out = folder / f"{app}.export.json"
        try:
            check_target(out)
            export_app(client, scheduler, replace(options, app=app), out, clock)
        except UserError as error:
            if isinstance(error, ApiError) and error.status in _FATAL_STATUSES:
                raise
            failed.append(f"{app}: {error.line()}")
            report(f"failed {app} ({index}/{len(apps)}): {error.line()}")
            continue
        written.append(out)
        report(f"exported {app} ({index}/{len(apps)})")
    return TeamExportResult(tuple(written), tuple(failed), pacer.waited)
