"""The render edge: the typed plan as chart values, environment values and Copier answers.

Nothing is decided here; every number and name comes from the ``Plan``.
"""

from __future__ import annotations

from typing import Any

from herokube import __version__
from herokube.chartrepo import REVIEW_ENVIRONMENT, namespace_of
from herokube.names import dns_label
from herokube.plan.ci import ci_answers
from herokube.plan.cutover import maintenance_values, runbook_cutovers
from herokube.plan.loadtest import load_test_values, smoke_test_values
from herokube.plan.metrics import request_metrics
from herokube.plan.model import AddonPlan, Autoscaling, Plan, Resources, Workload
from herokube.repositories import app_repository
from herokube.secrets.urls import strip_url

__all__ = [
    "REVIEW_HOST_TEMPLATE",
    "chart_values",
    "copier_answers",
    "environment_values",
    "review_values",
]

CHART_VERSION = "0.1.0"
REVIEW_HOST_TEMPLATE = "{{ .Release.Name }}.review.example.com"
"""Each review app's host: the chart renders it with ``tpl``, the release being ``<app>-pr-<n>``."""
# How long a review script may run: Heroku's one-hour bound on a release command for
# postdeploy; pr-predestroy holds up the Application's deletion, so it gets ten minutes.
_SCRIPT_DEADLINES = {"postdeploy": 3600, "prPredestroy": 600}


def resources_values(resources: Resources) -> dict[str, Any]:
    """Kubernetes quantities: requests equal to the dyno, a CPU limit only on dedicated dynos."""
    memory = f"{resources.memory_mib}Mi"
    limits: dict[str, str] = {"memory": memory}
    if resources.cpu_limit_millicores:
        limits["cpu"] = f"{resources.cpu_limit_millicores}m"
    return {
        "requests": {"cpu": f"{resources.cpu_millicores}m", "memory": memory},
        "limits": limits,
    }


def _autoscaling_values(scaling: Autoscaling | None) -> dict[str, Any]:
    if scaling is None:
        return {"enabled": False}
    return {
        "enabled": True,
        "minReplicas": scaling.min_replicas,
        "maxReplicas": scaling.max_replicas,
        "targetCPUUtilizationPercentage": scaling.target_cpu_percent,
    }


def _workload_values(workload: Workload) -> dict[str, Any]:
    values: dict[str, Any] = {
        "herokuType": workload.process,
        "kind": workload.kind,
        "command": workload.command,
        "replicas": workload.replicas,
        "resources": resources_values(workload.resources),
        "env": dict(workload.env),
    }
    if workload.writable_paths:
        values["writablePaths"] = list(workload.writable_paths)
    if workload.kind == "web":
        values["startupSeconds"] = workload.startup_seconds
        values["autoscaling"] = _autoscaling_values(workload.autoscaling)
        if workload.preboot:
            values["preboot"] = True
    return values


def _release_values(plan: Plan) -> dict[str, Any]:
    release = plan.release
    if release is None:
        return {"enabled": False, "command": "", "resources": {}, "activeDeadlineSeconds": 3600}
    return {
        "enabled": True,
        "command": release.command,
        "resources": resources_values(release.resources),
        "env": dict(release.env),
        "activeDeadlineSeconds": release.deadline_seconds,
    }


