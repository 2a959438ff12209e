"""Object metadata as ``ValidateObjectMeta`` checks it: names per kind, labels, annotations.

Mirrors ``k8s.io/apimachinery/pkg/api/validation/objectmeta.go`` (``ValidateObjectMeta``,
``ValidateAnnotations``), ``.../apis/meta/v1/validation`` (``ValidateLabels``) and the name
functions each kind passes to it in ``pkg/apis/*/validation``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from herokube.validate.apiserver.base import report
from herokube.validate.apiserver.checks import (
    is_dns1035_label,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_label_value,
    is_qualified_name,
)
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.workspace import Rule, Workspace, as_dict, finding_at

__all__ = ["META_RULES", "annotation_keys", "labels", "object_name"]

# ValidateAnnotations: the summed size of every key and value.
TOTAL_ANNOTATION_BYTES = 256 * 1024
# Job: the controller copies the name into the pod label batch.kubernetes.io/job-name (63);
# CronJob: 52 = 63 minus the 11 characters of "-<timestamp>" the controller appends
# (ValidateCronJob: DNS1035LabelMaxLength-11).
_NAME_LIMITS = {"CronJob": 52, "Job": 63}
_BUILTIN_GROUPS = (
    "",
    "apps",
    "batch",
    "autoscaling",
    "policy",
    "networking.k8s.io",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "scheduling.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
)
_SUBDOMAIN_KINDS = frozenset(
    {
        "ConfigMap",
        "Secret",
        "ServiceAccount",
        "Pod",
        "PersistentVolumeClaim",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "Ingress",
        "IngressClass",
        "NetworkPolicy",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    }
)


def _name_check(manifest: Manifest) -> Callable[[str], list[str]] | None:
    """The name function the API server applies to this kind (None: not checked here)."""
    kind = manifest.resource.kind
    if kind == "Service":
        return is_dns1035_label  # ValidateServiceName = NameIsDNS1035Label
    if kind == "Namespace":
        return is_dns1123_label  # ValidateNamespaceName = NameIsDNSLabel
    if kind in _SUBDOMAIN_KINDS:
        return is_dns1123_subdomain
    group = manifest.resource.api_version.rpartition("/")[0]
    if group not in _BUILTIN_GROUPS and not group.endswith(".k8s.io"):
        return is_dns1123_subdomain  # custom resources: NameIsDNSSubdomain
    return None  # RBAC and friends take path segment names (ValidatePathSegmentName)


def object_name(workspace: Workspace) -> list[Finding]:
    """``metadata.name`` is valid for its kind (``ValidateObjectMeta`` with the kind's name func).

    Service: DNS-1035 label; Namespace: DNS-1123 label; most kinds and every custom resource:
    DNS-1123 subdomain; CronJob at most 52 characters (``ValidateCronJob``), Job at most 63.
    """
    findings = []
    for manifest in workspace.manifests:
        name = as_dict(manifest.data.get("metadata")).get("name")
        check = _name_check(manifest)
        if check is None or not isinstance(name, str):
            continue  # a missing name is the schema's finding
        messages = check(name)
        limit = _NAME_LIMITS.get(manifest.resource.kind)
        if limit and len(name) > limit and not messages:
            messages = [f"must be no more than {limit} characters"]
        findings += report(manifest, "api-name", "metadata.name", name, messages)
    return findings


def _metadata_places(manifest: Manifest) -> list[tuple[str, dict[str, Any]]]:
    """The object's metadata and every pod template metadata it carries, with their paths."""
    places = [("metadata", as_dict(manifest.data.get("metadata")))]
    spec = as_dict(manifest.data.get("spec"))
    template = spec.get("template")
    if isinstance(template, dict):
        places.append(("spec.template.metadata", as_dict(template.get("metadata"))))
    job = as_dict(as_dict(spec.get("jobTemplate")).get("spec"))
    if job:
        places.append(
            (
                "spec.jobTemplate.spec.template.metadata",
                as_dict(as_dict(job.get("template")).get("metadata")),
            )
        )
    return places


def labels(workspace: Workspace) -> list[Finding]:
    """Label keys are qualified names and values valid label values (``ValidateLabels``)."""
    findings = []
    for manifest in workspace.manifests:
        for path, metadata in _metadata_places(manifest):
            for key, value in as_dict(metadata.get("labels")).items():
                field = f"{path}.labels.{key}"
                findings += report(manifest, "api-labels", field, key, is_qualified_name(str(key)))
                if not isinstance(value, str):
                    continue  # a non-string value is the schema's finding
                findings += report(manifest, "api-labels", field, value, is_label_value(value))
    return findings


def annotation_keys(workspace: Workspace) -> list[Finding]:
    """Annotation keys are qualified names (lower-cased) and all of them total at most 256 KiB.

    Mirrors ``ValidateAnnotations`` and ``ValidateAnnotationsSize``.
    """
    findings = []
    for manifest in workspace.manifests:
        for path, metadata in _metadata_places(manifest):
            entries = as_dict(metadata.get("annotations"))
            for key in entries:
                field = f"{path}.annotations.{key}"
                findings += report(
                    manifest, "api-annotations", field, key, is_qualified_name(str(key).lower())
                )
            total = sum(len(str(k).encode()) + len(str(v).encode()) for k, v in entries.items())
            if total > TOTAL_ANNOTATION_BYTES:
                findings.append(
                    finding_at(
                        manifest,
                        "api-annotations",
                        f"{path}.annotations: Too long: may not be more than "
                        f"{TOTAL_ANNOTATION_BYTES} bytes (they total {total})",
                        f"{path}.annotations",
                    )
                )
    return findings


META_RULES: dict[str, Rule] = {
    "api-name": object_name,
    "api-labels": labels,
    "api-annotations": annotation_keys,
}
