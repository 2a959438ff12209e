"""One app's assessment: what the plan decided, restated for the people who decide.

Everything here is read from the ``App`` and the ``Plan`` that ``herokube new`` would write; this
module derives nothing the planner already decided (sizes, workload kinds, replicas, add-on
targets, which variables are secrets). It adds only the judgements an assessment needs on top:
what blocks, what needs a check, which decisions a person must make.
"""

from __future__ import annotations

from dataclasses import dataclass

from herokube.assess.findings import Finding, findings
from herokube.model import App
from herokube.plan import AddonPlan, Plan, PlanOptions

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


@dataclass(frozen=True)
class ProcessFact:
    """One Procfile process type and the workload the plan made of it."""

    name: str
    command: str
    size: str
    cpu: str
    cpu_limit: str | None
    memory: str
    cpu_millicores: int
    memory_mib: int
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
        findings=findings(plan, processes),
        decisions=_decisions(plan, addons),
        environments=tuple(_totals(plan, env) for env in plan.environments),
    )


def _quantity(millicores: int) -> str:
    return f"{millicores}m"


def _processes(plan: Plan) -> tuple[ProcessFact, ...]:
    by_type = {w.process: w for w in plan.workloads}
    facts = []
    for process in plan.app.processes:
        workload = by_type.get(process.name)
        kind: str
        if workload is not None:
            scaling = plan.autoscaling(workload, plan.production)
            autoscaling = f"{scaling.min_replicas}-{scaling.max_replicas}" if scaling else None
            resources, kind = workload.resources, workload.kind
            replicas = plan.replicas(workload, plan.production)
            becomes = _becomes(kind, workload.label, autoscaling)
        elif plan.release is not None and plan.release.command:
            resources, kind, autoscaling, replicas = plan.release.resources, "release", None, 0
            becomes = "Job before each rollout (Argo CD Sync hook, after config)"
        else:  # pragma: no cover - the planner makes every process a workload or the release Job
            continue
        limit = resources.cpu_limit_millicores
        facts.append(
            ProcessFact(
                name=process.name,
                command=process.command,
                size=(process.size or "").lower() or "default",
                cpu=_quantity(resources.cpu_millicores),
                cpu_limit=_quantity(limit) if limit else None,
                memory=f"{resources.memory_mib}Mi",
                cpu_millicores=resources.cpu_millicores,
                memory_mib=resources.memory_mib,
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
            job.name,
            job.schedule,
            job.command,
            _quantity(job.resources.cpu_millicores),
            f"{job.resources.memory_mib}Mi",
        )
        for job in sorted(plan.cron_jobs, key=lambda j: j.name)
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


def _decisions(plan: Plan, addons: tuple[AddonPlan, ...]) -> tuple[Decision, ...]:
    options = plan.options
    decisions = [
        Decision("image registry", "Where does CI push the image?", f"{plan.image} (--image)"),
        Decision(
            "secret store",
            "Which secret store holds the credentials (External Secrets)?",
            f"{options.secret_store_kind} {plan.secret_store}, keys at {plan.app.name}/<environment>",
        ),
    ]
    postgres = [a for a in addons if a.data == "postgres"]
    if postgres:
        decisions.append(
            Decision(
                "postgres",
                f"Where does Postgres go ({', '.join(a.name for a in postgres)})?",
                _postgres_default(plan),
            )
        )
    redis = [a for a in addons if a.data == "redis"]
    if redis:
        decisions.append(
            Decision(
                "redis",
                f"Where does Redis go ({', '.join(a.name for a in redis)})?",
                _redis_default(plan),
            )
        )
    decisions.append(_routing_decision(options))
    decisions.append(
        Decision(
            "cluster issuer",
            "Which cert-manager ClusterIssuer signs the certificates?",
            options.cluster_issuer,
        )
    )
    decisions.extend(
        Decision(
            f"add-on {addon.name}",
            f"What replaces {addon.title}?",
            "none: stays on Heroku until decided",
        )
        for addon in addons
        if addon.blocking
    )
    return tuple(decisions)


def _routing_decision(options: PlanOptions) -> Decision:
    if options.ingress == "gateway-api":
        default = f"HTTPRoutes on Gateway {options.gateway_namespace}/{options.gateway_name} (--ingress gateway-api)"
    elif options.ingress == "none":
        default = "none: no route is rendered (--ingress none)"
    else:
        default = f"an Ingress of class {options.ingress_class or 'the cluster default'} (--ingress ingress); or --ingress gateway-api"
    return Decision("ingress", "What routes HTTP to the web process?", default)


def _postgres_default(plan: Plan) -> str:
    if "postgresCluster" in plan.addon_values:
        return "CloudNativePG Cluster in the chart (--postgres cloudnative-pg)"
    return "a managed Postgres (RDS, Cloud SQL ...): its URL in the secret store; or --postgres cloudnative-pg"


def _redis_default(plan: Plan) -> str:
    if "redis" in plan.addon_values:
        return "a Redis StatefulSet in the chart (--redis in-cluster)"
    return "an external Redis (ElastiCache, Memorystore ...): its URL in the secret store; or --redis in-cluster"


def _totals(plan: Plan, environment: str) -> EnvironmentTotals:
    pods = max_pods = cpu = memory = 0
    for workload in plan.workloads:
        scaling = plan.autoscaling(workload, environment)
        if scaling is not None:
            low, high = scaling.min_replicas, scaling.max_replicas
        else:
            low = high = plan.replicas(workload, environment)
        pods += low
        max_pods += high
        cpu += low * workload.resources.cpu_millicores
        memory += low * workload.resources.memory_mib
    return EnvironmentTotals(environment, pods, cpu, memory, max_pods)
