"""checkov's Kubernetes checks that are not matters of taste, as plain predicates.

checkov itself cannot be a test dependency: its ``bc-detect-secrets`` installs a fork under the
module name ``detect_secrets``, replacing the detect-secrets herokube scans secrets with, and it
pins ``packaging`` far below this environment's. These predicates mirror what the checks of
checkov 3.3 (``checkov/kubernetes/checks``) test, one per id; the ids checkov also reports but
docs/chart.md lists as matters of taste are left out on purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["CHECKS", "Check", "failures", "pod_specs"]

Object = dict[str, Any]


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    container: Callable[[Object, Object], bool] | None = None
    """(pod spec, container) → passes; run on every init container and container."""
    pod: Callable[[Object], bool] | None = None
    """pod spec → passes."""


def _security(container: Object) -> Object:
    return container.get("securityContext") or {}


def _capabilities(container: Object) -> Object:
    return _security(container).get("capabilities") or {}


def _effective(pod: Object, container: Object, key: str) -> Any:
    """A security setting as the kubelet applies it: the container's over the pod's."""
    own = _security(container).get(key)
    return own if own is not None else (pod.get("securityContext") or {}).get(key)


def _resources(container: Object, kind: str, name: str) -> bool:
    return bool(((container.get("resources") or {}).get(kind) or {}).get(name))


def _tag_fixed(image: str) -> bool:
    if "@" in image:
        return True
    last = image.rsplit("/", 1)[-1]
    return ":" in last and last.rsplit(":", 1)[1] not in ("", "latest")


def _docker_socket(pod: Object) -> bool:
    paths = [(v.get("hostPath") or {}).get("path", "") for v in pod.get("volumes") or []]
    return not any(
        str(p).rstrip("/") in ("/var/run/docker.sock", "/run/docker.sock") for p in paths
    )


CHECKS: tuple[Check, ...] = (
    Check("CKV_K8S_10", "CPU requests", container=lambda _, c: _resources(c, "requests", "cpu")),
    Check("CKV_K8S_12", "memory requests", lambda _, c: _resources(c, "requests", "memory")),
    Check("CKV_K8S_13", "memory limits", lambda _, c: _resources(c, "limits", "memory")),
    Check("CKV_K8S_14", "image tag fixed", lambda _, c: _tag_fixed(str(c.get("image") or ""))),
    Check("CKV_K8S_16", "not privileged", lambda _, c: _security(c).get("privileged") is not True),
    Check("CKV_K8S_17", "no host PID", pod=lambda p: p.get("hostPID") is not True),
    Check("CKV_K8S_18", "no host IPC", pod=lambda p: p.get("hostIPC") is not True),
    Check("CKV_K8S_19", "no host network", pod=lambda p: p.get("hostNetwork") is not True),
    Check(
        "CKV_K8S_20",
        "allowPrivilegeEscalation false",
        lambda _, c: _security(c).get("allowPrivilegeEscalation") is False,
    ),
    Check(
        "CKV_K8S_22",
        "read-only root filesystem",
        lambda _, c: _security(c).get("readOnlyRootFilesystem") is True,
    ),
    Check(
        "CKV_K8S_23",
        "no root containers",
        lambda p, c: (
            _effective(p, c, "runAsNonRoot") is True or (_effective(p, c, "runAsUser") or 0) > 0
        ),
    ),
    Check("CKV_K8S_25", "no added capabilities", lambda _, c: not _capabilities(c).get("add")),
    Check(
        "CKV_K8S_26",
        "no hostPort",
        lambda _, c: not any(port.get("hostPort") for port in c.get("ports") or []),
    ),
    Check("CKV_K8S_27", "no docker socket", pod=_docker_socket),
    Check(
        "CKV_K8S_28",
        "NET_RAW dropped",
        lambda _, c: bool({"ALL", "NET_RAW"} & set(_capabilities(c).get("drop") or [])),
    ),
    Check("CKV_K8S_29", "pod securityContext", pod=lambda p: bool(p.get("securityContext"))),
    Check("CKV_K8S_30", "container securityContext", lambda _, c: bool(_security(c))),
    Check(
        "CKV_K8S_31",
        "seccomp RuntimeDefault",
        lambda p, c: (_effective(p, c, "seccompProfile") or {}).get("type") == "RuntimeDefault",
    ),
    Check(
        "CKV_K8S_37",
        "capabilities drop ALL",
        lambda _, c: "ALL" in _capabilities(c).get("drop", []),
    ),
    Check(
        "CKV_K8S_38",
        "service account token not mounted",
        pod=lambda p: p.get("automountServiceAccountToken") is False,
    ),
    Check(
        "CKV_K8S_39",
        "no SYS_ADMIN",
        lambda _, c: not {"SYS_ADMIN", "CAP_SYS_ADMIN"} & set(_capabilities(c).get("add") or []),
    ),
    Check(
        "CKV_K8S_40",
        "high UID (>= 10000)",
        lambda p, c: (_effective(p, c, "runAsUser") or 0) >= 10000,
    ),
)


def pod_specs(document: Object) -> Iterator[Object]:
    """The pod spec of a pod-bearing object (checkov's workload kinds)."""
    kind, spec = document.get("kind"), document.get("spec") or {}
    if kind == "Pod":
        yield spec
    elif kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        yield (spec.get("template") or {}).get("spec") or {}
    elif kind == "CronJob":
        yield (
            ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template", {}).get("spec", {})
        )


def _selected(policy: Object, labels: Object) -> bool:
    selector = (policy.get("spec") or {}).get("podSelector") or {}
    wanted = selector.get("matchLabels") or {}
    return all(labels.get(key) == value for key, value in wanted.items())


def _pod_labels(document: Object) -> Object:
    spec = document.get("spec") or {}
    if document.get("kind") == "Pod":
        return (document.get("metadata") or {}).get("labels") or {}
    template = spec.get("template") or ((spec.get("jobTemplate") or {}).get("spec") or {}).get(
        "template", {}
    )
    return (template.get("metadata") or {}).get("labels") or {}


def failures(documents: list[Object]) -> list[str]:
    """``<check id> <Kind>/<name>: <title>`` for every check a rendered object fails.

    CKV2_K8S_6 (every pod has a NetworkPolicy) is checked across the objects: a policy's
    podSelector.matchLabels must match the pod template's labels.
    """
    found = []
    policies = [d for d in documents if d.get("kind") == "NetworkPolicy"]
    for document in documents:
        where = f"{document.get('kind')}/{(document.get('metadata') or {}).get('name')}"
        for pod in pod_specs(document):
            containers = [*(pod.get("initContainers") or []), *(pod.get("containers") or [])]
            for check in CHECKS:
                passed = (check.pod is None or check.pod(pod)) and (
                    check.container is None or all(check.container(pod, c) for c in containers)
                )
                if not passed:
                    found.append(f"{check.id} {where}: {check.title}")
            if not any(_selected(policy, _pod_labels(document)) for policy in policies):
                found.append(f"CKV2_K8S_6 {where}: no NetworkPolicy selects the pod")
    return found
