"""The ``herokube new`` command."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from herokube.console import Output, echo_json, echo_notices, notice_data

__all__ = ["EPILOG", "new"]

# Click rewraps help text; a paragraph that starts with "\b" keeps its lines as written.
EPILOG = """\
\b
Examples:
  herokube new acme-shop.export.json --source ../acme-shop --out ../acme-shop-deploy
  herokube new ../my-app --out ../my-app-deploy --env staging --env production
  herokube new app.export.json --out deploy --image registry.example.com/team/app \\
      --repo-url git@github.com:team/app-deploy.git --postgres cloudnative-pg
  herokube new app.export.json --into ../my-app --dockerfile app

\b
Exit codes: 0 written and committed; 2 bad input (one line names the file and field),
a non-empty --out, or an app repository that already has a file herokube would write.
"""


class _Dockerfile(str, Enum):
    herokube = "herokube"
    app = "app"


class _Postgres(str, Enum):
    external = "external"
    cloudnative_pg = "cloudnative-pg"


class _Redis(str, Enum):
    external = "external"
    in_cluster = "in-cluster"


class _Ingress(str, Enum):
    ingress = "ingress"
    gateway_api = "gateway-api"
    none = "none"


class _Monitoring(str, Enum):
    none = "none"
    prometheus = "prometheus"


class _Logging(str, Enum):
    none = "none"
    logging_operator = "logging-operator"


class _LoadTest(str, Enum):
    none = "none"
    k6 = "k6"


def new(
    source: Path = typer.Argument(
        ...,
        metavar="SOURCE",
        help="An export file (from `herokube export`) or the app's source directory.",
        show_default=False,
    ),
    out: Path = typer.Option(
        None,
        "--out",
        metavar="DIR",
        help="Where to write the new repository; must not exist or be empty.",
    ),
    into: Path = typer.Option(
        None,
        "--into",
        metavar="APP_REPO",
        help="Instead of --out: commit the same files into the app's own Git repository, on a "
        "new branch herokube/kubernetes (its checkout is left as it is).",
    ),
    paired_source: Path = typer.Option(
        None,
        "--source",
        metavar="DIR",
        help="The app's source tree, paired with an export file (Procfile, app.json, runtime "
        "files): the export says what Heroku ran, the tree how the app builds.",
    ),
    env: list[str] = typer.Option(
        [],
        "--env",
        metavar="NAME",
        help="An environment (repeat). Default: the export's pipeline stages, else dev, "
        "staging, prod.",
        show_default=False,
    ),
    image: str = typer.Option(
        None,
        "--image",
        metavar="REPO",
        help="Image repository CI pushes to. Default: ghcr.io/<team>/<app>.",
    ),
    image_tag: str = typer.Option(
        None,
        "--image-tag",
        metavar="TAG",
        help="The image tag every environment deploys first. Default: the release commit (the "
        "export's, else the source tree's Git HEAD); without one, give the tag CI pushed.",
    ),
    repo_url: str = typer.Option(
        None,
        "--repo-url",
        metavar="URL",
        help="Git URL of the new repository, as Argo CD reads it.",
    ),
    app_repo: str = typer.Option(
        None,
        "--app-repo",
        metavar="URL",
        help="The app's own Git repository, which CI checks out and builds. Default: the "
        "export's source.repository.",
    ),
    dockerfile: _Dockerfile = typer.Option(
        _Dockerfile.herokube,
        "--dockerfile",
        help="herokube: a Dockerfile that reproduces the buildpacks; app: build with the app's own.",
    ),
    template: str = typer.Option(
        None,
        "--template",
        metavar="PATH|GIT-URL",
        help="A Copier template folder or Git URL instead of the built-in one.",
    ),
    template_ref: str = typer.Option(
        None, "--template-ref", metavar="REF", help="Tag or commit of --template to use."
    ),
    data: list[str] = typer.Option(
        [],
        "--data",
        metavar="KEY=VALUE",
        help="Set any template answer (repeat); the value is read as YAML.",
        show_default=False,
    ),
    postgres: _Postgres = typer.Option(
        _Postgres.external,
        "--postgres",
        help="external: DATABASE_URL from the secret store; cloudnative-pg: a CloudNativePG "
        "Cluster in the chart that imports the Heroku database.",
    ),
    redis: _Redis = typer.Option(
        _Redis.external,
        "--redis",
        help="external: REDIS_URL from the secret store; in-cluster: a small Redis-compatible "
        "StatefulSet in the chart.",
    ),
    output: Output = typer.Option(
        Output.text,
        "--output",
        "-o",
        help="text for people; json: {path, branch, commit, environments, warnings} for scripts.",
    ),
    monitoring: _Monitoring = typer.Option(
        _Monitoring.none,
        "--monitoring",
        help="prometheus: PrometheusRules for Heroku's H12/H13/R14/crash signals, a Grafana "
        "dashboard and a ServiceMonitor switch.",
    ),
    ingress: _Ingress = typer.Option(
        _Ingress.ingress,
        "--ingress",
        help="ingress: a plain Ingress (ingress.className, ingress.annotations); gateway-api: "
        "HTTPRoutes on the platform's Gateway (gateway.name, gateway.namespace); none: no route.",
    ),
    review_apps: bool = typer.Option(
        False,
        "--review-apps",
        help="An Argo CD ApplicationSet with one environment per pull request of the app's "
        "GitHub repository (on by default where the export's pipeline has review apps).",
    ),
    logging: _Logging = typer.Option(
        _Logging.none,
        "--logging",
        help="logging-operator: the kube-logging operator's Flow for the app's pods and one "
        "Output per Heroku log drain (credentials from the secret store).",
    ),
    load_test: _LoadTest = typer.Option(
        _LoadTest.none,
        "--load-test",
        help="k6: a k6 script with p95 and error-rate thresholds (chart/files/loadtest/, routes "
        "in routes.json) that runs against Heroku and the cluster alike, and a k6-operator "
        "TestRun per environment, off until loadTest.enabled.",
    ),
) -> int:
    """Write a complete GitOps repository for a Heroku app, and commit it.

    Writes the Dockerfile, the Helm chart, values per environment, Argo CD resources, a CI
    workflow and the migration runbook into DIR, as one commit on branch main (or, with
    --into, on branch herokube/kubernetes of the app's repository). Warnings go to stderr.
    """
    from herokube.data_option import parse_data
    from herokube.errors import UserError
    from herokube.pipeline import NewOptions, create_repository
    from herokube.plan import PlanOptions
    from herokube.render.repository import Template

    if (out is None) == (into is None):
        raise UserError("give exactly one of --out DIR and --into APP_REPO", source="herokube new")
    plan = PlanOptions(
        environments=tuple(env),
        image=image,
        image_tag=image_tag,
        repo_url=repo_url,
        app_repo=app_repo,
        dockerfile=dockerfile.value,
        postgres=postgres.value,
        redis=redis.value,
        monitoring=monitoring.value,
        ingress=ingress.value,
        review_apps=review_apps,
        logging=logging.value,
        load_test=load_test.value,
        extra_answers=parse_data(data, template_path=template),
    )
    chosen = Template(template, template_ref)
    destination = into if into is not None else out
    result = create_repository(
        NewOptions(source, destination, paired_source, plan, chosen, into=into is not None)
    )
    if output is Output.json:
        echo_json(
            {
                "path": str(result.path),
                "branch": "herokube/kubernetes" if into is not None else "main",
                "commit": result.commit,
                "environments": list(result.plan.environments),
                "warnings": [notice_data(n) for n in result.plan.notices],
            }
        )
        return 0
    echo_notices(result.plan.notices)
    environments = ", ".join(result.plan.environments)
    where = f"{result.path} on branch herokube/kubernetes" if into is not None else result.path
    typer.echo(
        f"Wrote {where} ({len(result.plan.environments)} environments: {environments}); "
        f"commit {result.commit[:12]}"
    )
    return 0
