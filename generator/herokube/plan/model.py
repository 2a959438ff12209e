"""The typed plan: what the app becomes on Kubernetes, before it is chart values.

Every decision the planner makes is a field here (sizes in millicores and MiB, replicas,
autoscaling bounds, probes); ``plan.values`` turns them into chart values at the render edge,
and ``assess`` reads them as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from herokube.chartrepo import REVIEW_ENVIRONMENT
from herokube.model import App, DynoSize, Notice
from herokube.plan.ci import HerokuCiPlan

__all__ = [
    "CONTAINER_PORT",
    "PLACEHOLDER_IMAGE_TAG",
    "AddonPlan",
    "Autoscaling",
    "CronJob",
    "DockerfileSource",
    "IngressChoice",
    "LoggingChoice",
    "LoadTestChoice",
    "MonitoringChoice",
    "Plan",
    "PlanOptions",
    "PostgresChoice",
    "RedisChoice",
    "ReleaseJob",
    "Resources",
    "ReviewApps",
    "Workload",
    "web_workload",
    "WorkloadKind",
]

DockerfileSource = Literal["herokube", "app"]
PostgresChoice = Literal["external", "cloudnative-pg"]
RedisChoice = Literal["external", "in-cluster"]
MonitoringChoice = Literal["none", "prometheus"]
IngressChoice = Literal["ingress", "gateway-api", "none"]
LoggingChoice = Literal["none", "logging-operator"]
LoadTestChoice = Literal["none", "k6"]
WorkloadKind = Literal["web", "worker", "singleton"]

CONTAINER_PORT = 8080
"""The port every process is told to bind ($PORT), as Heroku's router did."""

PLACEHOLDER_IMAGE_TAG = "0.1.0"
"""The tag an app without a known release deploys (the chart's version): no image has it."""


def web_workload(workloads: Sequence[Workload]) -> Workload | None:
    """The web process's workload (Heroku routes to ``web`` alone), if the app has one."""
    return next((w for w in workloads if w.kind == "web"), None)


@dataclass(frozen=True)
class PlanOptions:
    environments: tuple[str, ...] = ()
    image: str | None = None
    image_tag: str | None = None
    """``--image-tag``: the tag every environment deploys first; None: the release commit."""
    repo_url: str | None = None
    app_repo: str | None = None
    ingress: IngressChoice = "ingress"
    """``ingress`` (a plain Ingress), ``gateway-api`` (HTTPRoutes on a platform Gateway) or ``none``."""
    ingress_class: str = ""
    """Empty: the cluster's default IngressClass."""
    gateway_name: str = "gateway"
    gateway_namespace: str = "gateway-system"
    cluster_issuer: str = "letsencrypt"
    secret_store: str = ""
    """Empty: the app's own SecretStore, named after the app, in each environment's namespace."""
    secret_store_kind: str = "SecretStore"
    argocd_project: str | None = None
    argocd_server: str = "https://kubernetes.default.svc"
    load_test: LoadTestChoice = "none"
    """``k6``: a k6 script and routes file in the chart, and a TestRun per environment (off)."""
    dockerfile: DockerfileSource = "herokube"
    """``herokube`` writes its own Dockerfile; ``app`` builds with the app's own."""
    postgres: PostgresChoice = "external"
    """``external`` (a URL in the secret store) or ``cloudnative-pg`` (a Cluster in the chart)."""
    redis: RedisChoice = "external"
    """``external`` or ``in-cluster`` (a small Redis-compatible StatefulSet in the chart)."""
    monitoring: MonitoringChoice = "none"
    """``none`` or ``prometheus`` (ServiceMonitor, PrometheusRule, Grafana dashboard)."""
    review_apps: bool = False
    """An ApplicationSet with one environment per pull request, even where the export's
    pipeline has no review apps (``plan.review``)."""
    logging: LoggingChoice = "none"
    """``none`` or ``logging-operator`` (a Flow and one Output per Heroku log drain)."""
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
class Resources:
    """Requests (and limits) of one container, from a Heroku dyno size."""

    cpu_millicores: int
    memory_mib: int
    cpu_limit_millicores: int | None = None
    """None on shared dynos: they burst, so the container gets no CPU limit."""

    @classmethod
    def of(cls, size: DynoSize) -> Resources:
        return cls(size.cpu_millicores, size.memory_mb, size.cpu_limit_millicores)


@dataclass(frozen=True)
class Autoscaling:
    min_replicas: int
    max_replicas: int
    target_cpu_percent: int = 70


@dataclass(frozen=True)
class Workload:
    """One Procfile process type as a Deployment."""

    label: str
    """The workload's name in the chart: the process type made a DNS label."""
    process: str
    """The Procfile process type it came from."""
    kind: WorkloadKind
    command: str
    replicas: int
    resources: Resources
    env: Mapping[str, str] = field(default_factory=dict)
    """What the buildpack's .profile.d scripts exported at boot."""
    startup_seconds: int | None = None
    """Web only: Heroku's boot timeout (R10) the startup probe covers."""
    autoscaling: Autoscaling | None = None
    preboot: bool = False
    writable_paths: tuple[str, ...] = ()
    """Folders the process writes beside its code, each mounted writable (an emptyDir)."""


