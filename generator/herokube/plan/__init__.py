"""Stage 3: decide what the app becomes on Kubernetes. No I/O, no Git, no clock.

``make_plan(app, options)`` returns plain data: the chart's values, each environment's values,
the add-on targets, the Copier answers and the notices. Kubernetes words start here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from herokube import __version__
from herokube.blueprints import Blueprints, load_blueprints
from herokube.errors import UserError
from herokube.model import App, ConfigVar, DynoSize, Notice, Process, SchedulerJob
from herokube.names import dns_label, unique_labels
from herokube.plan.cutover import cutover_at_start, maintenance_values, runbook_cutovers
from herokube.plan.incluster import in_cluster_values

__all__ = ["AddonPlan", "Plan", "PlanOptions", "make_plan"]

DEFAULT_ENVIRONMENTS = ("dev", "staging", "prod")
_PRODUCTION_NAMES = ("production", "prod")
CONTAINER_PORT = 8080
# Heroku's boot timeout: 60 s to bind $PORT, 90 s for JVM apps (R10).
_STARTUP_SECONDS = {"default": 60, "jvm": 90}
_SHELL_OPERATORS = re.compile(r"[;&|`\n]|\$\(")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=\S*$")
_JDBC_SOURCES = ("DATABASE_URL", "JAWSDB_URL", "JAWSDB_MARIA_URL", "CLEARDB_DATABASE_URL")


@dataclass(frozen=True)
class PlanOptions:
    environments: tuple[str, ...] = ()
    image: str | None = None
    repo_url: str | None = None
    app_repo: str | None = None
    ingress_class: str = "nginx"
    cluster_issuer: str = "letsencrypt"
    secret_store: str = "heroku-migration"
    secret_store_kind: str = "ClusterSecretStore"
    argocd_project: str | None = None
    argocd_server: str = "https://kubernetes.default.svc"
    dockerfile: str = "herokube"
    """``herokube`` writes its own Dockerfile; ``app`` builds with the app's own."""
    postgres: str = "external"
    """``external`` (a URL in the secret store) or ``cloudnative-pg`` (a Cluster in the chart)."""
    redis: str = "external"
    """``external`` or ``in-cluster`` (a small Redis-compatible StatefulSet in the chart)."""
    monitoring: str = "none"
    """``none`` or ``prometheus`` (ServiceMonitor, PrometheusRule, Grafana dashboard)."""
    extra_answers: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AddonPlan:
    service: str
    name: str
    plan: str | None
    title: str
    target: str
    target_description: str
    variables: tuple[str, ...]
    data: str
    known: bool
    blocking: str | None = None
    retired: bool = False
    shared_with: tuple[str, ...] = ()
    version: str | None = None
    """The engine version the provider reported (``details.postgres_version`` ...)."""


@dataclass(frozen=True)
class Plan:
    app: App
    environments: tuple[str, ...]
    production: str
    chart_values: dict[str, Any]
    environment_values: dict[str, dict[str, Any]]
    addons: tuple[AddonPlan, ...]
    secret_keys: tuple[str, ...]
    config_keys: tuple[str, ...]
    answers: dict[str, Any]
    notices: tuple[Notice, ...]


