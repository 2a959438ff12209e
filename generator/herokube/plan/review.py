"""Review apps: one short-lived environment per pull request, as Heroku's review apps.

Where the export's pipeline has review apps, or ``--review-apps`` asks for them, the repository
gets an Argo CD ApplicationSet whose pull-request generator reads the app's GitHub repository
and makes one Application per open pull request (``argocd/review-apps.yaml``), rendered from
``environments/review/values.yaml``. app.json's ``environments.review`` decides the add-ons:
Heroku Postgres becomes a one-instance CloudNativePG Cluster and Heroku Redis a Redis without
a volume, both in the pull request's namespace and deleted with it; the other add-ons' variables
come from the secret store's ``<app>/review`` entry. ``scripts.postdeploy`` runs once after the
first deploy, ``scripts.pr-predestroy`` before the environment goes (docs/review-apps.md).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from herokube.chartrepo import REVIEW_ENVIRONMENT
from herokube.errors import UserError
from herokube.model import Addon, App, Notice
from herokube.plan.incluster import in_cluster_values
from herokube.plan.model import (
    PlanOptions,
    ReleaseJob,
    Resources,
    ReviewApps,
    Workload,
    web_workload,
)
from herokube.repositories import GITHUB, app_repository

__all__ = ["PR_NUMBER_DIGITS", "RELEASE_NAME_LIMIT", "review_apps"]

RELEASE_NAME_LIMIT = 53
"""Helm's limit on a release name; namespaces and Application names (63) are longer."""
PR_NUMBER_DIGITS = 10
"""GitHub numbers pull requests with 32-bit integers: at most 10 digits."""
_PREFIX_LIMIT = RELEASE_NAME_LIMIT - len("-pr-") - PR_NUMBER_DIGITS
_POSTGRES = "heroku-postgresql"
_REDIS = "heroku-redis"
# A review database holds seed data: small, one instance, no backup.
_REVIEW_POSTGRES = {
    "instances": 1,
    "storage": {"size": "1Gi"},
    "resources": {
        "requests": {"cpu": "100m", "memory": "512Mi"},
        "limits": {"memory": "512Mi"},
    },
    "backup": {"enabled": False},
    "import": {"enabled": False},
    # Deleted with the pull request's Application, unlike a long-lived environment's database.
    "retain": False,
}


def review_apps(
    app: App,
    options: PlanOptions,
    environments: tuple[str, ...],
    workloads: tuple[Workload, ...],
    release: ReleaseJob | None,
    secret_keys: tuple[str, ...],
    jvm: bool,
    notices: list[Notice],
) -> ReviewApps | None:
    """The review apps asked for, or None.

    Raises:
        UserError: ``--review-apps`` without a GitHub repository for the app, or an
            environment named ``review``.
    """
    pipeline_has_them = bool(app.pipeline and app.pipeline.review_apps)
    if not (options.review_apps or pipeline_has_them):
        return None
    source = "--review-apps" if options.review_apps else "export: pipeline.review_apps"
    repository = app_repository(options.app_repo, app.repository)
    if not repository.startswith(GITHUB):
        if options.review_apps:
            raise UserError(
                "review apps read pull requests from GitHub: give --app-repo OWNER/NAME",
                source="--review-apps",
            )
        notices.append(
            Notice(
                "review-apps-skipped",
                source,
                "the pipeline has review apps, but the app's repository is not on GitHub: "
                "no ApplicationSet (give --app-repo OWNER/NAME)",
            )
        )
        return None
    if REVIEW_ENVIRONMENT in environments:
        raise UserError(
            "the review apps' values are environments/review: name this environment otherwise",
            source="--env",
            field=REVIEW_ENVIRONMENT,
        )
    owner, _, name = repository[len(GITHUB) :].partition("/")
    review = app.review_environment
    services = review.addons if review is not None else tuple(a.service for a in app.addons)
    in_cluster, served = _in_cluster(app, services, jvm)
    shared = tuple(s for s in dict.fromkeys(services) if _shared(app, s))
    for service in shared:
        notices.append(
            Notice(
                "review-addon-shared",
                f"environments.review.addons: {service}",
                f"review apps share it: its variables come from the secret store's {app.name}/review",
            )
        )
    return ReviewApps(
        owner=owner,
        repository=name,
        prefix=app.name[:_PREFIX_LIMIT].rstrip("-"),
        postdeploy=review.postdeploy if review else None,
        pr_predestroy=review.pr_predestroy if review else None,
        script_resources=_script_resources(workloads, release),
        in_cluster=in_cluster,
        served=served,
        shared_addons=shared,
        # A name the app keeps secret stays in the secret store, whatever app.json says.
        config={k: v for k, v in (review.env if review else {}).items() if k not in secret_keys},
    )


def _shared(app: App, service: str) -> bool:
    """An add-on review apps share: not made per pull request, and with variables to read."""
    if service in (_POSTGRES, _REDIS):
        return False
    known = [a for a in app.addons if a.service == service]
    return not known or any(a.config_vars for a in known)


def _in_cluster(
    app: App, services: tuple[str, ...], jvm: bool
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Postgres and Redis of the pull request's own, sized for a review app."""
    wanted = [s for s in (_POSTGRES, _REDIS) if s in services]
    addons = tuple(
        next((a for a in app.addons if a.service == s), Addon(s, f"review-{s}")) for s in wanted
    )
    # The production choice's notices (sizes, versions) are not the review app's concern.
    values, served = in_cluster_values(
        replace(app, addons=addons),
        "cloudnative-pg" if _POSTGRES in wanted else "external",
        "in-cluster" if _REDIS in wanted else "external",
        "none",
        jvm,
        [],
    )
    review: dict[str, Any] = {}
    if "postgresCluster" in values:
        review["postgresCluster"] = {**values["postgresCluster"], **_REVIEW_POSTGRES}
    if "redis" in values:
        # No volume: a StatefulSet's claims outlive it, and the namespace goes with the PR.
        review["redis"] = {**values["redis"], "persistence": {"enabled": False}}
    return review, tuple(sorted(served))


def _script_resources(workloads: tuple[Workload, ...], release: ReleaseJob | None) -> Resources:
    """A script runs like the release command: on its size, else on web's, else the first's."""
    if release is not None:
        return release.resources
    web = web_workload(workloads)
    chosen = web or (workloads[0] if workloads else None)
    return chosen.resources if chosen else Resources(250, 512)
