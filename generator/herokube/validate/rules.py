"""Rules beyond schemas: Pod Security "restricted" and best practices, one function per rule.

Each rule takes the :class:`Workspace` of one environment (every rendered object of it) and
returns findings. Rules work on every pod-bearing kind: Deployment, StatefulSet, DaemonSet,
ReplicaSet, Job, CronJob and Pod. ``RULE_FUNCTIONS`` maps rule ids to functions; the ids and
severities are listed in :mod:`herokube.validate.catalog` and ``docs/validate.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from herokube.validate.catalog import RULES
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding

__all__ = [
    "RULE_FUNCTIONS",
    "Container",
    "Workload",
    "Workspace",
    "run_rules",
    "selector_matches",
]

_TEMPLATE_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job")
_SCALABLE_KINDS = ("Deployment", "StatefulSet", "ReplicaSet")
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
# Pod Security Standards, "restricted": the only volume types allowed.
_ALLOWED_VOLUMES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)
_SECCOMP_OK = ("RuntimeDefault", "Localhost")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class Container:
    """One container of a pod spec, with the dotted path to it."""

    data: dict[str, Any]
    path: str
    list_name: str

    @property
    def name(self) -> str:
        return str(self.data.get("name") or "?")

    @property
    def security(self) -> dict[str, Any]:
        return _dict(self.data.get("securityContext"))


@dataclass(frozen=True)
class Workload:
    """A pod-bearing object: its pod spec, pod labels and where the pod spec sits."""

    manifest: Manifest
    pod_spec: dict[str, Any]
    pod_labels: dict[str, str]
    pod_path: str

    @property
    def kind(self) -> str:
        return self.manifest.resource.kind

    @property
    def name(self) -> str:
        return self.manifest.resource.name

    def containers(self, *lists: str) -> Iterator[Container]:
        """Containers of the given lists (all three by default)."""
        for list_name in lists or _CONTAINER_LISTS:
            for index, item in enumerate(_list(self.pod_spec.get(list_name))):
                if isinstance(item, dict):
                    yield Container(item, f"{self.pod_path}.{list_name}[{index}]", list_name)

    def finding(self, rule: str, message: str, field: str = "") -> Finding:
        return Finding.about(
            self.manifest.resource,
            rule,
            RULES[rule].severity,
            message,
            field=field,
            line=self.manifest.line,
        )


def _workload(manifest: Manifest) -> Workload | None:
    kind = manifest.resource.kind
    spec = _dict(manifest.data.get("spec"))
    if kind == "Pod":
        return Workload(manifest, spec, manifest.labels, "spec")
    if kind in _TEMPLATE_KINDS:
        template, path = _dict(spec.get("template")), "spec.template"
    elif kind == "CronJob":
        job_spec = _dict(_dict(spec.get("jobTemplate")).get("spec"))
        template, path = _dict(job_spec.get("template")), "spec.jobTemplate.spec.template"
    else:
        return None
    labels = _dict(_dict(template.get("metadata")).get("labels"))
    return Workload(manifest, _dict(template.get("spec")), labels, f"{path}.spec")


def selector_matches(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    """A Kubernetes LabelSelector (matchLabels + matchExpressions) against labels."""
    for label, value in _dict(selector.get("matchLabels")).items():
        if str(labels.get(label)) != str(value) or label not in labels:
            return False
    for raw in _list(selector.get("matchExpressions")):
        expression = _dict(raw)
        key, operator = str(expression.get("key")), expression.get("operator")
        values = [str(v) for v in _list(expression.get("values"))]
        present = key in labels
        if operator == "In" and not (present and str(labels[key]) in values):
            return False
        if operator == "NotIn" and present and str(labels[key]) in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


class Workspace:
    """The objects of one environment, indexed the way the rules need them."""

    def __init__(self, manifests: list[Manifest], default_namespace: str) -> None:
        self.manifests = manifests
        self.default_namespace = default_namespace
        self.workloads = [w for w in map(_workload, manifests) if w is not None]

    def namespace(self, manifest: Manifest) -> str:
        return manifest.namespace or self.default_namespace

    def of_kind(self, kind: str) -> list[Manifest]:
        return [m for m in self.manifests if m.resource.kind == kind]

    def served(self) -> list[Workload]:
        """Workloads whose pods some Service in the same namespace selects."""
        services = self.of_kind("Service")
        found = []
        for workload in self.workloads:
            namespace = self.namespace(workload.manifest)
            for service in services:
                selector = _dict(_dict(service.data.get("spec")).get("selector"))
                if (
                    selector
                    and self.namespace(service) == namespace
                    and all(
                        key in workload.pod_labels and str(workload.pod_labels[key]) == str(value)
                        for key, value in selector.items()
                    )
                ):
                    found.append(workload)
                    break
        return found


Rule = Callable[[Workspace], list[Finding]]


def _pod_security(workspace: Workspace) -> dict[str, list[Finding]]:
    """The Pod Security Standards "restricted" profile, one finding list per rule id."""
    out: dict[str, list[Finding]] = {}

    def add(rule: str, workload: Workload, message: str, field: str) -> None:
        out.setdefault(rule, []).append(workload.finding(rule, message, field))

    for w in workspace.workloads:
        pod, pod_path = w.pod_spec, w.pod_path
        pod_security = _dict(pod.get("securityContext"))
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            if pod.get(flag) is True:
                add("psa-host-namespaces", w, f"{flag} must not be true", f"{pod_path}.{flag}")
        for index, volume in enumerate(_list(pod.get("volumes"))):
            volume = _dict(volume)
            kinds = [key for key in volume if key != "name"]
            field = f"{pod_path}.volumes[{index}]"
            if "hostPath" in kinds:
                add("psa-host-path", w, f"volume {volume.get('name')!r} is a hostPath", field)
            elif any(kind not in _ALLOWED_VOLUMES for kind in kinds):
                bad = ", ".join(sorted(k for k in kinds if k not in _ALLOWED_VOLUMES))
                add(
                    "psa-volume-types",
                    w,
                    f"volume {volume.get('name')!r} is of type {bad}; restricted allows "
                    + ", ".join(sorted(_ALLOWED_VOLUMES)),
                    field,
                )
        pod_non_root = pod_security.get("runAsNonRoot") is True
        if pod_security.get("runAsUser") == 0:
            add(
                "psa-run-as-non-root",
                w,
                "runAsUser must not be 0",
                f"{pod_path}.securityContext.runAsUser",
            )
        pod_seccomp = _dict(pod_security.get("seccompProfile")).get("type")
        if pod_seccomp is not None and pod_seccomp not in _SECCOMP_OK:
            add(
                "psa-seccomp",
                w,
                f"seccompProfile.type {pod_seccomp!r} is not RuntimeDefault or Localhost",
                f"{pod_path}.securityContext.seccompProfile.type",
            )
        for c in w.containers():
            sc, path = c.security, c.path
            what = f"container {c.name!r}"
            if sc.get("privileged") is True:
                add(
                    "psa-privileged",
                    w,
                    f"{what} runs privileged",
                    f"{path}.securityContext.privileged",
                )
            for p_index, port in enumerate(_list(c.data.get("ports"))):
                if _dict(port).get("hostPort"):
                    add(
                        "psa-host-ports",
                        w,
                        f"{what} sets hostPort",
                        f"{path}.ports[{p_index}].hostPort",
                    )
            if sc.get("allowPrivilegeEscalation") is not False:
                add(
                    "psa-privilege-escalation",
                    w,
                    f"{what}: securityContext.allowPrivilegeEscalation must be false",
                    f"{path}.securityContext.allowPrivilegeEscalation",
                )
            non_root = sc.get("runAsNonRoot")
            if non_root is False or (non_root is not True and not pod_non_root):
                add(
                    "psa-run-as-non-root",
                    w,
                    f"{what}: runAsNonRoot must be true (pod or container securityContext)",
                    f"{path}.securityContext.runAsNonRoot",
                )
            if sc.get("runAsUser") == 0:
                add(
                    "psa-run-as-non-root",
                    w,
                    f"{what}: runAsUser must not be 0",
                    f"{path}.securityContext.runAsUser",
                )
            capabilities = _dict(sc.get("capabilities"))
            if "ALL" not in [str(x) for x in _list(capabilities.get("drop"))]:
                add(
                    "psa-capabilities",
                    w,
                    f"{what}: securityContext.capabilities.drop must include ALL",
                    f"{path}.securityContext.capabilities.drop",
                )
            added = [str(x) for x in _list(capabilities.get("add")) if str(x) != "NET_BIND_SERVICE"]
            if added:
                add(
                    "psa-capabilities",
                    w,
                    f"{what} adds {', '.join(added)}; only NET_BIND_SERVICE may be added",
                    f"{path}.securityContext.capabilities.add",
                )
            seccomp = _dict(sc.get("seccompProfile")).get("type")
            if seccomp is not None and seccomp not in _SECCOMP_OK:
                add(
                    "psa-seccomp",
                    w,
                    f"{what}: seccompProfile.type {seccomp!r} is not RuntimeDefault or Localhost",
                    f"{path}.securityContext.seccompProfile.type",
                )
            elif seccomp is None and pod_seccomp is None:
                add(
                    "psa-seccomp",
                    w,
                    f"{what}: set seccompProfile.type RuntimeDefault (pod or container securityContext)",
                    f"{path}.securityContext.seccompProfile",
                )
    return out


def _psa(rule: str) -> Rule:
    def check(workspace: Workspace) -> list[Finding]:
        return _pod_security(workspace).get(rule, [])

    check.__name__ = rule.replace("-", "_")
    check.__doc__ = RULES[rule].summary
    return check


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
            spec = _dict(c.data.get("resources"))
            requests, limits = _dict(spec.get("requests")), _dict(spec.get("limits"))
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
    namespace = workspace.namespace(w.manifest)
    for candidate in workspace.of_kind(kind):
        if workspace.namespace(candidate) != namespace:
            continue
        selector = selector_of(_dict(candidate.data.get("spec")))
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
        if w.kind in _SCALABLE_KINDS
        and not _single_stateful(w)
        and not _covered(workspace, w, "PodDisruptionBudget", lambda spec: spec.get("selector"))
    ]


def _single_stateful(w: Workload) -> bool:
    """One StatefulSet replica (an in-cluster Redis): a PDB could only block drains, not protect it."""
    return w.kind == "StatefulSet" and _dict(w.manifest.data.get("spec")).get("replicas") == 1


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
        ref = _dict(_dict(hpa.data.get("spec")).get("scaleTargetRef"))
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
        and "replicas" in _dict(w.manifest.data.get("spec"))
    ]


def selector_match(workspace: Workspace) -> list[Finding]:
    """A workload's ``spec.selector`` selects its own pod template labels."""
    findings = []
    for w in workspace.workloads:
        if w.kind not in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
            continue
        selector = _dict(w.manifest.data.get("spec")).get("selector")
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


RULE_FUNCTIONS: dict[str, Rule] = {
    **{
        rule: _psa(rule)
        for rule in (
            "psa-privileged",
            "psa-host-namespaces",
            "psa-host-path",
            "psa-host-ports",
            "psa-volume-types",
            "psa-privilege-escalation",
            "psa-run-as-non-root",
            "psa-capabilities",
            "psa-seccomp",
        )
    },
    "image-tag": image_tag,
    "selector-match": selector_match,
    "resources": resources,
    "probes": probes,
    "pdb": pdb,
    "network-policy": network_policy,
    "service-account-token": service_account_token,
    "hpa-replicas": hpa_replicas,
}


def run_rules(workspace: Workspace, disabled: frozenset[str] = frozenset()) -> list[Finding]:
    """Every enabled rule over one environment's objects."""
    findings: list[Finding] = []
    security = _pod_security(workspace)  # one pass for all nine psa-* rules
    for rule, check in RULE_FUNCTIONS.items():
        if rule in disabled:
            continue
        findings.extend(security.get(rule, []) if rule.startswith("psa-") else check(workspace))
    return findings
