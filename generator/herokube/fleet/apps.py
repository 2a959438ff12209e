"""One app of a fleet: its repository, written exactly as ``herokube new`` writes it.

``render_app`` runs in a worker process; what it returns is small, picklable data: the facts the
platform repository needs (namespaces, budgets, operators, the repository URL) and the app's
assessment, from which the migration waves are computed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from herokube.assess.facts import AppAssessment, EnvironmentTotals, assess_plan
from herokube.blueprints import NeededBy
from herokube.chartrepo import namespace_of
from herokube.errors import UserError
from herokube.model import Notice
from herokube.pipeline import NewOptions
from herokube.plan import Plan

__all__ = ["AppJob", "AppOutcome", "Budget", "GatewayUse", "render_app"]

# A namespace's quota is the app's steady-state requests at every autoscaler's maximum, times
# this: a rolling update runs old and new pods side by side, and the release Job and CronJobs
# come and go on top of the Deployments.
_BUDGET_HEADROOM = 2


@dataclass(frozen=True)
class AppJob:
    """One app to write: where it comes from and the options every app of the fleet shares."""

    source: Path
    out: Path
    """The fleet's folder: the app is written to ``out/<app name>``."""
    options: NewOptions
    """The options every app shares; source and out are replaced per app."""


@dataclass(frozen=True)
class Budget:
    """One environment's namespace and the quota it gets."""

    namespace: str
    environment: str
    cpu_millicores: int
    memory_mb: int
    pods: int


@dataclass(frozen=True)
class GatewayUse:
    """The Gateway an app's HTTPRoutes name, and the production hosts it serves through it."""

    name: str
    namespace: str
    hosts: tuple[str, ...]
    cluster_issuer: str


@dataclass(frozen=True)
class AppOutcome:
    source: Path
    name: str | None = None
    path: Path | None = None
    commit: str | None = None
    """The new commit (or the update branch's); None when a re-run changed nothing."""
    updated: str | None = None
    """The update branch a re-run with a changed export wrote."""
    repo_url: str | None = None
    budgets: tuple[Budget, ...] = ()
    needs: tuple[NeededBy, ...] = ()
    gateway: GatewayUse | None = None
    """The platform Gateway the app's HTTPRoutes attach to (``--ingress gateway-api``)."""
    assessment: AppAssessment | None = None
    notices: tuple[Notice, ...] = ()
    error: str | None = None
    """One line: why this app was not written."""


def render_app(job: AppJob) -> AppOutcome:
    """Write (or, when it exists, update) one app's repository under ``job.out``."""
    try:
        return _render(job)
    except UserError as error:
        line = error.line()
        # Most errors name their file already; one about the app as a whole does not.
        return AppOutcome(job.source, error=line if error.source else f"{job.source}: {line}")
    except Exception as error:  # noqa: BLE001 - one app's bug must not stop the fleet
        # The type and message only: a traceback's locals could hold config values.
        problem = " ".join(f"{type(error).__name__}: {error}".split())
        return AppOutcome(job.source, error=f"{job.source}: internal error: {problem}")


def _render(job: AppJob) -> AppOutcome:
    from herokube.load import resolve_inputs
    from herokube.pipeline import create_repository, plan_from_inputs

    inputs = resolve_inputs(job.source, None)
    plan = plan_from_inputs(inputs, job.options.plan)
    target = job.out / plan.app.name
    commit: str | None
    updated: str | None = None
    if target.exists():
        commit, updated = _update(job.source, target, inputs.export is not None)
    else:
        new = replace(job.options, source=job.source, out=target)
        commit = create_repository(new, planned=plan).commit
    # The file or folder name only: the platform README must not depend on where it ran.
    assessment = assess_plan(plan, job.source.name)
    needs = _needs(plan)
    return AppOutcome(
        job.source,
        name=plan.app.name,
        path=target,
        commit=commit,
        updated=updated,
        repo_url=str(plan.answers["repo_url"]),
        budgets=_budgets(plan, assessment.environments),
        needs=needs,
        gateway=_gateway(plan, needs),
        assessment=assessment,
        notices=plan.notices,
    )


def _update(source: Path, target: Path, is_export: bool) -> tuple[str | None, str | None]:
    """A re-run: the app's repository exists, so bring the new input in as ``update`` does."""
    from herokube.update import UpdateOptions, update_repository

    options = (
        UpdateOptions(target, export=source) if is_export else UpdateOptions(target, source=source)
    )
    result = update_repository(options)
    # No branch: nothing changed, so nothing was committed.
    return (result.pristine, result.branch) if result.branch else (None, None)


def _budgets(plan: Plan, totals: tuple[EnvironmentTotals, ...]) -> tuple[Budget, ...]:
    budgets = []
    for total in totals:
        # Scale the steady state to the autoscalers' maximum, per pod on average.
        scale = max(total.max_pods, total.pods) / total.pods if total.pods else 1
        budgets.append(
            Budget(
                namespace=namespace_of(plan.app.name, total.environment),
                environment=total.environment,
                cpu_millicores=math.ceil(total.cpu_millicores * scale * _BUDGET_HEADROOM),
                memory_mb=math.ceil(total.memory_mb * scale * _BUDGET_HEADROOM),
                pods=max(total.max_pods, total.pods) * _BUDGET_HEADROOM + 10,
            )
        )
    return tuple(budgets)


def _needs(plan: Plan) -> tuple[NeededBy, ...]:
    """What in this app's plan calls for a cluster operator (see blueprints/platform.yaml)."""
    needs: list[NeededBy] = ["always"]
    if plan.hosts:
        needs.append("custom-domains")
    if plan.addon_values.get("postgresCluster"):
        needs.append("postgres-cloudnative-pg")
    if plan.addon_values.get("monitoring"):
        needs.append("monitoring-prometheus")
    if plan.logging:
        needs.append("logging-operator")
    if plan.load_test:
        needs.append("load-test-k6")
    if any(w.kind == "web" for w in plan.workloads):  # only a web process is routed to
        if plan.options.ingress == "ingress":
            needs.append("ingress-controller")
        elif plan.options.ingress == "gateway-api":
            needs.append("gateway-api")
    return tuple(needs)


def _gateway(plan: Plan, needs: tuple[NeededBy, ...]) -> GatewayUse | None:
    if "gateway-api" not in needs:
        return None
    options = plan.options
    return GatewayUse(
        options.gateway_name, options.gateway_namespace, plan.hosts, options.cluster_issuer
    )
