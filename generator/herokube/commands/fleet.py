"""The ``herokube fleet`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from herokube.commands.new import (
    _Dockerfile,
    _Ingress,
    _LoadTest,
    _Logging,
    _Monitoring,
    _Postgres,
    _Redis,
)
from herokube.console import Output, echo_json, notice_data

if TYPE_CHECKING:
    from herokube.fleet import AppOutcome, FleetResult

__all__ = ["EPILOG", "fleet"]

EPILOG = """\
\b
Examples:
  herokube fleet exports/ --out ../migration
  herokube fleet shop.json blog.json ../legacy-app --out ../migration --jobs 2
  herokube fleet exports/ --out ../migration --postgres cloudnative-pg --env staging --env production

\b
Exit codes: 0 every app and the platform written; 1 some apps failed (each named on one line,
the others written); 2 could not run (no input, an --out that is a file, a bad option).
"""


def fleet(
    sources: list[Path] = typer.Argument(
        ...,
        metavar="EXPORT_OR_DIR...",
        help="Export files, folders of exports (as `herokube export --team` writes them) or app "
        "source trees (a folder with a Procfile or app.json).",
        show_default=False,
    ),
    out: Path = typer.Option(
        ...,
        "--out",
        metavar="DIR",
        help="Where to write DIR/<app>/ for every app and DIR/platform/. A re-run updates them.",
    ),
    jobs: int = typer.Option(
        None, "--jobs", "-j", min=1, metavar="N", help="Worker processes. Default: one per core."
    ),
    env: list[str] = typer.Option(
        [],
        "--env",
        metavar="NAME",
        help="An environment for every app (repeat). Default: each export's pipeline stages, "
        "else dev, staging, prod.",
        show_default=False,
    ),
    platform_repo_url: str = typer.Option(
        None,
        "--platform-repo-url",
        metavar="URL",
        help="Git URL of the platform repository, as Argo CD reads it.",
    ),
    dockerfile: _Dockerfile = typer.Option(
        _Dockerfile.herokube, "--dockerfile", help="As for herokube new."
    ),
    template: str = typer.Option(
        None, "--template", metavar="PATH|GIT-URL", help="As for herokube new."
    ),
    template_ref: str = typer.Option(None, "--template-ref", metavar="REF"),
    data: list[str] = typer.Option(
        [], "--data", metavar="KEY=VALUE", help="As for herokube new.", show_default=False
    ),
    postgres: _Postgres = typer.Option(
        _Postgres.external, "--postgres", help="As for herokube new."
    ),
    redis: _Redis = typer.Option(_Redis.external, "--redis", help="As for herokube new."),
    monitoring: _Monitoring = typer.Option(
        _Monitoring.none, "--monitoring", help="As for herokube new."
    ),
    ingress: _Ingress = typer.Option(_Ingress.ingress, "--ingress", help="As for herokube new."),
    review_apps: bool = typer.Option(False, "--review-apps", help="As for herokube new."),
    logging: _Logging = typer.Option(_Logging.none, "--logging", help="As for herokube new."),
    load_test: _LoadTest = typer.Option(_LoadTest.none, "--load-test", help="As for herokube new."),
    output: Output = typer.Option(
        Output.text,
        "--output",
        "-o",
        help="text for people; json: {apps: [...], platform: {...}} for scripts.",
    ),
) -> int:
    """Write the GitOps repository of every app of a fleet, and the platform that runs them.

    Every app gets DIR/<app>/, exactly what herokube new writes for it; DIR/platform/ is one Git
    repository with an Argo CD app of apps ordered by migration wave, the cluster operators the
    apps need, and each app environment's namespace and quota. Apps are written in parallel; a bad
    input fails alone.
    """
    from herokube.data_option import parse_data
    from herokube.fleet import FleetOptions, build_fleet
    from herokube.fleet.platform import PlatformOptions
    from herokube.pipeline import NewOptions
    from herokube.plan import PlanOptions
    from herokube.render.repository import Template

    shared = NewOptions(
        source=Path(),
        out=Path(),
        plan=PlanOptions(
            environments=tuple(env),
            dockerfile=dockerfile.value,
            postgres=postgres.value,
            redis=redis.value,
            monitoring=monitoring.value,
            ingress=ingress.value,
            review_apps=review_apps,
            logging=logging.value,
            load_test=load_test.value,
            extra_answers=parse_data(data, template_path=template),
        ),
        template=Template(template, template_ref),
    )
    platform = (
        PlatformOptions(repo_url=platform_repo_url) if platform_repo_url else PlatformOptions()
    )
    options = FleetOptions(tuple(sources), out, shared, jobs, platform)
    report = _progress(output is Output.text)
    try:
        result = build_fleet(options, report)
    finally:
        report.close()
    if output is Output.json:
        echo_json(_json(result))
    else:
        _summary(result)
    return 1 if result.failed else 0


class _ProgressReport:
    """A Rich progress bar on a terminal; plain lines otherwise (CI logs, pipes)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, outcome: AppOutcome) -> None:
        if not self.enabled:
            return
        line = f"failed {outcome.error}" if outcome.error else f"wrote  {outcome.path}"
        typer.echo(line, err=True)

    def close(self) -> None:
        return None


class _RichProgress(_ProgressReport):
    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        super().__init__(True)
        self._progress = Progress(
            TextColumn("apps"), BarColumn(), MofNCompleteColumn(), transient=True
        )
        self._task = self._progress.add_task("apps", total=None)
        self._progress.start()

    def __call__(self, outcome: AppOutcome) -> None:
        self._progress.advance(self._task)
        if outcome.error:
            self._progress.console.print(f"failed {outcome.error}", markup=False)

    def close(self) -> None:
        self._progress.stop()


def _progress(text: bool) -> _ProgressReport:
    if text and sys.stderr.isatty():
        return _RichProgress()
    return _ProgressReport(text)


def _summary(result: FleetResult) -> None:
    for outcome in result.failed:
        typer.echo(f"herokube: {outcome.error}", err=True)
    written = len(result.apps) - len(result.failed)
    line = f"Wrote {written} of {len(result.apps)} apps"
    if result.platform is not None:
        platform = result.platform
        change = (
            "unchanged"
            if platform.commit is None
            else f"commit {platform.commit[:12]} on branch {platform.branch}"
        )
        operators = ", ".join(platform.operators) or "none"
        line += f"; {platform.path} ({change}; operators: {operators})"
    typer.echo(line)


def _json(result: FleetResult) -> dict[str, object]:
    platform = result.platform
    return {
        "apps": [
            {
                "source": str(o.source),
                "app": o.name,
                "path": str(o.path) if o.path else None,
                "commit": o.commit,
                "update_branch": o.updated,
                "error": o.error,
                "warnings": [notice_data(n) for n in o.notices],
            }
            for o in result.apps
        ],
        "platform": None
        if platform is None
        else {
            "path": str(platform.path),
            "commit": platform.commit,
            "branch": platform.branch,
            "operators": list(platform.operators),
        },
    }
