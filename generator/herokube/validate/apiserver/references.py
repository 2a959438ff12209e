"""Cross-object references: what the API server accepts but a sync or a rollout then trips on.

Every Service, PDB and NetworkPolicy selector selects pods the chart renders; every Ingress
and HTTPRoute backend is a Service of the chart with that port; an HPA scales a workload of
the chart; every ConfigMap, Secret and ServiceAccount a pod uses is rendered by the chart,
created by an ExternalSecret (``spec.target.name``), a CloudNativePG ``Cluster``
(``<name>-app``, ``-superuser``, ...) or cert-manager (a ``Certificate``'s ``secretName``, or
the TLS secret of an Ingress that carries a ``cert-manager.io`` issuer annotation).
References that are external by design (``imagePullSecrets``, a backend in another
namespace) are warnings; ``optional: true`` references are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.workspace import (
    SCALABLE_KINDS,
    Rule,
    Workload,
    Workspace,
    as_dict,
    as_list,
    finding_at,
    selector_matches,
)

__all__ = ["REFERENCE_RULES", "backends", "config_references", "scale_targets", "selectors_select"]

_CNPG_SUFFIXES = ("-app", "-superuser", "-ca", "-server", "-replication")


def _key(workspace: Workspace, manifest: Manifest, name: Any) -> tuple[str, str]:
    return workspace.namespace(manifest), str(name)


def _pods_selected(
    workspace: Workspace, manifest: Manifest, selector: dict[str, Any], *, plain: bool
) -> bool:
    for w in workspace.workloads_in(workspace.namespace(manifest)):
        if plain and all(
            str(w.pod_labels.get(k)) == str(v) and k in w.pod_labels for k, v in selector.items()
        ):
            return True
        if not plain and selector_matches(selector, w.pod_labels):
            return True
    return False


def selectors_select(workspace: Workspace) -> list[Finding]:
    """A Service's, PodDisruptionBudget's or NetworkPolicy's selector selects some pod of the chart.

    An empty selector (every pod) and a Service without a selector (manual endpoints) pass.
    """
    findings = []
    for kind, path in (
        ("Service", "spec.selector"),
        ("PodDisruptionBudget", "spec.selector"),
        ("NetworkPolicy", "spec.podSelector"),
    ):
        for manifest in workspace.of_kind(kind):
            selector = as_dict(as_dict(manifest.data.get("spec")).get(path.split(".")[1]))
            plain = kind == "Service"
            empty = (
                not selector
                if plain
                else not (selector.get("matchLabels") or selector.get("matchExpressions"))
            )
            if empty or _pods_selected(workspace, manifest, selector, plain=plain):
                continue
            findings.append(
                finding_at(
                    manifest,
                    "ref-selector",
                    f"{path} selects no pod the chart renders in namespace {workspace.namespace(manifest)!r}",
                    path,
                )
            )
    return findings


def _service_ports(service: Manifest) -> tuple[set[Any], set[Any]]:
    ports = [as_dict(p) for p in as_list(as_dict(service.data.get("spec")).get("ports"))]
    return {p.get("name") for p in ports if p.get("name")}, {p.get("port") for p in ports}


def _ingress_backends(manifest: Manifest) -> Iterator[tuple[str, dict[str, Any]]]:
    spec = as_dict(manifest.data.get("spec"))
    if spec.get("defaultBackend") is not None:
        yield "spec.defaultBackend.service", as_dict(as_dict(spec["defaultBackend"]).get("service"))
    for r_index, rule in enumerate(as_list(spec.get("rules"))):
        for p_index, path in enumerate(as_list(as_dict(as_dict(rule).get("http")).get("paths"))):
            service = as_dict(as_dict(as_dict(path).get("backend")).get("service"))
            if service:
                yield f"spec.rules[{r_index}].http.paths[{p_index}].backend.service", service


def backends(workspace: Workspace) -> list[Finding]:
    """Ingress and HTTPRoute backends are Services of the chart, with the port they name."""
    services = {_key(workspace, m, m.resource.name): m for m in workspace.of_kind("Service")}
    findings = []
    for manifest in workspace.of_kind("Ingress"):
        for field, ref in _ingress_backends(manifest):
            service = services.get(_key(workspace, manifest, ref.get("name")))
            port = as_dict(ref.get("port"))
            findings += _backend_findings(
                manifest, field, ref.get("name"), service, port.get("name"), port.get("number")
            )
    for manifest in workspace.of_kind("HTTPRoute"):
        for r_index, rule in enumerate(as_list(as_dict(manifest.data.get("spec")).get("rules"))):
            for b_index, ref in enumerate(as_list(as_dict(rule).get("backendRefs"))):
                ref, field = as_dict(ref), f"spec.rules[{r_index}].backendRefs[{b_index}]"
                if ref.get("kind", "Service") != "Service" or ref.get("group", "") != "":
                    continue
                if ref.get("namespace") not in (None, workspace.namespace(manifest)):
                    findings.append(
                        finding_at(
                            manifest,
                            "ref-external",
                            f"backend Service {ref.get('name')!r} lives in namespace "
                            f"{ref['namespace']!r}; it needs a ReferenceGrant there",
                            field,
                        )
                    )
                    continue
                service = services.get(_key(workspace, manifest, ref.get("name")))
                findings += _backend_findings(
                    manifest, field, ref.get("name"), service, None, ref.get("port")
                )
    return findings


def _backend_findings(
    manifest: Manifest,
    field: str,
    name: Any,
    service: Manifest | None,
    port_name: Any,
    port_number: Any,
) -> list[Finding]:
    if service is None:
        return [
            finding_at(
                manifest,
                "ref-backend",
                f"backend Service {name!r} is not rendered by the chart",
                f"{field}.name",
            )
        ]
    names, numbers = _service_ports(service)
    if port_name and port_name not in names:
        return [
            finding_at(
                manifest,
                "ref-backend",
                f"Service {name!r} has no port named {port_name!r}",
                f"{field}.port",
            )
        ]
    typed = all(isinstance(number, int) for number in numbers)  # else the schema reports it
    if typed and port_number is not None and port_number not in numbers:
        return [
            finding_at(
                manifest,
                "ref-backend",
                f"Service {name!r} has no port {port_number}",
                f"{field}.port",
            )
        ]
    return []


def scale_targets(workspace: Workspace) -> list[Finding]:
    """An HPA's ``scaleTargetRef`` is a Deployment, StatefulSet or ReplicaSet the chart renders."""
    targets = {
        (workspace.namespace(w.manifest), w.kind, w.name)
        for w in workspace.workloads
        if w.kind in SCALABLE_KINDS
    }
    findings = []
    for manifest in workspace.of_kind("HorizontalPodAutoscaler"):
        ref = as_dict(as_dict(manifest.data.get("spec")).get("scaleTargetRef"))
        if (
            workspace.namespace(manifest),
            str(ref.get("kind")),
            str(ref.get("name")),
        ) not in targets:
            findings.append(
                finding_at(
                    manifest,
                    "ref-scale-target",
                    f"scaleTargetRef {ref.get('kind')}/{ref.get('name')} is not rendered by the chart",
                    "spec.scaleTargetRef",
                )
            )
    return findings


