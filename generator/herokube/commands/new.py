"""The ``herokube new`` command."""

from __future__ import annotations

from pathlib import Path

import typer

from herokube.cli import app

__all__ = ["new"]

_EPILOG = """Examples:

  herokube new acme-shop.export.json --source ../acme-shop --out ../acme-shop-deploy

  herokube new ../my-app --out ../my-app-deploy --env staging --env production

  herokube new app.export.json --out deploy --image registry.example.com/team/app --repo-url git@github.com:team/app-deploy.git
"""


@app.command("new", epilog=_EPILOG)
def new(
    source: Path = typer.Argument(
        ..., help="An export file (from `herokube export`) or the app's source directory."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Where to write the new repository; must not exist or be empty."
    ),
    paired_source: Path = typer.Option(
        None,
        "--source",
        help="The app's source tree, to pair with an export file (Procfile, app.json, runtime files).",
    ),
    env: list[str] = typer.Option(
        [],
        "--env",
        help="An environment (repeat). Default: the pipeline's stages, else dev, staging, prod.",
    ),
    image: str = typer.Option(
        None, "--image", help="Image repository CI pushes to. Default: ghcr.io/<team>/<app>."
    ),
    repo_url: str = typer.Option(
        None, "--repo-url", help="Git URL of the new repository, as Argo CD reads it."
    ),
    app_repo: str = typer.Option(
        None,
        "--app-repo",
        help="The app's own Git repository CI builds. Default: the export's source.repository.",
    ),
    dockerfile: str = typer.Option(
        "herokube",
        "--dockerfile",
        help="herokube: write a Dockerfile that reproduces the buildpacks; app: build with the app's own.",
    ),
    template: str = typer.Option(
        None, "--template", help="A Copier template folder or Git URL instead of the built-in one."
    ),
    template_ref: str = typer.Option(
        None, "--template-ref", help="Tag or commit of --template to use."
    ),
    data: list[str] = typer.Option(
        [], "--data", help="KEY=VALUE: set any template answer (repeat)."
    ),
    postgres: str = typer.Option(
        "external",
        "--postgres",
        help="external: DATABASE_URL from the secret store; cloudnative-pg: a CloudNativePG Cluster in the chart that imports the Heroku database.",
    ),
    redis: str = typer.Option(
        "external",
        "--redis",
        help="external: REDIS_URL from the secret store; in-cluster: a small Redis-compatible StatefulSet in the chart.",
    ),
    monitoring: str = typer.Option(
        "none",
        "--monitoring",
        help="none, or prometheus: PrometheusRules for Heroku's H12/H13/R14/crash signals, a Grafana dashboard, a ServiceMonitor switch.",
    ),
) -> None:
    """Write a complete GitOps repository for a Heroku app, and commit it.

    Writes the Dockerfile, the Helm chart, values per environment, Argo CD resources, a CI
    workflow and the migration runbook into OUT, as one commit on branch main.
    """
    from herokube.errors import UserError
    from herokube.pipeline import NewOptions, create_repository, parse_data
    from herokube.plan import PlanOptions
    from herokube.render.repository import Template

    if dockerfile not in ("herokube", "app"):
        raise UserError("must be herokube or app", source="--dockerfile", field=dockerfile)
    options = NewOptions(
        source=source,
        out=out,
        paired_source=paired_source,
        plan=PlanOptions(
            environments=tuple(env),
            image=image,
            repo_url=repo_url,
            app_repo=app_repo,
            dockerfile=dockerfile,
            postgres=postgres,
            redis=redis,
            monitoring=monitoring,
            extra_answers=parse_data(data),
        ),
        template=Template(template, template_ref),
    )
    result = create_repository(options)
    for notice in result.plan.notices:
        typer.echo(f"warning: {notice.source}: {notice.message} [{notice.code}]", err=True)
    typer.echo(
        f"Wrote {result.path} ({len(result.plan.environments)} environments: {', '.join(result.plan.environments)}); commit {result.commit[:12]}"
    )
