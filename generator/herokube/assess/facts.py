"""One app's assessment: what the plan decided, restated for the people who decide.

Everything here is read from the ``App`` and the ``Plan`` that ``herokube new`` would write; this
module derives nothing the planner already decided (sizes, workload kinds, replicas, add-on
targets, which variables are secrets). It adds only the judgements an assessment needs on top:
what blocks, what needs a check, which decisions a person must make.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from herokube.model import App
from herokube.plan import AddonPlan, Plan

__all__ = [
    "AppAssessment",
    "ConfigFacts",
    "CronFact",
    "Decision",
    "DomainFact",
    "EnvironmentTotals",
    "Finding",
    "ProcessFact",
    "assess_plan",
]

Severity = Literal["blocker", "warning", "note"]
SEVERITY_ORDER: Mapping[str, int] = {"blocker": 0, "warning": 1, "note": 2}

# Notice codes of the load and plan stages that an assessment reports as findings.
_NOTICE_FINDINGS: Mapping[str, Severity] = {
    "runtime-eol": "warning",
    "stack-eol": "warning",
    "scheduler-jobs-unknown": "warning",
    "addon-unknown": "warning",
    "singleton-scaled-down": "note",
    "autoscaling-metric": "note",
    "no-web-process": "note",
    "jdbc-derived": "note",
    "runtime-unknown": "warning",
    "buildpack-unknown": "blocker",
    "image-version-unpublished": "warning",
}
# Programs that run several processes in one dyno.
_SUPERVISORS = re.compile(
    r"(^|[\s;&|])(foreman|honcho|forego|overmind|supervisord|concurrently|npm-run-all|run-p|nf)\s"
)
# Programs that serve HTTP; two of them chained in one web command are two servers.
_SERVERS = re.compile(
    r"^(?:\S+=\S*\s+)*(?:exec\s+)?(?:bundle exec\s+|python -m\s+|npx\s+)?"
    r"(puma|unicorn|thin|passenger|rails\s+s(?:erver)?|bin/rails\s+s(?:erver)?|rackup|gunicorn|uvicorn|daphne|"
    r"hypercorn|waitress-serve|node|nginx|httpd|apache2|php-fpm|heroku-php-\S+|java|npm\s+start|yarn\s+start|"
    r"next\s+start|caddy|\./bin/\S+|bin/\S+)\b"
)
# Servers that bind $PORT without being told (their defaults or Heroku conventions read it);
# foreman and honcho hand $PORT on to the processes they start.
_READS_PORT = re.compile(
    r"^(?:\S+=\S*\s+)*(?:exec\s+)?(?:bundle exec\s+)?"
    r"(puma|rails\s+s(?:erver)?|bin/rails\s+s(?:erver)?|gunicorn|heroku-php-\S+|node|npm\s+start|yarn\s+start|"
    r"next\s+start|foreman|honcho|forego)\b"
)


@dataclass(frozen=True)
class ProcessFact:
    """One Procfile process type and the workload the plan made of it."""

    name: str
    command: str
    size: str
    cpu: str
    cpu_limit: str | None
    memory: str
    dynos: int
    replicas: int
    autoscaling: str | None
    workload: str
    becomes: str


@dataclass(frozen=True)
class CronFact:
    name: str
    schedule: str
    command: str
    cpu: str
    memory: str


@dataclass(frozen=True)
class ConfigFacts:
    """Config var names by origin; values never enter an assessment."""

    user: tuple[str, ...]
    addon: tuple[str, ...]
    platform: tuple[str, ...]
    secrets: tuple[str, ...]
    """What the chart reads from the secret store."""
    settings: tuple[str, ...]
    """What the chart writes into its ConfigMap."""
    dropped: tuple[str, ...]
    """Set by Heroku or a buildpack control: not carried over."""


@dataclass(frozen=True)
class DomainFact:
    hostname: str
    certificate: str


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    subject: str
    message: str


@dataclass(frozen=True)
class Decision:
    topic: str
    question: str
    default: str


@dataclass(frozen=True)
class EnvironmentTotals:
    """Steady-state requests of one environment's Deployments (CronJobs and Jobs come and go)."""

    environment: str
    pods: int
    cpu_millicores: int
    memory_mb: int
    max_pods: int
    """With every autoscaler at its maximum."""