def _provided(
    workspace: Workspace,
) -> tuple[set[tuple[str, str]], set[tuple[str, str]], set[tuple[str, str]]]:
    """(ConfigMaps, Secrets, ServiceAccounts) that exist once the chart is synced."""
    configs = {_key(workspace, m, m.resource.name) for m in workspace.of_kind("ConfigMap")}
    secrets = {_key(workspace, m, m.resource.name) for m in workspace.of_kind("Secret")}
    for m in workspace.of_kind("ExternalSecret"):
        target = as_dict(as_dict(m.data.get("spec")).get("target"))
        secrets.add(_key(workspace, m, target.get("name") or m.resource.name))
    for m in workspace.of_kind("Cluster"):
        if m.resource.api_version.startswith("postgresql.cnpg.io/"):
            secrets |= {_key(workspace, m, m.resource.name + suffix) for suffix in _CNPG_SUFFIXES}
    for m in workspace.of_kind("Certificate"):
        secrets.add(_key(workspace, m, as_dict(m.data.get("spec")).get("secretName")))
    for m in workspace.of_kind("Ingress"):
        annotations = as_dict(as_dict(m.data.get("metadata")).get("annotations"))
        if any(str(key).startswith("cert-manager.io/") for key in annotations):
            for tls in as_list(as_dict(m.data.get("spec")).get("tls")):
                secrets.add(_key(workspace, m, as_dict(tls).get("secretName")))
    accounts = {_key(workspace, m, m.resource.name) for m in workspace.of_kind("ServiceAccount")}
    return configs, secrets, accounts