def chart_values(plan: Plan) -> dict[str, Any]:
    """chart/values.yaml: the defaults every environment shares."""
    app, options = plan.app, plan.options
    values: dict[str, Any] = {
        "image": {"repository": plan.image, "tag": CHART_VERSION, "pullPolicy": "IfNotPresent"},
        "port": plan.port,
        **_platform_knobs(),
        "dynoMetadata": {"enabled": plan.dyno_metadata, "appName": app.name},
        "processes": {w.label: _workload_values(w) for w in plan.workloads},
        "release": _release_values(plan),
        "cronJobs": {
            job.name: {
                "schedule": job.schedule,
                "command": job.command,
                "activeDeadlineSeconds": job.deadline_seconds,
                "resources": resources_values(job.resources),
                "env": dict(job.env),
            }
            for job in plan.cron_jobs
        },
        "config": dict(plan.config),
        "externalSecrets": {
            "enabled": bool(plan.secret_keys),
            "refreshInterval": "1h",
            "secretStoreRef": {"kind": options.secret_store_kind, "name": plan.secret_store},
            "remoteKey": f"{app.name}/production",
            "variables": list(plan.secret_keys),
        },
        # The provider block of the app's own SecretStore (aws, vault, gcpsm ...), per environment.
        "secretStore": {"provider": {}},
        **_routing_values(plan),
        "podDisruptionBudget": {"enabled": True, "maxUnavailable": 1},
        "networkPolicy": {"enabled": True},
        "serviceAccount": {"create": True, "annotations": {}},
        "terminationGracePeriodSeconds": 30,
        "writablePaths": list(plan.writable_paths),
        "podSecurityContext": {"runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001},
        "tests": smoke_test_values(),
    }
    values.update(plan.addon_values)
    if plan.logging:
        values["logging"] = dict(plan.logging)
    if "monitoring" in values:  # the request metrics of what the chart routes through
        values["monitoring"] = {**values["monitoring"], "http": request_metrics(options.ingress)}
    values.update(load_test_values(dict(plan.load_test)))
    # Every environment sets it; the chart's default keeps an existing formation running.
    values["migration"] = {"cutover": True}
    values["maintenance"] = maintenance_values()
    return values


def _platform_knobs() -> dict[str, Any]:
    """The knobs a platform team sets on every pod (helm-create names), empty by default."""
    return {
        "imagePullSecrets": [],
        "podAnnotations": {},
        "podLabels": {},
        "nodeSelector": {},
        "tolerations": [],
        "affinity": {},
        "topologySpreadConstraints": [],
        "priorityClassName": "",
        "extraEnv": [],
        "extraVolumes": [],
        "extraVolumeMounts": [],
    }


def _routing_values(plan: Plan) -> dict[str, Any]:
    """A plain Ingress, HTTPRoutes on the platform's Gateway, or neither (``--ingress``)."""
    options = plan.options
    return {
        "ingress": {
            "enabled": options.ingress == "ingress",
            "className": options.ingress_class,
            "annotations": {},
            "clusterIssuer": options.cluster_issuer,
            "hosts": [],
            "hostTemplate": "",
            # Heroku's router gives up after 30 s (H12): the HTTPRoute carries it; an Ingress
            # takes it from the controller's annotation (docs/chart.md).
            "timeoutSeconds": 30,
        },
        "gateway": {
            "enabled": options.ingress == "gateway-api",
            "name": options.gateway_name,
            "namespace": options.gateway_namespace,
            "hosts": [],
            "hostTemplate": "",
            "timeoutSeconds": 30,
        },
    }


def environment_values(plan: Plan, environment: str) -> dict[str, Any]:
    """Only what differs from chart/values.yaml: replicas, hosts, secret path, image tag."""
    processes: dict[str, Any] = {}
    for workload in plan.workloads:
        entry: dict[str, Any] = {"replicas": plan.replicas(workload, environment)}
        if workload.autoscaling is not None and plan.autoscaling(workload, environment) is None:
            entry["autoscaling"] = {"enabled": False}
        processes[workload.label] = entry
    production = environment == plan.production
    return {
        "environment": environment,
        "image": {"tag": plan.image_tag},
        "processes": processes,
        _route_key(plan): {"hosts": list(plan.hosts) if production else []},
        "externalSecrets": {"remoteKey": f"{plan.app.name}/{environment}"},
        "migration": {"cutover": plan.cutover_at_start.get(environment, True)},
    }


def review_values(plan: Plan) -> dict[str, Any]:
    """environments/review/values.yaml: what every pull request's review app shares.

    The ApplicationSet sets the release name (``<app>-pr-<n>``) and ``image.tag`` (the pull
    request's head commit) per pull request; everything else is here.
    """
    review = plan.review
    if review is None:
        raise ValueError("the plan has no review apps")
    values = environment_values(plan, REVIEW_ENVIRONMENT)
    if plan.options.ingress != "none":
        values[_route_key(plan)] = {"hosts": [], "hostTemplate": REVIEW_HOST_TEMPLATE}
    # What the long-lived environments' in-cluster add-ons serve comes from the secret store in
    # review apps that have no such add-on, as Heroku's did from the review stage's config.
    served_elsewhere = sorted(set(_served_in_cluster(plan)) - set(plan.secret_keys))
    variables = [k for k in (*plan.secret_keys, *served_elsewhere) if k not in review.served]
    secrets: dict[str, Any] = {"remoteKey": f"{plan.app.name}/{REVIEW_ENVIRONMENT}"}
    if variables != list(plan.secret_keys):
        secrets["variables"] = variables
        secrets["enabled"] = bool(variables)
    values["externalSecrets"] = secrets
    if review.config:
        values["config"] = dict(review.config)
    for key in ("postgresCluster", "redis"):
        if key in plan.addon_values and key not in review.in_cluster:
            values[key] = {"enabled": False}  # app.json gives review apps no such add-on
    values.update(review.in_cluster)
    scripts = {"postdeploy": review.postdeploy, "prPredestroy": review.pr_predestroy}
    jobs = {
        name: {
            "command": command,
            "activeDeadlineSeconds": _SCRIPT_DEADLINES[name],
            "resources": resources_values(review.script_resources),
        }
        for name, command in scripts.items()
        if command
    }
    if jobs:
        values["reviewApp"] = jobs
    return values


def _served_in_cluster(plan: Plan) -> list[str]:
    postgres = plan.addon_values.get("postgresCluster") or {}
    redis = plan.addon_values.get("redis") or {}
    return [*postgres.get("variables", {}), *redis.get("variables", [])]


def _review_answers(plan: Plan) -> dict[str, Any]:
    """What the ApplicationSet, the AppProject and the runbook need."""
    review = plan.review
    if review is None:
        raise ValueError("the plan has no review apps")
    return {
        "owner": review.owner,
        "repository": review.repository,
        "prefix": review.prefix,
        "values_file": f"../environments/{REVIEW_ENVIRONMENT}/values.yaml",
        "postdeploy": bool(review.postdeploy),
        "pr_predestroy": bool(review.pr_predestroy),
        "database": "postgresCluster" in review.in_cluster,
        "redis": "redis" in review.in_cluster,
        "shared_addons": list(review.shared_addons),
    }


def _route_key(plan: Plan) -> str:
    return "gateway" if plan.options.ingress == "gateway-api" else "ingress"


def copier_answers(plan: Plan) -> dict[str, Any]:
    """What the Copier template reads (chart/values.yaml is ``chart_values`` in full)."""
    app, options = plan.app, plan.options
    answers: dict[str, Any] = {
        "app_name": app.name,
        "herokube_version": __version__,
        "chart_version": CHART_VERSION,
        "image_repository": plan.image,
        "repo_url": strip_url(options.repo_url)
        if options.repo_url
        else f"https://github.com/{dns_label(app.team or '') or 'your-org'}/{app.name}-deploy.git",
        "app_repo": app_repository(options.app_repo, app.repository),
        "app_commit": app.commit or "",
        "environments": [
            {"name": e, "namespace": namespace_of(app.name, e), "production": e == plan.production}
            for e in plan.environments
        ],
        "argocd_project": options.argocd_project or app.name,
        "argocd_server": options.argocd_server,
        "dockerfile_source": options.dockerfile,
        "app_has_dockerfile": app.has_dockerfile,
        "dockerfile": plan.dockerfile,
        "chart_values": plan.chart_values,
        "runbook": _runbook_answers(plan),
        "load_test": dict(plan.load_test),
    }
    if plan.review is not None:  # absent otherwise, so repositories without them are unchanged
        answers["review_apps"] = _review_answers(plan)
    answers["ci"] = ci_answers(
        plan.test, image=plan.image, repo_url=answers["repo_url"], environments=plan.environments
    )
    answers.update(options.extra_answers)
    return answers


def _runbook_answers(plan: Plan) -> dict[str, Any]:
    app, options, runtime = plan.app, plan.options, plan.app.runtime
    return {
        "addons": [_addon_answer(a) for a in plan.addons],
        "hosts": list(plan.hosts),
        "secret_keys": list(plan.secret_keys),
        "config_keys": sorted(plan.config),
        "processes": [
            {
                "name": p.name,
                "command": p.command,
                "quantity": p.quantity,
                "size": p.size or "default",
            }
            for p in app.processes
        ],
        "scheduler_known": app.scheduler_jobs is not None,
        "language": runtime.language if runtime else "unknown",
        "language_version": (runtime.version if runtime else None) or "",
        "from_export": app.from_export,
        "procfile_declared": app.procfile_declared,
        "features": sorted(name for name, on in app.features.items() if on),
        "postgres": options.postgres,
        "redis": options.redis,
        "monitoring": options.monitoring,
        "logging": _logging_answer(plan),
        "port": plan.port,
        "cutovers": runbook_cutovers(
            app, plan.environments, plan.production, dict(plan.cutover_at_start)
        ),
    }


def _logging_answer(plan: Plan) -> dict[str, Any]:
    """What the runbook's logging section lists: each drain's Output and its store keys."""
    from herokube.plan.logging import drain_outputs

    return {
        "choice": plan.options.logging,
        "drains": drain_outputs(plan.logging),
        "heroku_drains": len(plan.app.log_drains),
    }


def _addon_answer(addon: AddonPlan) -> dict[str, Any]:
    return {
        "postgres_version": addon.version or "",
        "service": addon.service,
        "name": addon.name,
        "plan": addon.plan or "",
        "title": addon.title,
        "target": addon.target,
        "target_description": addon.target_description,
        "variables": list(addon.variables),
        "data": addon.data,
        "known": addon.known,
        "blocking": addon.blocking or "",
        "retired": addon.retired,
        "shared_with": list(addon.shared_with),
    }
