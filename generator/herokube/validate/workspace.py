"""One environment's rendered objects, indexed the way the validate rules read them.

A :class:`Workspace` holds every object of one environment; a :class:`Workload` is a
pod-bearing object (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) with
its pod spec and where that spec sits. Rules take a workspace and return findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from herokube.validate.catalog import rule_finding
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.kube_schemas import DEFAULT_KUBERNETES_VERSION

__all__ = [
    "APPS_KINDS",
    "SCALABLE_KINDS",
    "TEMPLATE_KINDS",
    "Container",
    "OperatorPod",
    "Rule",
    "Workload",
    "Workspace",
    "as_dict",
    "as_list",
    "finding_at",
    "selector_matches",
]

TEMPLATE_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job")
SCALABLE_KINDS = ("Deployment", "StatefulSet", "ReplicaSet")
# The apps/v1 controllers: a required selector, pods that always restart.
APPS_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet")
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (rules never trust shapes)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty one."""
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class Container:
    """One container of a pod spec, with the dotted path to it."""

    data: dict[str, Any]
    path: str
    list_name: str
    security_field: str = ""
    """Where its securityContext sits, when not at ``<path>.securityContext``."""

    @property
    def name(self) -> str:
        return str(self.data.get("name") or "?")

    @property
    def security_path(self) -> str:
        return self.security_field or f"{self.path}.securityContext"

    @property
    def security(self) -> dict[str, Any]:
        return as_dict(self.data.get("securityContext"))


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
            for index, item in enumerate(as_list(self.pod_spec.get(list_name))):
                if isinstance(item, dict):
                    yield Container(item, f"{self.pod_path}.{list_name}[{index}]", list_name)

    def finding(self, rule: str, message: str, field: str = "") -> Finding:
        """A finding of ``rule`` about this workload (severity from the catalog)."""
        return finding_at(self.manifest, rule, message, field)


@dataclass(frozen=True)
class OperatorPod(Workload):
    """A pod an operator starts from a custom resource's pod-shaped fields (a k6 TestRun's
    ``runner``): its pod securityContext under ``pod_path``, its one container's under
    ``container_field``. Only the Pod Security rules read it: a namespace enforcing "restricted"
    refuses such a pod when the operator creates it, long after the sync looked fine."""

    container: str = ""
    container_field: str = ""
    container_security: dict[str, Any] = field(default_factory=dict)

    def containers(self, *lists: str) -> Iterator[Container]:
        if lists and "containers" not in lists:
            return
        data = {"name": self.container, "securityContext": self.container_security}
        yield Container(data, self.pod_path, "containers", self.container_field)


# The pods a k6-operator TestRun starts, by the field that shapes each one.
_TESTRUN_PODS = ("initializer", "starter", "runner")


def _operator_pods(manifest: Manifest) -> list[Workload]:
    resource = manifest.resource
    if resource.kind != "TestRun" or not resource.api_version.startswith("k6.io/"):
        return []
    spec = as_dict(manifest.data.get("spec"))
    pods: list[Workload] = []
    for role in _TESTRUN_PODS:
        shape = as_dict(spec.get(role))
        pod_spec: dict[str, Any] = {
            k: shape[k] for k in ("securityContext", "volumes") if k in shape
        }
        labels = as_dict(as_dict(shape.get("metadata")).get("labels"))
        pods.append(
            OperatorPod(
                manifest,
                pod_spec,
                labels,
                f"spec.{role}",
                container=f"k6 {role}",
                container_field=f"spec.{role}.containerSecurityContext",
                container_security=as_dict(shape.get("containerSecurityContext")),
            )
        )
    return pods


def _workload(manifest: Manifest) -> Workload | None:
    kind = manifest.resource.kind
    spec = as_dict(manifest.data.get("spec"))
    if kind == "Pod":
        return Workload(manifest, spec, manifest.labels, "spec")
    if kind in TEMPLATE_KINDS:
        template, path = as_dict(spec.get("template")), "spec.template"
    elif kind == "CronJob":
        job_spec = as_dict(as_dict(spec.get("jobTemplate")).get("spec"))
        template, path = as_dict(job_spec.get("template")), "spec.jobTemplate.spec.template"
    else:
        return None
    labels = as_dict(as_dict(template.get("metadata")).get("labels"))
    return Workload(manifest, as_dict(template.get("spec")), labels, f"{path}.spec")


def selector_matches(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    """A Kubernetes LabelSelector (matchLabels + matchExpressions) against labels."""
    for label, value in as_dict(selector.get("matchLabels")).items():
        if str(labels.get(label)) != str(value) or label not in labels:
            return False
    for raw in as_list(selector.get("matchExpressions")):
        expression = as_dict(raw)
        key, operator = str(expression.get("key")), expression.get("operator")
        values = [str(v) for v in as_list(expression.get("values"))]
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

    def __init__(
        self,
        manifests: list[Manifest],
        default_namespace: str,
        kubernetes_version: str = DEFAULT_KUBERNETES_VERSION,
    ) -> None:
        self.manifests = manifests
        self.default_namespace = default_namespace
        self.kubernetes_version = kubernetes_version
        self.workloads = [w for w in map(_workload, manifests) if w is not None]
        # What Pod Security admission will see: the workloads and the pods operators start.
        self.admitted_pods = self.workloads + [p for m in manifests for p in _operator_pods(m)]
        self._by_kind: dict[str, list[Manifest]] = {}
        self._by_namespace: dict[str, dict[str, list[Manifest]]] = {}
        self._workloads_by_namespace: dict[str, list[Workload]] | None = None
        self._served: list[Workload] | None = None
        for manifest in manifests:
            self._by_kind.setdefault(manifest.resource.kind, []).append(manifest)

    def namespace(self, manifest: Manifest) -> str:
        return manifest.namespace or self.default_namespace

    def of_kind(self, kind: str) -> list[Manifest]:
        """The objects of one kind, in rendering order."""
        return self._by_kind.get(kind, [])

    def in_namespace(self, kind: str, namespace: str) -> list[Manifest]:
        """The objects of one kind in one namespace (indexed once per kind)."""
        index = self._by_namespace.get(kind)
        if index is None:
            index = self._by_namespace[kind] = {}
            for manifest in self.of_kind(kind):
                index.setdefault(self.namespace(manifest), []).append(manifest)
        return index.get(namespace, [])

    def workloads_in(self, namespace: str) -> list[Workload]:
        """The pod-bearing objects of one namespace."""
        if self._workloads_by_namespace is None:
            self._workloads_by_namespace = {}
            for workload in self.workloads:
                key = self.namespace(workload.manifest)
                self._workloads_by_namespace.setdefault(key, []).append(workload)
        return self._workloads_by_namespace.get(namespace, [])

    def served(self) -> list[Workload]:
        """Workloads whose pods some Service in the same namespace selects (computed once)."""
        if self._served is None:
            self._served = [w for w in self.workloads if self._is_served(w)]
        return self._served

    def _is_served(self, workload: Workload) -> bool:
        labels = workload.pod_labels
        for service in self.in_namespace("Service", self.namespace(workload.manifest)):
            selector = as_dict(as_dict(service.data.get("spec")).get("selector"))
            if selector and all(
                key in labels and str(labels[key]) == str(value) for key, value in selector.items()
            ):
                return True
        return False


Rule = Callable[[Workspace], list[Finding]]


def finding_at(manifest: Manifest, rule: str, message: str, field: str = "") -> Finding:
    """A finding of ``rule`` about ``manifest``, with the severity the catalog gives the rule."""
    return rule_finding(manifest.resource, rule, message, field=field, line=manifest.line)