def _pod_references(w: Workload) -> Iterator[tuple[str, str, Any, bool]]:
    """(kind, field, name, optional) for every ConfigMap and Secret a pod spec names."""
    for c in w.containers():
        for index, item in enumerate(as_list(c.data.get("envFrom"))):
            item = as_dict(item)
            for kind, ref in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                if ref in item:
                    source = as_dict(item[ref])
                    yield (
                        kind,
                        f"{c.path}.envFrom[{index}].{ref}",
                        source.get("name"),
                        bool(source.get("optional")),
                    )
        for index, item in enumerate(as_list(c.data.get("env"))):
            source = as_dict(as_dict(item).get("valueFrom"))
            for kind, ref in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
                if ref in source:
                    ref_data = as_dict(source[ref])
                    yield (
                        kind,
                        f"{c.path}.env[{index}].valueFrom.{ref}",
                        ref_data.get("name"),
                        bool(ref_data.get("optional")),
                    )
    for index, volume in enumerate(as_list(w.pod_spec.get("volumes"))):
        volume, field = as_dict(volume), f"{w.pod_path}.volumes[{index}]"
        if "configMap" in volume:
            source = as_dict(volume["configMap"])
            yield (
                "ConfigMap",
                f"{field}.configMap",
                source.get("name"),
                bool(source.get("optional")),
            )
        if "secret" in volume:
            source = as_dict(volume["secret"])
            yield (
                "Secret",
                f"{field}.secret",
                source.get("secretName"),
                bool(source.get("optional")),
            )
        for s_index, projected in enumerate(
            as_list(as_dict(volume.get("projected")).get("sources"))
        ):
            for kind, key in (("ConfigMap", "configMap"), ("Secret", "secret")):
                if key in as_dict(projected):
                    source = as_dict(as_dict(projected)[key])
                    yield (
                        kind,
                        f"{field}.projected.sources[{s_index}].{key}",
                        source.get("name"),
                        bool(source.get("optional")),
                    )


def config_references(workspace: Workspace) -> list[Finding]:
    """Every ConfigMap, Secret and ServiceAccount a pod or an Ingress names will exist."""
    configs, secrets, accounts = _provided(workspace)
    findings = []
    for w in workspace.workloads:
        namespace = workspace.namespace(w.manifest)
        for kind, field, name, optional in _pod_references(w):
            known = configs if kind == "ConfigMap" else secrets
            if not optional and name and (namespace, str(name)) not in known:
                findings.append(
                    w.finding(
                        "ref-config",
                        f"{kind} {name!r} is not rendered by the chart nor created by an "
                        "ExternalSecret, operator or cert-manager",
                        field,
                    )
                )
        account = w.pod_spec.get("serviceAccountName") or w.pod_spec.get("serviceAccount")
        if account and account != "default" and (namespace, str(account)) not in accounts:
            findings.append(
                w.finding(
                    "ref-config",
                    f"ServiceAccount {account!r} is not rendered by the chart",
                    f"{w.pod_path}.serviceAccountName",
                )
            )
        for index, pull in enumerate(as_list(w.pod_spec.get("imagePullSecrets"))):
            name = as_dict(pull).get("name")
            if name and (namespace, str(name)) not in secrets:
                findings.append(
                    w.finding(
                        "ref-external",
                        f"image pull Secret {name!r} must exist in the namespace "
                        "before the sync (the chart does not create it)",
                        f"{w.pod_path}.imagePullSecrets[{index}]",
                    )
                )
    for manifest in workspace.of_kind("Ingress"):
        for index, tls in enumerate(as_list(as_dict(manifest.data.get("spec")).get("tls"))):
            name = as_dict(tls).get("secretName")
            if name and _key(workspace, manifest, name) not in secrets:
                findings.append(
                    finding_at(
                        manifest,
                        "ref-config",
                        f"TLS Secret {name!r} is not rendered by the chart "
                        "nor issued by cert-manager",
                        f"spec.tls[{index}].secretName",
                    )
                )
    return findings


REFERENCE_RULES: dict[str, Rule] = {
    "ref-selector": selectors_select,
    "ref-backend": backends,
    "ref-scale-target": scale_targets,
    "ref-config": config_references,
}