@dataclass(frozen=True)
class AppAssessment:
    name: str
    source: str
    language: str
    language_version: str | None
    stack: str | None
    region: str | None
    team: str | None
    space: str | None
    processes: tuple[ProcessFact, ...]
    cron_jobs: tuple[CronFact, ...]
    scheduler_known: bool
    addons: tuple[AddonPlan, ...]
    config: ConfigFacts
    domains: tuple[DomainFact, ...]
    features: tuple[str, ...]
    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]
    environments: tuple[EnvironmentTotals, ...]

    @property
    def blockers(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "blocker")

    @property
    def moves_data(self) -> bool:
        return any(a.data != "none" for a in self.addons)


def assess_plan(plan: Plan, source: str) -> AppAssessment:
    """Restate ``plan`` (and the app it was made from) as an assessment."""
    app = plan.app
    processes = _processes(plan)
    addons = plan.addons
    runtime = app.runtime
    return AppAssessment(
        name=app.name,
        source=source,
        language=runtime.language if runtime else "unknown",
        language_version=runtime.version if runtime else None,
        stack=app.stack,
        region=app.region,
        team=app.team,
        space=app.private_space,
        processes=processes,
        cron_jobs=_cron_jobs(plan),
        scheduler_known=app.scheduler_jobs is not None,
        addons=addons,
        config=_config(plan),
        domains=_domains(app),
        features=tuple(sorted(name for name, on in app.features.items() if on)),
        findings=_findings(plan, processes, addons),
        decisions=_decisions(plan, addons),
        environments=tuple(_totals(plan, env) for env in plan.environments),
    )


def cpu_millicores(quantity: Any) -> int:
    text = str(quantity)
    return int(text[:-1]) if text.endswith("m") else int(float(text) * 1000)


def memory_mb(quantity: Any) -> int:
    text = str(quantity)
    for suffix, factor in (("Gi", 1024), ("Mi", 1), ("G", 1000), ("M", 1)):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return int(text) // (1024 * 1024)


def _processes(plan: Plan) -> tuple[ProcessFact, ...]:
    app = plan.app
    workloads = plan.chart_values["processes"]
    by_type = {w.get("herokuType", label): (label, w) for label, w in workloads.items()}
    release = plan.chart_values["release"]
    production = plan.environment_values[plan.production]["processes"]
    facts = []
    for process in app.processes:
        size = (process.size or "").lower() or "default"
        if process.name in by_type:
            label, workload = by_type[process.name]
            resources = workload["resources"]
            scaling = workload.get("autoscaling") or {}
            kind = workload["kind"]
            autoscaling = (
                f"{scaling['minReplicas']}-{scaling['maxReplicas']}"
                if scaling.get("enabled")
                else None
            )
            replicas = production.get(label, {}).get("replicas", workload["replicas"])
            becomes = _becomes(kind, label, autoscaling)
        elif release.get("enabled") and release.get("command"):
            resources, kind, autoscaling, replicas = release["resources"], "release", None, 0
            becomes = "Job before each rollout (PreSync hook)"
        else:  # pragma: no cover - the planner makes every process a workload or the release Job
            continue
        facts.append(
            ProcessFact(
                name=process.name,
                command=process.command,
                size=size,
                cpu=resources["requests"]["cpu"],
                cpu_limit=resources["limits"].get("cpu"),
                memory=resources["requests"]["memory"],
                dynos=process.quantity,
                replicas=replicas,
                autoscaling=autoscaling,
                workload=kind,
                becomes=becomes,
            )
        )
    return tuple(facts)


def _becomes(kind: str, label: str, autoscaling: str | None) -> str:
    named = f"Deployment {label}"
    if kind == "web":
        text = f"{named} + Service + Ingress"
        return f"{text}, HPA {autoscaling}" if autoscaling else text
    if kind == "singleton":
        return f"{named}: 1 replica, Recreate"
    return f"{named} (no Service)"


def _cron_jobs(plan: Plan) -> tuple[CronFact, ...]:
    return tuple(
        CronFact(
            name,
            job["schedule"],
            job["command"],
            job["resources"]["requests"]["cpu"],
            job["resources"]["requests"]["memory"],
        )
        for name, job in sorted(plan.chart_values["cronJobs"].items())
    )


def _config(plan: Plan) -> ConfigFacts:
    variables = plan.app.config_vars
    kept = set(plan.secret_keys) | set(plan.config_keys)

    def names(origin: str) -> tuple[str, ...]:
        return tuple(sorted(v.name for v in variables if v.origin == origin))

    return ConfigFacts(
        user=names("user"),
        addon=names("addon"),
        platform=names("heroku"),
        secrets=tuple(sorted(plan.secret_keys)),
        settings=tuple(sorted(plan.config_keys)),
        dropped=tuple(sorted({v.name for v in variables} - kept)),
    )


