"""Workload specs: replicas, selectors, rollout strategy, Job and CronJob fields.

Mirrors ``pkg/apis/apps/validation/validation.go`` (``ValidateDeploymentSpec``,
``ValidateStatefulSetSpec``, ``ValidateDaemonSetSpec``, ``ValidateRollingUpdateDeployment``),
``pkg/apis/batch/validation/validation.go`` (``validateJobSpec``, ``ValidateCronJobSpec``,
``validateScheduleFormat``, ``validateTimeZone``) and ``ValidateLabelSelector`` of
``k8s.io/apimachinery/pkg/apis/meta/v1/validation``.
"""

from __future__ import annotations

from typing import Any

from herokube.validate.apiserver.base import report, spec_of
from herokube.validate.apiserver.checks import int_or_percent, is_label_value, is_qualified_name
from herokube.validate.apiserver.cron import schedule_errors, time_zone_errors
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.workspace import (
    APPS_KINDS,
    SCALABLE_KINDS,
    Rule,
    Workspace,
    as_dict,
    as_list,
)

__all__ = [
    "WORKLOAD_RULES",
    "cron_schedule",
    "job_spec",
    "label_selector_errors",
    "replicas",
    "selectors",
    "strategy",
    "time_zone",
]

_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def label_selector_errors(selector: Any, path: str) -> list[tuple[str, Any, str]]:
    """(field, value, message) for a LabelSelector (``ValidateLabelSelector``)."""
    selector = as_dict(selector)
    errors: list[tuple[str, Any, str]] = []
    for key, value in as_dict(selector.get("matchLabels")).items():
        field = f"{path}.matchLabels.{key}"
        errors += [(field, key, msg) for msg in is_qualified_name(str(key))]
        errors += [(field, value, msg) for msg in is_label_value(str(value))]
    for index, raw in enumerate(as_list(selector.get("matchExpressions"))):
        expression, field = as_dict(raw), f"{path}.matchExpressions[{index}]"
        operator, values = expression.get("operator"), as_list(expression.get("values"))
        errors += [
            (f"{field}.key", expression.get("key"), m)
            for m in is_qualified_name(str(expression.get("key") or ""))
        ]
        if operator not in _OPERATORS:
            errors.append((f"{field}.operator", operator, "not a valid selector operator"))
        elif operator in ("In", "NotIn") and not values:
            errors.append(
                (
                    f"{field}.values",
                    None,
                    "Required value: must be specified when `operator` is 'In' or 'NotIn'",
                )
            )
        elif operator in ("Exists", "DoesNotExist") and values:
            errors.append(
                (
                    f"{field}.values",
                    None,
                    "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                )
            )
    return errors


def _selector_findings(manifest: Manifest, selector: Any, path: str) -> list[Finding]:
    findings: list[Finding] = []
    for field, value, message in label_selector_errors(selector, path):
        findings += report(manifest, "api-selector", field, value, [message])
    return findings


def selectors(workspace: Workspace) -> list[Finding]:
    """Workload, PDB and NetworkPolicy selectors are valid; apps workloads must have one.

    Mirrors ``ValidateLabelSelector`` and ``ValidateDeploymentSpec`` & co. ("empty selector
    is invalid for deployment"); a Service selector is a plain label map (``ValidateLabels``).
    """
    findings: list[Finding] = []
    for manifest in workspace.manifests:
        kind, spec = manifest.resource.kind, spec_of(manifest)
        if kind in APPS_KINDS:
            selector = as_dict(spec.get("selector"))
            if not selector.get("matchLabels") and not selector.get("matchExpressions"):
                findings += report(
                    manifest,
                    "api-selector",
                    "spec.selector",
                    None,
                    [f"empty selector is invalid for {kind.lower()}"],
                )
            findings += _selector_findings(manifest, selector, "spec.selector")
        elif kind in ("Job", "PodDisruptionBudget") and "selector" in spec:
            findings += _selector_findings(manifest, spec.get("selector"), "spec.selector")
        elif kind == "NetworkPolicy":
            findings += _selector_findings(manifest, spec.get("podSelector"), "spec.podSelector")
        elif kind == "Service":
            for key, value in as_dict(spec.get("selector")).items():
                field = f"spec.selector.{key}"
                findings += report(
                    manifest, "api-selector", field, key, is_qualified_name(str(key))
                )
                findings += report(
                    manifest, "api-selector", field, value, is_label_value(str(value))
                )
    return findings


def _non_negative(
    manifest: Manifest, rule: str, spec: dict[str, Any], path: str, names: tuple[str, ...]
) -> list[Finding]:
    findings: list[Finding] = []
    for name in names:
        value = spec.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            findings += report(
                manifest, rule, f"{path}.{name}", value, ["must be greater than or equal to 0"]
            )
    return findings


def replicas(workspace: Workspace) -> list[Finding]:
    """``spec.replicas`` (and the history and readiness counters) are not negative.

    Mirrors ``ValidateNonnegativeField`` as ``ValidateDeploymentSpec``,
    ``ValidateStatefulSetSpec`` and ``ValidateReplicaSetSpec`` apply it.
    """
    findings: list[Finding] = []
    for manifest in workspace.manifests:
        if manifest.resource.kind in SCALABLE_KINDS:
            findings += _non_negative(
                manifest,
                "api-replicas",
                spec_of(manifest),
                "spec",
                ("replicas", "minReadySeconds", "revisionHistoryLimit"),
            )
    return findings


def strategy(workspace: Workspace) -> list[Finding]:
    """A Deployment's rollout strategy is one the API server accepts.

    Mirrors ``ValidateDeploymentStrategy`` / ``ValidateRollingUpdateDeployment``: no
    ``rollingUpdate`` with ``Recreate``; ``maxUnavailable`` and ``maxSurge`` valid int-or-percent,
    not both 0, ``maxUnavailable`` at most 100%; ``progressDeadlineSeconds`` above ``minReadySeconds``.
    """
    findings: list[Finding] = []
    for manifest in workspace.of_kind("Deployment"):
        spec = spec_of(manifest)
        plan = as_dict(spec.get("strategy"))
        rolling = as_dict(plan.get("rollingUpdate"))
        if plan.get("type") == "Recreate" and plan.get("rollingUpdate") is not None:
            findings += report(
                manifest,
                "api-strategy",
                "spec.strategy.rollingUpdate",
                None,
                ["Forbidden: may not be specified when strategy `type` is 'Recreate'"],
            )
        numbers = {}
        for name in ("maxUnavailable", "maxSurge"):
            if name in rolling:
                number, percent, errors = int_or_percent(rolling[name])
                if name == "maxSurge" and percent:
                    errors = [e for e in errors if "100%" not in e]
                findings += report(
                    manifest,
                    "api-strategy",
                    f"spec.strategy.rollingUpdate.{name}",
                    rolling[name],
                    errors,
                )
                numbers[name] = number
        if numbers.get("maxUnavailable") == 0 and numbers.get("maxSurge") == 0:
            findings += report(
                manifest,
                "api-strategy",
                "spec.strategy.rollingUpdate.maxUnavailable",
                0,
                ["may not be 0 when `maxSurge` is 0"],
            )
        deadline, ready = spec.get("progressDeadlineSeconds"), spec.get("minReadySeconds", 0)
        if isinstance(deadline, int) and isinstance(ready, int) and deadline <= ready:
            findings += report(
                manifest,
                "api-strategy",
                "spec.progressDeadlineSeconds",
                deadline,
                ["must be greater than minReadySeconds"],
            )
    return findings


def _job_spec_findings(manifest: Manifest, spec: dict[str, Any], path: str) -> list[Finding]:
    findings = _non_negative(
        manifest,
        "api-job",
        spec,
        path,
        (
            "parallelism",
            "completions",
            "backoffLimit",
            "activeDeadlineSeconds",
            "ttlSecondsAfterFinished",
        ),
    )
    mode = spec.get("completionMode")
    if mode is not None and mode not in ("NonIndexed", "Indexed"):
        findings += report(
            manifest,
            "api-job",
            f"{path}.completionMode",
            mode,
            ['Unsupported value: supported values: "NonIndexed", "Indexed"'],
        )
    if mode == "Indexed" and spec.get("completions") is None:
        findings += report(
            manifest,
            "api-job",
            f"{path}.completions",
            None,
            ["Required value: when completion mode is Indexed"],
        )
    return findings


def job_spec(workspace: Workspace) -> list[Finding]:
    """Job and CronJob counters and policies (``validateJobSpec``, ``ValidateCronJobSpec``)."""
    findings: list[Finding] = []
    for manifest in workspace.of_kind("Job"):
        findings += _job_spec_findings(manifest, spec_of(manifest), "spec")
    for manifest in workspace.of_kind("CronJob"):
        spec = spec_of(manifest)
        findings += _non_negative(
            manifest,
            "api-job",
            spec,
            "spec",
            ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"),
        )
        policy = spec.get("concurrencyPolicy")
        if policy is not None and policy not in ("Allow", "Forbid", "Replace"):
            findings += report(
                manifest,
                "api-job",
                "spec.concurrencyPolicy",
                policy,
                ['Unsupported value: supported values: "Allow", "Forbid", "Replace"'],
            )
        job = as_dict(as_dict(spec.get("jobTemplate")).get("spec"))
        findings += _job_spec_findings(manifest, job, "spec.jobTemplate.spec")
    return findings


def cron_schedule(workspace: Workspace) -> list[Finding]:
    """A CronJob's ``schedule`` parses as robfig/cron's ``ParseStandard`` does, without ``TZ=``.

    Mirrors ``validateScheduleFormat``.
    """
    findings: list[Finding] = []
    for manifest in workspace.of_kind("CronJob"):
        schedule = spec_of(manifest).get("schedule")
        if isinstance(schedule, str):
            findings += report(
                manifest, "api-cron-schedule", "spec.schedule", schedule, schedule_errors(schedule)
            )
    return findings


def time_zone(workspace: Workspace) -> list[Finding]:
    """A CronJob's ``timeZone`` is in the IANA time zone database (``validateTimeZone``)."""
    findings: list[Finding] = []
    for manifest in workspace.of_kind("CronJob"):
        zone = spec_of(manifest).get("timeZone")
        if isinstance(zone, str):
            findings += report(
                manifest, "api-time-zone", "spec.timeZone", zone, time_zone_errors(zone)
            )
    return findings


WORKLOAD_RULES: dict[str, Rule] = {
    "api-selector": selectors,
    "api-replicas": replicas,
    "api-strategy": strategy,
    "api-job": job_spec,
    "api-cron-schedule": cron_schedule,
    "api-time-zone": time_zone,
}
