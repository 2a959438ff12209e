"""Stage 3: decide what the app becomes on Kubernetes. No I/O, no Git, no clock.

``make_plan(app, options)`` returns the typed ``Plan`` (``plan.model``): workloads with their
resources and probes, the release Job, the CronJobs, the add-on targets and the notices.
``plan.values`` turns it into chart values, environment values and Copier answers at the render
edge. Kubernetes words start here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from herokube.blueprints import Blueprints, load_blueprints
from herokube.errors import UserError
from herokube.model import App, Notice
from herokube.names import dns_label
from herokube.plan.addons import addon_plans
from herokube.plan.ci import heroku_ci_plan
from herokube.plan.config import is_jvm, jdbc_secrets, split_config
from herokube.plan.cron import cron_jobs
from herokube.plan.cutover import cutover_at_start
from herokube.plan.dockerfile import dockerfile_spec
from herokube.plan.incluster import in_cluster_values
from herokube.plan.loadtest import load_test_answers
from herokube.plan.logging import logging_values
from herokube.plan.model import (
    PLACEHOLDER_IMAGE_TAG,
    AddonPlan,
    Autoscaling,
    CronJob,
    Plan,
    PlanOptions,
    ReleaseJob,
    Resources,
    Workload,
)
from herokube.plan.review import review_apps
from herokube.plan.workloads import workloads
from herokube.repositories import image_repository

__all__ = [
    "AddonPlan",
    "Autoscaling",
    "CronJob",
    "Plan",
    "PlanOptions",
    "ReleaseJob",
    "Resources",
    "Workload",
    "make_plan",
]

DEFAULT_ENVIRONMENTS = ("dev", "staging", "prod")
_PRODUCTION_NAMES = ("production", "prod")


def make_plan(app: App, options: PlanOptions, blueprints: Blueprints | None = None) -> Plan:
    """Every decision about ``app`` on Kubernetes; notices say what could not be carried over."""
    blueprints = blueprints or load_blueprints()
    notices: list[Notice] = list(app.notices)
    environments = _environments(app, options)
    addons = addon_plans(app, blueprints, notices)
    config, secrets = split_config(app, blueprints, notices)
    jvm = is_jvm(app)
    if jvm:
        secrets = jdbc_secrets(secrets, notices)
    addon_values, served = in_cluster_values(
        app, options.postgres, options.redis, options.monitoring, jvm, notices
    )
    spec, dockerfile_notices = dockerfile_spec(app)
    notices += dockerfile_notices
    dockerfile = spec.answers() if spec else {}
    replacements = dockerfile.get("replacement_commands", {})
    made, release = workloads(app, blueprints, config, jvm, replacements, notices)
    if spec is not None:  # what one process writes beside its code (celery beat's schedule ...)
        made = tuple(
            replace(w, writable_paths=tuple(spec.process_writable_paths.get(w.process, ())))
            for w in made
        )
    jobs = cron_jobs(app, config, jvm, notices)
    logging = logging_values(app, options.logging, notices)
    production = next((e for e in environments if e in _PRODUCTION_NAMES), environments[-1])
    review = review_apps(app, options, environments, made, release, tuple(secrets), jvm, notices)
    hosts = tuple(sorted({d.hostname for d in app.domains if d.kind == "custom"}))
    load_test = load_test_answers(app, options.load_test, made, hosts, notices)
    test = heroku_ci_plan(app, notices)
    return Plan(
        app=app,
        options=options,
        environments=environments,
        production=production,
        # The image name reaches the CI workflow, where GitHub evaluates ${{ }}: checked.
        image=image_repository(
            options.image or f"ghcr.io/{dns_label(app.team or '') or 'your-org'}/{app.name}",
            source="--image" if options.image else f"the image name for app {app.name!r}",
        ),
        image_tag=_image_tag(app, options),
        workloads=made,
        release=release,
        cron_jobs=jobs,
        config=config,
        secret_keys=tuple(name for name in secrets if name not in served),
        hosts=hosts,
        addons=addons,
        addon_values=addon_values,
        dockerfile=dockerfile,
        writable_paths=_writable_paths(app),
        notices=tuple(notices),
        cutover_at_start=cutover_at_start(app, environments, production),
        review=review,
        logging=logging,
        load_test=load_test,
        test=test,
    )


# Docker's tag grammar (distribution/reference): what a registry accepts after the colon.
_IMAGE_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")


def _image_tag(app: App, options: PlanOptions) -> str:
    """--image-tag, else the release commit's full SHA (what CI tags: docs/ci.md), else none."""
    tag = options.image_tag
    if tag is None:
        return app.commit or PLACEHOLDER_IMAGE_TAG
    if not _IMAGE_TAG.fullmatch(tag):
        raise UserError(
            f"{tag!r} is not an image tag (letters, digits, '_', '.', '-'; at most 128; "
            "no leading '.' or '-')",
            source="--image-tag",
        )
    if tag in ("latest", PLACEHOLDER_IMAGE_TAG):
        raise UserError(
            f"{tag!r} names no release; give the tag CI pushed (the app's full commit SHA)",
            source="--image-tag",
        )
    return tag


def _environments(app: App, options: PlanOptions) -> tuple[str, ...]:
    if options.environments:
        names = tuple(options.environments)
    elif app.pipeline and app.pipeline.stages:
        names = app.pipeline.stages
    else:
        names = DEFAULT_ENVIRONMENTS
    for name in names:
        if dns_label(name) != name:
            raise UserError(
                "an environment name must be a DNS label (lower-case letters, digits, dashes)",
                source="--env",
                field=name,
            )
    if len(set(names)) != len(names):
        raise UserError("an environment is named twice", source="--env")
    return names


def _writable_paths(app: App) -> tuple[str, ...]:
    """The app's own tmp dirs; /tmp is always writable."""
    found = (app.runtime.facts.get("writable_paths") if app.runtime else None) or []
    return tuple(sorted(set(found) - {"/tmp"}))
