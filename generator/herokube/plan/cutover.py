"""Which environments start before their cutover (``migration.cutover`` in each environment's values).

An environment that mirrors a Heroku app (a stage of the app's pipeline, or the app itself when it
has none) must not run its workers, clock or CronJobs while Heroku still runs its own: it starts
with ``cutover: false`` (web only, for smoke tests) and one reviewed commit flips it at cutover.
An environment that mirrors no Heroku app has nothing to cut over from and starts ``true``.
"""

from __future__ import annotations

from typing import Any

from herokube.chartrepo import namespace_of
from herokube.model import App

__all__ = [
    "MAINTENANCE_IMAGE",
    "cutover_at_start",
    "maintenance_values",
    "mirrored_environments",
    "runbook_cutovers",
]

# The stable nginx line, smallest variant; the chart runs it non-root with its own nginx.conf.
MAINTENANCE_IMAGE = "nginx:1.30.4-alpine-slim"


def mirrored_environments(app: App, environments: tuple[str, ...], production: str) -> set[str]:
    """The environments that mirror a Heroku app: its pipeline's stages, or the app's own."""
    mirrored = set(app.pipeline.stages) if app.pipeline is not None else set()
    mirrored.add(_own_environment(app, environments, production))
    return mirrored & set(environments)


def _own_environment(app: App, environments: tuple[str, ...], production: str) -> str:
    """The environment that mirrors this Heroku app itself: its pipeline stage, else production."""
    stage = app.pipeline.stage if app.pipeline is not None else None
    return stage if stage and stage in environments else production


def cutover_at_start(app: App, environments: tuple[str, ...], production: str) -> dict[str, bool]:
    """``migration.cutover`` of each environment when the repository is generated."""
    mirrored = mirrored_environments(app, environments, production)
    return {env: env not in mirrored for env in environments}


def maintenance_values() -> dict[str, Any]:
    """``maintenance`` in the chart's values: off; on, the Ingress answers 503 with a page."""
    return {"enabled": False, "image": MAINTENANCE_IMAGE, "retryAfterSeconds": 600}


def runbook_cutovers(
    app: App, environments: tuple[str, ...], production: str, cutover: dict[str, bool]
) -> list[dict[str, str]]:
    """The environments the runbook cuts over, in promotion order (production last).

    ``heroku_app`` is the Heroku app an environment mirrors where herokube knows it (the app's
    own environment); the runbook asks for the others (``heroku pipelines:info`` lists them).
    """
    own = _own_environment(app, environments, production)
    return [
        {
            "name": env,
            "namespace": namespace_of(app.name, env),
            "heroku_app": app.name if env == own else "",
        }
        for env in environments
        if not cutover[env]
    ]