def _domains(app: App) -> tuple[DomainFact, ...]:
    facts = []
    for domain in sorted(app.domains, key=lambda d: d.hostname):
        if domain.kind != "custom":
            continue
        if domain.sni_endpoint:
            certificate = (
                f"own certificate ({domain.sni_endpoint}): import its key into a TLS Secret"
            )
        elif domain.acm_status:
            certificate = f"Heroku ACM ({domain.acm_status}) → cert-manager"
        else:
            certificate = "cert-manager (no certificate on Heroku)"
        facts.append(DomainFact(domain.hostname, certificate))
    return tuple(facts)


def _findings(
    plan: Plan, processes: tuple[ProcessFact, ...], addons: tuple[AddonPlan, ...]
) -> tuple[Finding, ...]:
    app = plan.app
    found: list[Finding] = []
    if app.shield:
        found.append(
            Finding(
                "blocker",
                "shield-space",
                f"space {app.private_space}",
                "runs in a Shield Private Space (HIPAA/PCI controls): the cluster needs the same compliance review first",
            )
        )
    elif app.private_space:
        found.append(
            Finding(
                "blocker",
                "private-space",
                f"space {app.private_space}",
                "runs in a Private Space: recreate its network peering, VPN and static IPs for the cluster first",
            )
        )
    for addon in addons:
        subject = f"add-on {addon.name}"
        if addon.blocking:
            found.append(Finding("blocker", "addon-blocking", subject, addon.blocking))
        if addon.retired:
            found.append(
                Finding(
                    "blocker",
                    "addon-retired",
                    subject,
                    f"{addon.service} is retired: choose its successor before moving",
                )
            )
        if addon.shared_with:
            found.append(
                Finding(
                    "blocker",
                    "addon-shared",
                    subject,
                    f"shared with {', '.join(addon.shared_with)}: those apps migrate in the same wave",
                )
            )
    if not app.procfile_declared:
        found.append(
            Finding(
                "warning",
                "no-procfile",
                "Procfile",
                "no Procfile: the processes are the buildpack's defaults; add a Procfile to make them explicit",
            )
        )
    web = next((p for p in processes if p.workload == "web"), None)
    if web is not None:
        if _runs_several_programs(web.command):
            found.append(
                Finding(
                    "warning",
                    "web-multi-process",
                    f"process {web.name}",
                    "the web command starts several programs: Kubernetes signals only the first; run it under tini or split it into workloads",
                )
            )
        if not _binds_port(web.command):
            found.append(
                Finding(
                    "warning",
                    "web-port-unbound",
                    f"process {web.name}",
                    f"the web command does not mention $PORT and its server does not read it: make it listen on $PORT ({plan.chart_values['port']})",
                )
            )
    features = app.features
    if features.get("preboot"):
        found.append(
            Finding(
                "note",
                "feature-preboot",
                "feature preboot",
                "becomes a rolling update with maxSurge 100%, maxUnavailable 0",
            )
        )
    if features.get("http-session-affinity"):
        found.append(
            Finding(
                "note",
                "feature-session-affinity",
                "feature http-session-affinity",
                "becomes cookie affinity on the Ingress",
            )
        )
    for name in ("runtime-dyno-metadata", "runtime-dyno-build-metadata"):
        if features.get(name):
            found.append(
                Finding(
                    "warning",
                    "feature-dyno-metadata",
                    f"feature {name}",
                    "HEROKU_APP_NAME, HEROKU_RELEASE_VERSION, HEROKU_SLUG_COMMIT ... are not set on Kubernetes: set the ones the app reads",
                )
            )
    if app.has_dockerfile:
        found.append(
            Finding(
                "note",
                "app-dockerfile",
                "Dockerfile",
                "the app has its own Dockerfile: herokube writes one that reproduces the buildpacks (--dockerfile app uses the app's)",
            )
        )
    if app.log_drains:
        found.append(
            Finding(
                "note",
                "log-drains",
                "log drains",
                f"{len(app.log_drains)} log drain(s): ship container logs with the cluster's log agent instead",
            )
        )
    for domain in app.domains:
        if domain.kind == "custom" and domain.sni_endpoint:
            found.append(
                Finding(
                    "warning",
                    "certificate-key",
                    f"domain {domain.hostname}",
                    "uses an uploaded certificate: Heroku never returns its key; get it from its owner or let cert-manager issue one",
                )
            )
    for notice in plan.notices:
        severity = _NOTICE_FINDINGS.get(notice.code)
        if severity is not None:
            found.append(Finding(severity, notice.code, notice.source, notice.message))
    return tuple(sorted(found, key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.subject)))


