"""Best-practice rules beyond Pod Security: pinned images, resources, probes, PDBs, policies.

Each function takes one environment's :class:`Workspace` and returns its findings;
severities come from :mod:`herokube.validate.catalog`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from herokube.validate.findings import Finding
from herokube.validate.workspace import (
    SCALABLE_KINDS,
    TEMPLATE_KINDS,
    Workload,
    Workspace,
    as_dict,
    selector_matches,
)

__all__ = [
    "PRACTICE_RULES",
    "hpa_replicas",
    "image_problem",
    "image_tag",
    "network_policy",
    "pdb",
    "probes",
    "resources",
    "selector_match",
    "service_account_token",
]


def image_tag(workspace: Workspace) -> list[Finding]:
    """Every container image names a tag other than ``latest``, or a digest."""
    findings = []
    for w in workspace.workloads:
        for c in w.containers():
            image = str(c.data.get("image") or "")
            problem = image_problem(image)
            if problem:
                findings.append(
                    w.finding(
                        "image-tag",
                        f"container {c.name!r}: image {image!r} {problem}",
                        f"{c.path}.image",
                    )
                )
    return findings


def image_problem(image: str) -> str:
    """Why ``image`` is not pinned (``""`` when it is): untagged, or tagged ``latest``."""
    if not image or "@" in image:
        return ""
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "has no tag; pin a version"
    if last.rsplit(":", 1)[1] == "latest":
        return "is tagged :latest; pin a version"
    return ""


def resources(workspace: Workspace) -> list[Finding]:
    """Every container (and init container) requests cpu and memory and limits memory."""
    findings = []
    for w in workspace.workloads:
        for c in w.containers("initContainers", "containers"):
            spec = as_dict(c.data.get("resources"))
            requests, limits = as_dict(spec.get("requests")), as_dict(spec.get("limits"))
            missing = [f"requests.{r}" for r in ("cpu", "memory") if r not in requests]
            if "memory" not in limits:
                missing.append("limits.memory")
            if missing:
                findings.append(
                    w.finding(
                        "resources",
                        f"container {c.name!r} sets no {', '.join(missing)}",
                        f"{c.path}.resources",
                    )
                )
    return findings


def probes(workspace: Workspace) -> list[Finding]:
    """Containers of workloads a Service selects have a readiness or startup probe."""
    findings = []
    for w in workspace.served():
        for c in w.containers("containers"):
            if not (c.data.get("readinessProbe") or c.data.get("startupProbe")):
                findings.append(
                    w.finding(
                        "probes",
                        f"container {c.name!r} receives Service traffic but has no readinessProbe "
                        "or startupProbe",
                        f"{c.path}.readinessProbe",
                    )
                )
    return findings


def _covered(
    workspace: Workspace, w: Workload, kind: str, selector_of: Callable[[dict[str, Any]], Any]
) -> bool:
    for candidate in workspace.in_namespace(kind, workspace.namespace(w.manifest)):
        selector = selector_of(as_dict(candidate.data.get("spec")))
        if isinstance(selector, dict) and selector_matches(selector, w.pod_labels):
            return True
    return False


def pdb(workspace: Workspace) -> list[Finding]:
    """Scalable workloads a Service selects are covered by a PodDisruptionBudget."""
    return [
        w.finding(
            "pdb", f"{w.kind} {w.name!r} serves traffic but no PodDisruptionBudget selects its pods"
        )
        for w in workspace.served()
        if w.kind in SCALABLE_KINDS
        and not _single_stateful(w)
        and not _covered(workspace, w, "PodDisruptionBudget", lambda spec: spec.get("selector"))
    ]


def _single_stateful(w: Workload) -> bool:
    """One StatefulSet replica (an in-cluster Redis): a PDB could only block drains, not protect it."""
    return w.kind == "StatefulSet" and as_dict(w.manifest.data.get("spec")).get("replicas") == 1


def network_policy(workspace: Workspace) -> list[Finding]:
    """Workloads a Service selects are covered by a NetworkPolicy."""
    return [
        w.finding(
            "network-policy",
            f"{w.kind} {w.name!r} serves traffic but no NetworkPolicy selects its pods",
        )
        for w in workspace.served()
        if not _covered(workspace, w, "NetworkPolicy", lambda spec: spec.get("podSelector", {}))
    ]


def service_account_token(workspace: Workspace) -> list[Finding]:
    """Pods do not mount a service account token (pod or ServiceAccount says false)."""
    accounts = {
        (workspace.namespace(m), m.resource.name): m.data.get("automountServiceAccountToken")
        for m in workspace.of_kind("ServiceAccount")
    }
    findings = []
    for w in workspace.workloads:
        setting = w.pod_spec.get("automountServiceAccountToken")
        if setting is False:
            continue
        account = str(
            w.pod_spec.get("serviceAccountName") or w.pod_spec.get("serviceAccount") or "default"
        )
        if setting is None and accounts.get((workspace.namespace(w.manifest), account)) is False:
            continue
        findings.append(
            w.finding(
                "service-account-token",
                f"pods mount the token of service account {account!r}; set "
                "automountServiceAccountToken: false on the pod or the ServiceAccount",
                f"{w.pod_path}.automountServiceAccountToken",
            )
        )
    return findings


def hpa_replicas(workspace: Workspace) -> list[Finding]:
    """A workload an HPA scales leaves ``replicas`` unset, so syncs do not fight the HPA."""
    targets = set()
    for hpa in workspace.of_kind("HorizontalPodAutoscaler"):
        ref = as_dict(as_dict(hpa.data.get("spec")).get("scaleTargetRef"))
        targets.add((workspace.namespace(hpa), str(ref.get("kind")), str(ref.get("name"))))
    return [
        w.finding(
            "hpa-replicas",
            f"{w.kind} {w.name!r} sets replicas but a HorizontalPodAutoscaler scales it; "
            "every sync would reset the replica count",
            "spec.replicas",
        )
        for w in workspace.workloads
        if (workspace.namespace(w.manifest), w.kind, w.name) in targets
        and "replicas" in as_dict(w.manifest.data.get("spec"))
    ]


def selector_match(workspace: Workspace) -> list[Finding]:
    """A workload's ``spec.selector`` selects its own pod template labels."""
    findings = []
    for w in workspace.workloads:
        if w.kind not in TEMPLATE_KINDS:
            continue
        selector = as_dict(w.manifest.data.get("spec")).get("selector")
        if selector is None and w.kind == "Job":
            continue  # Jobs generate their selector
        if not isinstance(selector, dict) or not selector_matches(selector, w.pod_labels):
            findings.append(
                w.finding(
                    "selector-match",
                    f"spec.selector of {w.kind} {w.name!r} does not match its pod template labels "
                    f"{w.pod_labels}",
                    "spec.selector",
                )
            )
    return findings


PRACTICE_RULES = {
    "image-tag": image_tag,
    "selector-match": selector_match,
    "resources": resources,
    "probes": probes,
    "pdb": pdb,
    "network-policy": network_policy,
    "service-account-token": service_account_token,
    "hpa-replicas": hpa_replicas,
}
