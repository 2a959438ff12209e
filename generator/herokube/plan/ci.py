"""CI as GitHub Actions: Heroku CI's test environment, and where a build proposes its image.

Heroku CI ran app.json's ``environments.test`` (``scripts.test-setup``, ``scripts.test``, test
add-ons, ``formation.test.quantity``) on every push. The app's image workflow does the same
in the built image: the test add-ons Heroku provisions in a dyno become service containers
(Postgres, Redis) and their URLs the variables the app reads; the quantity becomes a matrix
with ``CI_NODE_TOTAL`` / ``CI_NODE_INDEX``. The scripts themselves are read from the tested
commit's app.json when the job runs, as Heroku CI did: no script text is written into a
workflow, where GitHub would evaluate a ``${{ }}`` inside it. See docs/ci.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from herokube.errors import UserError
from herokube.load.appjson import read_test_environment
from herokube.model import App, Notice
from herokube.repositories import GITHUB, github_repository

__all__ = [
    "POSTGRES_IMAGE",
    "REDIS_IMAGE",
    "ServiceContainer",
    "HerokuCiPlan",
    "ci_answers",
    "deployment_repository",
    "registry_host",
    "heroku_ci_plan",
]

# Exact tags (Renovate's github-actions manager keeps them current). Postgres 16 is the major
# herokube's in-cluster database defaults to; Redis 7.4 is Heroku Key-Value Store's line.
POSTGRES_IMAGE = "postgres:16.15-alpine"
REDIS_IMAGE = "redis:7.4.11-alpine"


@dataclass(frozen=True)
class ServiceContainer:
    """One test add-on as a job service container, reached on localhost."""

    name: str
    image: str
    port: int
    url: str
    variables: tuple[str, ...]
    """The variables that hold ``url`` (``DATABASE_URL``, or ``<ALIAS>_URL`` for ``as``)."""


@dataclass(frozen=True)
class HerokuCiPlan:
    """The Heroku CI job: present when app.json names a ``test`` script."""

    services: tuple[ServiceContainer, ...] = ()
    parallelism: int = 1


_SERVICES = {
    "heroku-postgresql": ServiceContainer(
        "postgres",
        POSTGRES_IMAGE,
        5432,
        "postgres://postgres:postgres@localhost:5432/postgres",
        ("DATABASE_URL",),
    ),
    "heroku-redis": ServiceContainer(
        "redis", REDIS_IMAGE, 6379, "redis://localhost:6379", ("REDIS_URL",)
    ),
}


def heroku_ci_plan(app: App, notices: list[Notice]) -> HerokuCiPlan | None:
    """The test job for ``app``, or None when its app.json has no ``test`` script.

    Heroku CI also guessed a test command per buildpack; herokube does not, so an app without
    a ``test`` script gets no test job (docs/ci.md).
    """
    test, found = read_test_environment(app.app_json, source="app.json")
    if "test" not in test.scripts:
        return None
    notices += found
    services: dict[str, ServiceContainer] = {}
    for service, _plan, alias in test.addons:
        known = _SERVICES.get(service)
        if known is None:
            notices.append(
                Notice("ci-addon-skipped", f"app.json: {service}", "no service container in CI")
            )
            continue
        variable = f"{alias}_URL" if alias else known.variables[0]
        previous = services.get(known.name)
        variables = (previous.variables if previous else ()) + (variable,)
        services[known.name] = ServiceContainer(
            known.name, known.image, known.port, known.url, tuple(dict.fromkeys(variables))
        )
    return HerokuCiPlan(services=tuple(services.values()), parallelism=test.quantity)


def deployment_repository(repo_url: str) -> str:
    """GitHub's ``OWNER/NAME`` of the deployment repository, "" when it is not on GitHub."""
    checked = github_repository(repo_url, source="--repo-url") if repo_url else None
    return checked[len(GITHUB) :] if checked else ""


def registry_host(image: str) -> str:
    """The registry an image is pushed to: its first component when that names a host."""
    first, _, rest = image.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


def ci_answers(
    test: HerokuCiPlan | None, *, image: str, repo_url: str, environments: tuple[str, ...]
) -> dict[str, Any]:
    """The ``ci`` Copier answer: what the image and validate workflows are made of."""
    try:
        deployment = deployment_repository(repo_url)
    except UserError:
        deployment = ""  # a GitHub URL GitHub would refuse: the workflow names a placeholder
    return {
        "deployment_repository": deployment,
        "registry": registry_host(image),
        # The first environment gets every new image; the others by promotion.
        "first_environment": environments[0] if environments else "",
        "test": None
        if test is None
        else {
            "parallelism": test.parallelism,
            "services": [
                {
                    "name": s.name,
                    "image": s.image,
                    "port": s.port,
                    "url": s.url,
                    "variables": list(s.variables),
                }
                for s in test.services
            ],
        },
    }