def _runs_several_programs(command: str) -> bool:
    if _SUPERVISORS.search(f" {command} "):
        return True
    # `a & b` backgrounds a; `a && b` chains: several of the parts starting servers means several programs.
    parts = [p.strip() for p in re.split(r"&&|;|(?<!&)&(?!&)|\|\|", command) if p.strip()]
    background = re.search(r"(?<![&>])&(?![&>])", command) is not None
    servers = sum(1 for part in parts if _SERVERS.match(part))
    return servers >= 2 or (background and servers >= 1)


def _binds_port(command: str) -> bool:
    if "PORT" in command:
        return True
    parts = [p.strip() for p in re.split(r"&&|;|\|\|", command) if p.strip()]
    return any(_READS_PORT.match(part) for part in parts)


def _decisions(plan: Plan, addons: tuple[AddonPlan, ...]) -> tuple[Decision, ...]:
    values = plan.chart_values
    store = values["externalSecrets"]["secretStoreRef"]
    ingress = values["ingress"]
    decisions = [
        Decision(
            "image registry",
            "Where does CI push the image?",
            f"{values['image']['repository']} (--image)",
        ),
        Decision(
            "secret store",
            "Which secret store holds the credentials (External Secrets)?",
            f"{store['kind']} {store['name']}, keys at {plan.app.name}/<environment>",
        ),
    ]
    postgres = [a for a in addons if a.data == "postgres"]
    if postgres:
        decisions.append(
            Decision(
                "postgres",
                f"Where does Postgres go ({', '.join(a.name for a in postgres)})?",
                _postgres_default(values),
            )
        )
    redis = [a for a in addons if a.data == "redis"]
    if redis:
        decisions.append(
            Decision(
                "redis",
                f"Where does Redis go ({', '.join(a.name for a in redis)})?",
                _redis_default(values),
            )
        )
    decisions.append(
        Decision(
            "ingress class",
            "Which ingress controller serves the web process?",
            f"{ingress['className']} (ingress-nginx)",
        )
    )
    decisions.append(
        Decision(
            "cluster issuer",
            "Which cert-manager ClusterIssuer signs the certificates?",
            ingress["clusterIssuer"],
        )
    )
    for addon in addons:
        if addon.blocking:
            decisions.append(
                Decision(
                    f"add-on {addon.name}",
                    f"What replaces {addon.title}?",
                    "none: stays on Heroku until decided",
                )
            )
    return tuple(decisions)


def _postgres_default(values: Mapping[str, Any]) -> str:
    if (values.get("postgresCluster") or {}).get("enabled"):
        return "CloudNativePG Cluster in the chart (--postgres cloudnative-pg)"
    return "a managed Postgres (RDS, Cloud SQL ...): its URL in the secret store; or --postgres cloudnative-pg"


def _redis_default(values: Mapping[str, Any]) -> str:
    if (values.get("redis") or {}).get("enabled"):
        return "a Redis StatefulSet in the chart (--redis in-cluster)"
    return "an external Redis (ElastiCache, Memorystore ...): its URL in the secret store; or --redis in-cluster"


def _totals(plan: Plan, environment: str) -> EnvironmentTotals:
    overrides = plan.environment_values[environment].get("processes", {})
    pods = max_pods = cpu = memory = 0
    for label, workload in sorted(plan.chart_values["processes"].items()):
        override = overrides.get(label, {})
        replicas = int(override.get("replicas", workload["replicas"]))
        scaling = {**(workload.get("autoscaling") or {}), **(override.get("autoscaling") or {})}
        if scaling.get("enabled"):
            low, high = int(scaling["minReplicas"]), int(scaling["maxReplicas"])
        else:
            low = high = replicas
        requests = workload["resources"]["requests"]
        pods += low
        max_pods += high
        cpu += low * cpu_millicores(requests["cpu"])
        memory += low * memory_mb(requests["memory"])
    return EnvironmentTotals(environment, pods, cpu, memory, max_pods)
