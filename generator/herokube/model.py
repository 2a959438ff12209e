"""The typed app: what Heroku runs, in Heroku's own words.

Every stage after ``load`` reads these frozen values and nothing else. No Kubernetes word
appears here: that vocabulary starts in ``plan``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Addon",
    "App",
    "BilledPrice",
    "Autoscaling",
    "ConfigVar",
    "Domain",
    "DynoSize",
    "Notice",
    "Origin",
    "Pipeline",
    "Process",
    "ReviewEnvironment",
    "Runtime",
    "SchedulerJob",
]

Origin = Literal["user", "addon", "heroku"]


@dataclass(frozen=True)
class Notice:
    """Something the input held that herokube did not carry over, or assumed.

    ``code`` is stable (tests and scripts match on it); ``source`` names the file and field.
    """

    code: str
    source: str
    message: str


@dataclass(frozen=True)
class DynoSize:
    """A dyno size as the export's ``dyno_sizes`` or the blueprints describe it."""

    name: str
    memory_mb: int
    cpu_millicores: int
    """The CPU a pod should request to match the dyno (dedicated cores, or a share)."""
    cpu_limit_millicores: int | None = None
    """Dedicated dynos pin cores; shared ones burst, so they get no CPU limit."""


@dataclass(frozen=True)
class Autoscaling:
    min: int
    max: int
    p95_response_time_ms: int | None = None


@dataclass(frozen=True)
class Process:
    """One process type: a Procfile line plus its formation entry."""

    name: str
    command: str
    quantity: int
    size: str | None = None
    autoscaling: Autoscaling | None = None


@dataclass(frozen=True)
class ConfigVar:
    name: str
    value: str | None
    secret: bool
    origin: Origin = "user"
    addon: str | None = None
    attachment: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class BilledPrice:
    """What Heroku bills for an add-on: ``cents`` per ``unit`` (``month``), or under a contract."""

    cents: int
    unit: str = "month"
    contract: bool = False


@dataclass(frozen=True)
class Addon:
    service: str
    name: str
    plan: str | None = None
    billing_app: str | None = None
    attachments: tuple[str, ...] = ()
    attached_apps: tuple[str, ...] = ()
    config_vars: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    billed_price: BilledPrice | None = None
    """``None`` when the export does not record it (older exports): the price is unknown."""


@dataclass(frozen=True)
class Domain:
    hostname: str
    kind: Literal["heroku", "custom"]
    acm_status: str | None = None
    sni_endpoint: str | None = None


@dataclass(frozen=True)
class SchedulerJob:
    command: str
    every_minutes: Literal[10, 60, 1440]
    at: int = 0
    dyno_size: str | None = None


@dataclass(frozen=True)
class Pipeline:
    name: str
    stage: str | None
    stages: tuple[str, ...]
    """The stages of the pipeline's apps, in Heroku's promotion order."""
    review_apps: bool = False


@dataclass(frozen=True)
class ReviewEnvironment:
    """What a review app gets, as app.json says: ``environments.review`` over the top level.

    ``addons`` are the services (``heroku-postgresql``, ``heroku-redis`` ...) each review app
    provisions; the scripts are app.json's, kept as Heroku runs them.
    """

    addons: tuple[str, ...] = ()
    postdeploy: str | None = None
    """Runs once, after the review app's first deploy."""
    pr_predestroy: str | None = None
    """Runs before the review app is destroyed."""
    env: Mapping[str, str] = field(default_factory=dict)
    """Plain settings ``environments.review.env`` gives review apps (never a credential)."""


@dataclass(frozen=True)
class Runtime:
    """How the app builds, as the buildpacks would have detected it.

    ``language`` is the primary language (the last buildpack, which provides the processes);
    ``languages`` lists every buildpack's language in build order (Node then Ruby, ...).
    ``facts`` holds what a Dockerfile needs beyond the version: package manager, lock file,
    framework, document root ... as plain strings.
    """

    language: str
    version: str | None = None
    version_source: str | None = None
    languages: tuple[str, ...] = ()
    package_manager: str | None = None
    default_processes: Mapping[str, str] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class App:
    """A Heroku app: the export's facts, completed from its source tree."""

    name: str
    processes: tuple[Process, ...]
    region: str | None = None
    stack: str | None = None
    team: str | None = None
    private_space: str | None = None
    shield: bool = False
    dyno_sizes: Mapping[str, DynoSize] = field(default_factory=dict)
    config_vars: tuple[ConfigVar, ...] = ()
    addons: tuple[Addon, ...] = ()
    domains: tuple[Domain, ...] = ()
    scheduler_jobs: tuple[SchedulerJob, ...] | None = None
    """``None`` when the exporter could not read the Scheduler (it has no public API)."""
    buildpacks: tuple[str, ...] = ()
    features: Mapping[str, bool] = field(default_factory=dict)
    log_drains: tuple[str, ...] = ()
    pipeline: Pipeline | None = None
    repository: str | None = None
    commit: str | None = None
    app_json: Mapping[str, Any] | None = None
    review_environment: ReviewEnvironment | None = None
    """app.json's review environment; None without an app.json."""
    runtime: Runtime | None = None
    has_dockerfile: bool = False
    procfile_declared: bool = True
    """False when no Procfile was found and the processes are the buildpack's defaults."""
    from_export: bool = True
    """False when the app was read from a source tree alone."""
    notices: tuple[Notice, ...] = ()

    def process(self, name: str) -> Process | None:
        return next((p for p in self.processes if p.name == name), None)