def make_plan(app: App, options: PlanOptions, blueprints: Blueprints | None = None) -> Plan:
    blueprints = blueprints or load_blueprints()
    notices: list[Notice] = list(app.notices)
    environments = _environments(app, options)
    production = next((e for e in environments if e in _PRODUCTION_NAMES), environments[-1])
    addons = tuple(
        _addon_plan(app, addon_index, blueprints, notices) for addon_index in range(len(app.addons))
    )
    config, secrets = _split_config(app, blueprints, notices)
    jvm = _is_jvm(app)
    if jvm:
        secrets = _jdbc_secrets(secrets, notices)
    in_cluster, served = in_cluster_values(
        app, options.postgres, options.redis, options.monitoring, jvm, notices
    )
    secrets = [name for name in secrets if name not in served]
    dockerfile = _dockerfile(app)
    replacements = dockerfile.get("replacement_commands", {})
    workloads, release = _workloads(app, blueprints, config, jvm, replacements, notices)
    cron_jobs = _cron_jobs(app, notices)
    hosts = sorted({d.hostname for d in app.domains if d.kind == "custom"})
    image = options.image or f"ghcr.io/{app.team or 'your-org'}/{app.name}"
    chart_values = _chart_values(
        app, options, image, workloads, release, cron_jobs, config, secrets, jvm
    )
    chart_values.update(in_cluster)
    # Every environment sets it; the chart's default keeps an existing formation running.
    chart_values["migration"] = {"cutover": True}
    chart_values["maintenance"] = maintenance_values()
    cutover = cutover_at_start(app, environments, production)
    tag = (app.commit or "")[:12] or "0.1.0"
    environment_values = {
        env: {
            **_environment_values(app, env, env == production, workloads, hosts, tag),
            "migration": {"cutover": cutover[env]},
        }
        for env in environments
    }
    answers = _answers(
        app,
        options,
        image,
        environments,
        production,
        addons,
        secrets,
        config,
        hosts,
        chart_values,
        dockerfile,
    )
    answers["runbook"]["cutovers"] = runbook_cutovers(app, environments, production, cutover)
    return Plan(
        app=app,
        environments=environments,
        production=production,
        chart_values=chart_values,
        environment_values=environment_values,
        addons=addons,
        secret_keys=tuple(secrets),
        config_keys=tuple(config),
        answers=answers,
        notices=tuple(notices),
    )


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


def _addon_plan(app: App, index: int, blueprints: Blueprints, notices: list[Notice]) -> AddonPlan:
    addon = app.addons[index]
    known = blueprints.addons.get(addon.service)
    shared = tuple(a for a in addon.attached_apps if a != app.name)
    if addon.billing_app and addon.billing_app != app.name:
        shared = tuple(sorted({*shared, addon.billing_app}))
    reported = addon.details.get("postgres_version") or addon.details.get("version")
    version = str(reported) if reported is not None else None
    if known is None:
        notices.append(
            Notice(
                "addon-unknown",
                f"addons.{addon.name}",
                f"{addon.service} has no blueprint: kept as an external service",
            )
        )
        return AddonPlan(
            addon.service,
            addon.name,
            addon.plan,
            addon.service,
            "saas",
            "Keep the external service; move its credentials to the secret store",
            addon.config_vars,
            "unknown",
            known=False,
            shared_with=shared,
            version=version,
        )
    if known.retired:
        notices.append(
            Notice(
                "addon-retired",
                f"addons.{addon.name}",
                f"{addon.service} is retired; move to its successor",
            )
        )
    return AddonPlan(
        addon.service,
        addon.name,
        addon.plan,
        known.title,
        known.target,
        known.target_description,
        addon.config_vars or known.variables,
        known.data,
        known=True,
        blocking=known.blocking,
        retired=known.retired,
        shared_with=shared,
        version=version,
    )


def _split_config(
    app: App, blueprints: Blueprints, notices: list[Notice]
) -> tuple[dict[str, str], list[str]]:
    """Plain settings (kept byte for byte) and the names of secrets (values never kept)."""
    config: dict[str, str] = {}
    secrets: list[str] = []
    for var in sorted(app.config_vars, key=lambda v: v.name):
        if var.name == "HEROKU_APP_NAME":
            # Apps read it (runtime-dyno-metadata, app.json); the app keeps its name.
            config[var.name] = app.name
            continue
        if _dropped(var, blueprints, notices):
            continue
        if var.secret or var.origin == "addon":
            secrets.append(var.name)
        else:
            config[var.name] = var.value if var.value is not None else ""
    return config, secrets


def _dropped(var: ConfigVar, blueprints: Blueprints, notices: list[Notice]) -> bool:
    where = f"config_vars.{var.name}"
    if var.origin == "heroku":
        notices.append(Notice("config-var-platform", where, "set by Heroku; not carried over"))
        return True
    if var.name in blueprints.platform_vars:
        notices.append(
            Notice(
                "config-var-platform", where, "set by the chart or the platform; not carried over"
            )
        )
        return True
    if var.name in blueprints.build_time_vars or var.name.startswith(
        blueprints.build_time_prefixes
    ):
        notices.append(
            Notice(
                "config-var-build-time",
                where,
                "a buildpack control; belongs in the Dockerfile, not the runtime config",
            )
        )
        return True
    return False