@dataclass(frozen=True)
class ReleaseJob:
    """Heroku's release phase."""

    command: str
    resources: Resources
    env: Mapping[str, str] = field(default_factory=dict)
    deadline_seconds: int = 3600


@dataclass(frozen=True)
class CronJob:
    """One Heroku Scheduler job."""

    name: str
    schedule: str
    command: str
    deadline_seconds: int
    resources: Resources
    env: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewApps:
    """One short-lived environment per pull request of the app's GitHub repository."""

    owner: str
    repository: str
    prefix: str
    """The app's name, cut so that ``<prefix>-pr-<number>`` fits a release name (53)."""
    postdeploy: str | None
    pr_predestroy: str | None
    script_resources: Resources
    """What the postdeploy Job and the pr-predestroy hook request (the release's, else web's)."""
    in_cluster: Mapping[str, Any]
    """The review environment's ``postgresCluster`` / ``redis`` values (one per pull request)."""
    served: tuple[str, ...]
    """Variables the in-cluster add-ons serve, which leave the secret store in review."""
    shared_addons: tuple[str, ...]
    """Services no review app gets of its own: their variables come from ``<app>/review``."""
    config: Mapping[str, str] = field(default_factory=dict)
    """Plain settings app.json's ``environments.review.env`` sets over the chart's ``config``."""


@dataclass(frozen=True)
class Plan:
    app: App
    options: PlanOptions
    environments: tuple[str, ...]
    production: str
    image: str
    image_tag: str
    """``--image-tag``, else the release commit (its full SHA, as the image workflow tags every
    build: docs/ci.md), else :data:`PLACEHOLDER_IMAGE_TAG`."""
    workloads: tuple[Workload, ...]
    release: ReleaseJob | None
    cron_jobs: tuple[CronJob, ...]
    config: Mapping[str, str]
    """Plain settings, byte for byte."""
    secret_keys: tuple[str, ...]
    hosts: tuple[str, ...]
    addons: tuple[AddonPlan, ...]
    addon_values: Mapping[str, Any]
    """Chart values of the in-cluster targets and monitoring (``plan.incluster``)."""
    dockerfile: Mapping[str, Any]
    """The Dockerfile answers (``plan.dockerfile``), passed through to the template."""
    writable_paths: tuple[str, ...]
    notices: tuple[Notice, ...]
    cutover_at_start: Mapping[str, bool] = field(default_factory=dict)
    """``migration.cutover`` per environment when generated: false where it mirrors a Heroku app
    (web only until the reviewed cutover commit), true elsewhere (``plan.cutover``)."""
    review: ReviewApps | None = None
    """Review apps (``plan.review``); their environment is not in the promotion order."""
    logging: Mapping[str, Any] = field(default_factory=dict)
    """The chart's ``logging`` values (``plan.logging``); empty with ``--logging none``."""
    load_test: Mapping[str, Any] = field(default_factory=dict)
    """``--load-test k6``: the web workload and routes.json (``plan.loadtest``); empty: none."""
    test: HerokuCiPlan | None = None
    """Heroku CI's test job (app.json ``environments.test``), None without a test script."""

    @property
    def port(self) -> int:
        return CONTAINER_PORT

    @property
    def config_keys(self) -> tuple[str, ...]:
        return tuple(self.config)

    @property
    def secret_store(self) -> str:
        return self.options.secret_store or self.app.name

    @property
    def dyno_metadata(self) -> bool:
        """Heroku set HEROKU_APP_NAME, HEROKU_SLUG_COMMIT ... only with the runtime-dyno-metadata feature."""
        features = self.app.features
        return bool(
            features.get("runtime-dyno-metadata") or features.get("runtime-dyno-build-metadata")
        )

    @property
    def has_release_tag(self) -> bool:
        """True when the image tag names a release (--image-tag or a commit), not the placeholder."""
        return self.image_tag != PLACEHOLDER_IMAGE_TAG

    def replicas(self, workload: Workload, environment: str) -> int:
        """Production runs what Heroku ran; the others one replica where Heroku ran any."""
        if environment == self.production:
            return workload.replicas
        return min(1, workload.replicas)

    def autoscaling(self, workload: Workload, environment: str) -> Autoscaling | None:
        """Only production autoscales."""
        return workload.autoscaling if environment == self.production else None

    @cached_property
    def chart_values(self) -> dict[str, Any]:
        """The chart's values.yaml (the render edge: ``plan.values``)."""
        from herokube.plan.values import chart_values

        return chart_values(self)

    @cached_property
    def environment_values(self) -> dict[str, dict[str, Any]]:
        """Each environment's values.yaml: only what differs from the chart's."""
        from herokube.plan.values import environment_values, review_values

        values = {env: environment_values(self, env) for env in self.environments}
        if self.review is not None:
            values[REVIEW_ENVIRONMENT] = review_values(self)
        return values

    @cached_property
    def answers(self) -> dict[str, Any]:
        """The Copier answers of the template."""
        from herokube.plan.values import copier_answers

        return copier_answers(self)