def _is_jvm(app: App) -> bool:
    runtime = app.runtime
    return bool(runtime and (runtime.language in ("java", "scala") or runtime.facts.get("jvm")))


def _jdbc_secrets(secrets: list[str], notices: list[Notice]) -> list[str]:
    """The JVM buildpack derived JDBC_DATABASE_* from DATABASE_URL at boot; JVM apps read them."""
    if not any(name in secrets for name in _JDBC_SOURCES):
        return secrets
    added = [
        n
        for n in ("JDBC_DATABASE_URL", "JDBC_DATABASE_USERNAME", "JDBC_DATABASE_PASSWORD")
        if n not in secrets
    ]
    if added:
        notices.append(
            Notice(
                "jdbc-derived",
                "config_vars.DATABASE_URL",
                "the JVM buildpack derived JDBC_DATABASE_URL/USERNAME/PASSWORD; store them beside DATABASE_URL",
            )
        )
    return sorted([*secrets, *added])


def _resources(size: DynoSize) -> dict[str, Any]:
    limits: dict[str, str] = {"memory": f"{size.memory_mb}Mi"}
    if size.cpu_limit_millicores:
        limits["cpu"] = f"{size.cpu_limit_millicores}m"
    return {
        "requests": {"cpu": f"{size.cpu_millicores}m", "memory": f"{size.memory_mb}Mi"},
        "limits": limits,
    }


def _size_of(app: App, name: str | None, blueprints: Blueprints) -> DynoSize:
    return app.dyno_sizes[(name or blueprints.default_size).lower()]


def _shell_command(command: str) -> str:
    """Run through ``/bin/sh -c``; a single program is ``exec``'d so it gets SIGTERM directly."""
    stripped = command.strip()
    if _SHELL_OPERATORS.search(stripped) or stripped.startswith("exec "):
        return stripped
    words = stripped.split()
    assignments = 0
    while assignments < len(words) and _ASSIGNMENT.match(words[assignments]):
        assignments += 1
    if assignments == len(words):
        return stripped
    head = " ".join(words[:assignments])
    rest = stripped[len(head) :].lstrip() if head else stripped
    return f"{head} exec {rest}" if head else f"exec {rest}"


def _buildpack_env(
    app: App, size: DynoSize, web: bool, jvm: bool, config: Mapping[str, str]
) -> dict[str, str]:
    """What the buildpacks' .profile.d scripts exported at boot, unless the app sets it itself."""
    env: dict[str, str] = {}
    language = app.runtime.language if app.runtime else "unknown"
    if web and "WEB_CONCURRENCY" not in config:
        if language == "python":
            cores = (size.cpu_limit_millicores or 8000) // 1000
            env["WEB_CONCURRENCY"] = str(max(1, min(2 * cores + 1, size.memory_mb // 256)))
        elif language == "node":
            env["WEB_CONCURRENCY"] = str(max(1, size.memory_mb // 512))
    if jvm and "JAVA_TOOL_OPTIONS" not in config and "JAVA_OPTS" not in config:
        if size.memory_mb <= 512:
            env["JAVA_TOOL_OPTIONS"] = "-Xmx300m -Xss512k -XX:CICompilerCount=2"
        elif size.memory_mb <= 1024:
            env["JAVA_TOOL_OPTIONS"] = "-Xmx671m -XX:CICompilerCount=2"
        else:
            env["JAVA_TOOL_OPTIONS"] = "-XX:MaxRAMPercentage=80.0"
    return env


def _dockerfile(app: App) -> dict[str, Any]:
    from herokube.plan.dockerfile import dockerfile_answers

    if app.runtime is None:
        return {}
    return dockerfile_answers(
        app.runtime, {p.name: p.command for p in app.processes}, app_name=app.name
    )


def _workloads(
    app: App,
    blueprints: Blueprints,
    config: Mapping[str, str],
    jvm: bool,
    replacements: Mapping[str, str],
    notices: list[Notice],
) -> tuple[dict[str, dict[str, Any]], dict[str, Any] | None]:
    """One workload per process type; ``replacements`` swap buildpack-only commands (PHP)."""
    names = [p.name for p in app.processes]
    labels = dict(zip(names, unique_labels(names, max_length=40), strict=True))
    workloads: dict[str, dict[str, Any]] = {}
    release: dict[str, Any] | None = None
    for process in app.processes:
        label = labels[process.name]
        if label != process.name:
            notices.append(
                Notice(
                    "process-renamed",
                    f"processes.{process.name}",
                    f"not a DNS label; the workload is named {label!r}",
                )
            )
        command = _shell_command(replacements.get(process.name, process.command))
        size = _size_of(app, process.size, blueprints)
        if process.name in blueprints.release_types:
            release = {
                "command": command,
                "resources": _resources(size),
                "activeDeadlineSeconds": 3600,
            }
            continue
        kind = _kind(process, blueprints)
        if kind == "singleton" and process.quantity > 1:
            notices.append(
                Notice(
                    "singleton-scaled-down",
                    f"formation.{process.name}",
                    f"ran {process.quantity} dynos; a scheduler runs as one replica",
                )
            )
        workload: dict[str, Any] = {
            "herokuType": process.name,
            "kind": kind,
            "command": command,
            "replicas": 1 if kind == "singleton" else process.quantity,
            "resources": _resources(size),
            "env": _buildpack_env(app, size, kind == "web", jvm, config),
        }
        if kind == "web":
            workload["startupSeconds"] = _STARTUP_SECONDS["jvm" if jvm else "default"]
            workload["autoscaling"] = _autoscaling(process, notices)
            if app.features.get("preboot"):
                workload["preboot"] = True
        workloads[label] = workload
    if "web" not in {w["kind"] for w in workloads.values()}:
        notices.append(
            Notice(
                "no-web-process", "processes", "no web process: no Service or Ingress is rendered"
            )
        )
    return workloads, release


def _kind(process: Process, blueprints: Blueprints) -> str:
    if process.name in blueprints.web_types:
        return "web"
    if process.name.lower() in blueprints.singleton_types:
        return "singleton"
    return "worker"


def _autoscaling(process: Process, notices: list[Notice]) -> dict[str, Any]:
    if process.autoscaling is None:
        return {"enabled": False}
    scaling = process.autoscaling
    if scaling.p95_response_time_ms:
        notices.append(
            Notice(
                "autoscaling-metric",
                f"autoscaling.{process.name}",
                "Heroku scaled on p95 response time; the HPA scales on CPU utilisation",
            )
        )
    return {
        "enabled": True,
        "minReplicas": max(1, scaling.min),
        "maxReplicas": max(scaling.max, scaling.min, 1),
        "targetCPUUtilizationPercentage": 70,
    }


def _cron_jobs(app: App, notices: list[Notice]) -> dict[str, dict[str, Any]]:
    if app.scheduler_jobs is None:
        if any(a.service == "scheduler" for a in app.addons):
            notices.append(
                Notice(
                    "scheduler-jobs-unknown",
                    "addons.scheduler",
                    "the export has no Scheduler jobs: copy them from the dashboard by hand",
                )
            )
        return {}
    labels = unique_labels(
        [_job_name(job) for job in app.scheduler_jobs], max_length=30, fallback="job"
    )
    jobs: dict[str, dict[str, Any]] = {}
    for label, job in zip(labels, app.scheduler_jobs, strict=True):
        size = app.dyno_sizes.get((job.dyno_size or "").lower()) or DynoSize(
            "standard-1x", 512, 250
        )
        jobs[label] = {
            "schedule": _schedule(job),
            "command": _shell_command(job.command),
            # Heroku Scheduler stops a job after about one interval.
            "activeDeadlineSeconds": job.every_minutes * 60,
            "resources": _resources(size),
        }
    return jobs


def _job_name(job: SchedulerJob) -> str:
    words = [
        w
        for w in re.split(r"[\s:/._]+", job.command)
        if w
        and w
        not in {
            "bundle",
            "exec",
            "python",
            "manage.py",
            "npm",
            "run",
            "yarn",
            "node",
            "bin",
            "rails",
            "php",
            "artisan",
        }
    ]
    return "-".join(words[:4]) or "job"


def _schedule(job: SchedulerJob) -> str:
    if job.every_minutes == 10:
        return "*/10 * * * *"
    if job.every_minutes == 60:
        return f"{job.at % 60} * * * *"
    return f"{job.at % 60} {job.at // 60} * * *"


def _chart_values(
    app: App,
    options: PlanOptions,
    image: str,
    workloads: dict[str, dict[str, Any]],
    release: dict[str, Any] | None,
    cron_jobs: dict[str, dict[str, Any]],
    config: dict[str, str],
    secrets: list[str],
    jvm: bool,
) -> dict[str, Any]:
    writable = sorted(
        set((app.runtime.facts.get("writable_paths") if app.runtime else None) or []) - {"/tmp"}
    )
    return {
        "image": {"repository": image, "tag": "0.1.0", "pullPolicy": "IfNotPresent"},
        "port": CONTAINER_PORT,
        "processes": workloads,
        "release": {
            "enabled": release is not None,
            **(release or {"command": "", "resources": {}, "activeDeadlineSeconds": 3600}),
        },
        "cronJobs": cron_jobs,
        "config": config,
        "externalSecrets": {
            "enabled": bool(secrets),
            "refreshInterval": "1h",
            "secretStoreRef": {"kind": options.secret_store_kind, "name": options.secret_store},
            "remoteKey": f"{app.name}/production",
            "variables": secrets,
        },
        "ingress": {
            "enabled": True,
            "className": options.ingress_class,
            "clusterIssuer": options.cluster_issuer,
            "hosts": [],
            # Heroku's router gives up after 30 s (H12); keep parity until the app is tuned.
            "timeoutSeconds": 30,
            "sessionAffinity": bool(app.features.get("http-session-affinity")),
        },
        "podDisruptionBudget": {"enabled": True, "maxUnavailable": 1},
        "networkPolicy": {"enabled": True},
        "serviceAccount": {"create": True},
        "terminationGracePeriodSeconds": 30,
        "writablePaths": writable,
        "podSecurityContext": {"runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001},
        "tests": {"enabled": True, "image": "busybox:1.36.1"},
    }


def _environment_values(
    app: App,
    env: str,
    production: bool,
    workloads: Mapping[str, Mapping[str, Any]],
    hosts: list[str],
    tag: str,
) -> dict[str, Any]:
    """Only what differs from chart/values.yaml: replicas, hosts, secret path, image tag."""
    processes: dict[str, Any] = {}
    for label, workload in workloads.items():
        if production:
            processes[label] = {"replicas": workload["replicas"]}
        else:
            # Smaller than production: one replica where Heroku ran any, no autoscaling.
            entry: dict[str, Any] = {"replicas": min(1, workload["replicas"])}
            if workload.get("autoscaling", {}).get("enabled"):
                entry["autoscaling"] = {"enabled": False}
            processes[label] = entry
    return {
        "environment": env,
        "image": {"tag": tag},
        "processes": processes,
        "ingress": {"hosts": hosts if production else []},
        "externalSecrets": {"remoteKey": f"{app.name}/{env}"},
    }


def _answers(
    app: App,
    options: PlanOptions,
    image: str,
    environments: tuple[str, ...],
    production: str,
    addons: tuple[AddonPlan, ...],
    secrets: list[str],
    config: Mapping[str, str],
    hosts: list[str],
    chart_values: dict[str, Any],
    dockerfile: dict[str, Any],
) -> dict[str, Any]:
    runtime = app.runtime
    answers: dict[str, Any] = {
        "app_name": app.name,
        "herokube_version": __version__,
        "chart_version": "0.1.0",
        "image_repository": image,
        "repo_url": options.repo_url
        or f"https://github.com/{app.team or 'your-org'}/{app.name}-deploy.git",
        "app_repo": options.app_repo or app.repository or "",
        "app_commit": app.commit or "",
        "environments": [
            {"name": e, "namespace": f"{app.name}-{e}", "production": e == production}
            for e in environments
        ],
        "argocd_project": options.argocd_project or app.name,
        "argocd_server": options.argocd_server,
        "dockerfile_source": options.dockerfile,
        "app_has_dockerfile": app.has_dockerfile,
        "dockerfile": dockerfile,
        "chart_values": chart_values,
        "runbook": {
            "addons": [_addon_answer(a) for a in addons],
            "hosts": hosts,
            "secret_keys": secrets,
            "config_keys": sorted(config),
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
            "port": chart_values["port"],
        },
    }
    answers.update(options.extra_answers)
    return answers


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
