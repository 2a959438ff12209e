"""Pod templates as ``ValidatePodSpec`` checks them, in every pod-bearing kind.

Mirrors ``pkg/apis/core/validation/validation.go``: ``validateContainers`` (names),
``validateContainerPorts``, ``ValidateEnv``, ``ValidateResourceRequirements``,
``validateProbe`` / ``validateHandler``, ``ValidateVolumes`` / ``ValidateVolumeMounts``,
and the restart policy each kind demands (``ValidatePodTemplateSpecForReplicaSet`` in
``pkg/apis/apps/validation``; ``validateJobSpec`` in ``pkg/apis/batch/validation``).
"""

from __future__ import annotations

from typing import Any

from herokube.validate.apiserver.base import at_least, report
from herokube.validate.apiserver.checks import (
    is_config_map_key,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_env_var_name,
    is_port_name,
    is_port_number,
    parse_quantity,
)
from herokube.validate.findings import Finding
from herokube.validate.workspace import (
    APPS_KINDS,
    Container,
    Rule,
    Workload,
    Workspace,
    as_dict,
    as_list,
)

__all__ = [
    "POD_RULES",
    "containers",
    "env",
    "ports",
    "probes",
    "resources",
    "restart_policy",
]

_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
_LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
_ENV_SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef")
_PROTOCOLS = ("TCP", "UDP", "SCTP")
_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
_JOB_KINDS = ("Job", "CronJob")
_RESTART_POLICIES = ("Always", "OnFailure", "Never")


def _is_sidecar(container: Container) -> bool:
    return (
        container.list_name == "initContainers" and container.data.get("restartPolicy") == "Always"
    )


def containers(workspace: Workspace) -> list[Finding]:
    """At least one container; container and volume names DNS-1123 labels, unique; mounts resolve.

    Mirrors ``validateContainers`` / ``validateInitContainers`` (names, ``imagePullPolicy``),
    ``ValidateVolumes`` and ``ValidateVolumeMounts`` ("not found", duplicate ``mountPath``).
    """
    findings: list[Finding] = []
    for w in workspace.workloads:
        m, pod = w.manifest, w.pod_spec
        if not as_list(pod.get("containers")):
            findings += report(
                m, "api-container", f"{w.pod_path}.containers", None, ["Required value"]
            )
        volumes: set[str] = set()
        for index, volume in enumerate(as_list(pod.get("volumes"))):
            name = str(as_dict(volume).get("name") or "")
            field = f"{w.pod_path}.volumes[{index}].name"
            findings += report(m, "api-container", field, name, is_dns1123_label(name))
            if name in volumes:
                findings += report(m, "api-container", field, name, ["Duplicate value"])
            volumes.add(name)
        # A StatefulSet's pods also get a volume per claim template (the controller adds them;
        # the API server's validation of the StatefulSet knows them as volumes too).
        if w.kind == "StatefulSet":
            spec = as_dict(m.data.get("spec"))
            for claim in as_list(spec.get("volumeClaimTemplates")):
                volumes.add(str(as_dict(as_dict(claim).get("metadata")).get("name") or ""))
        seen: set[str] = set()
        for c in w.containers():
            field = f"{c.path}.name"
            findings += report(m, "api-container", field, c.name, is_dns1123_label(c.name))
            if c.name in seen:
                findings += report(m, "api-container", field, c.name, ["Duplicate value"])
            seen.add(c.name)
            policy = c.data.get("imagePullPolicy")
            if policy is not None and policy not in _PULL_POLICIES:
                findings += report(
                    m,
                    "api-container",
                    f"{c.path}.imagePullPolicy",
                    policy,
                    [f"Unsupported value: supported values: {', '.join(_PULL_POLICIES)}"],
                )
            findings += _mounts(w, c, volumes)
        account = pod.get("serviceAccountName")
        if isinstance(account, str) and account:
            field = f"{w.pod_path}.serviceAccountName"
            findings += report(m, "api-container", field, account, is_dns1123_subdomain(account))
    return findings


def _mounts(w: Workload, c: Container, volumes: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    paths: set[str] = set()
    for index, mount in enumerate(as_list(c.data.get("volumeMounts"))):
        mount = as_dict(mount)
        name, path = str(mount.get("name") or ""), str(mount.get("mountPath") or "")
        field = f"{c.path}.volumeMounts[{index}]"
        if name not in volumes:
            findings += report(w.manifest, "api-container", f"{field}.name", name, ["Not found"])
        if path in paths:
            findings += report(
                w.manifest, "api-container", f"{field}.mountPath", path, ["must be unique"]
            )
        paths.add(path)
    return findings


def ports(workspace: Workspace) -> list[Finding]:
    """Container ports: numbers 1-65535, IANA service names of at most 15, unique per container.

    Mirrors ``validateContainerPorts`` (``IsValidPortNum``, ``IsValidPortName``, "Duplicate value").
    """
    findings: list[Finding] = []
    for w in workspace.workloads:
        for c in w.containers():
            names: set[str] = set()
            for index, port in enumerate(as_list(c.data.get("ports"))):
                port = as_dict(port)
                field = f"{c.path}.ports[{index}]"
                if isinstance(port.get("containerPort"), int):  # else the schema reports it
                    number = port["containerPort"]
                    findings += report(
                        w.manifest,
                        "api-ports",
                        f"{field}.containerPort",
                        number,
                        is_port_number(number),
                    )
                name = port.get("name")
                if isinstance(name, str):
                    findings += report(
                        w.manifest, "api-ports", f"{field}.name", name, is_port_name(name)
                    )
                    if name in names:
                        findings += report(
                            w.manifest, "api-ports", f"{field}.name", name, ["Duplicate value"]
                        )
                    names.add(name)
                protocol = port.get("protocol")
                if protocol is not None and protocol not in _PROTOCOLS:
                    findings += report(
                        w.manifest,
                        "api-ports",
                        f"{field}.protocol",
                        protocol,
                        ['Unsupported value: supported values: "SCTP", "TCP", "UDP"'],
                    )
    return findings


def env(workspace: Workspace) -> list[Finding]:
    """Env var names valid for the Kubernetes version; ``value`` xor one ``valueFrom`` source.

    Mirrors ``ValidateEnv`` / ``validateEnvVarValueFrom``: ``IsEnvVarName`` up to 1.31,
    ``IsRelaxedEnvVarName`` (printable ASCII but '=') from 1.32, where the
    RelaxedEnvironmentVariableValidation gate is on by default.
    """
    relaxed = at_least(workspace.kubernetes_version, (1, 32))
    findings: list[Finding] = []
    for w in workspace.workloads:
        for c in w.containers():
            for index, item in enumerate(as_list(c.data.get("env"))):
                item = as_dict(item)
                field = f"{c.path}.env[{index}]"
                name = str(item.get("name") or "")
                findings += report(
                    w.manifest,
                    "api-env",
                    f"{field}.name",
                    name,
                    is_env_var_name(name, relaxed=relaxed),
                )
                findings += _value_from(w, field, item)
    return findings


def _value_from(w: Workload, field: str, item: dict[str, Any]) -> list[Finding]:
    if "valueFrom" not in item:
        return []
    source = as_dict(item.get("valueFrom"))
    given = [s for s in _ENV_SOURCES if s in source]
    messages = []
    if item.get("value"):
        messages.append("may not be specified when `value` is not empty")
    if len(given) != 1:
        messages.append(
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
            if not given
            else "may not have more than one field specified at a time"
        )
    findings = report(w.manifest, "api-env", f"{field}.valueFrom", None, messages)
    for ref in ("configMapKeyRef", "secretKeyRef"):
        key = as_dict(source.get(ref)).get("key")
        if isinstance(key, str):
            findings += report(
                w.manifest, "api-env", f"{field}.valueFrom.{ref}.key", key, is_config_map_key(key)
            )
    return findings


def resources(workspace: Workspace) -> list[Finding]:
    """Quantities parse, are not negative, and every request is at most its limit.

    Mirrors ``ValidateResourceRequirements`` / ``ValidateResourceQuantityValue`` ("must be
    less than or equal to cpu limit of 500m").
    """
    findings: list[Finding] = []
    for w in workspace.workloads:
        for c in w.containers():
            spec = as_dict(c.data.get("resources"))
            parsed: dict[str, dict[str, Any]] = {}
            for part in ("limits", "requests"):
                for resource, raw in as_dict(spec.get(part)).items():
                    field = f"{c.path}.resources.{part}.{resource}"
                    value = parse_quantity(raw)
                    if value is None:
                        findings += report(
                            w.manifest,
                            "api-resources",
                            field,
                            raw,
                            [
                                "quantities must match the regular expression "
                                "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
                            ],
                        )
                    elif value < 0:
                        findings += report(
                            w.manifest,
                            "api-resources",
                            field,
                            raw,
                            ["must be greater than or equal to 0"],
                        )
                    else:
                        parsed.setdefault(part, {})[resource] = (value, raw)
            for resource, (request, raw) in parsed.get("requests", {}).items():
                limit = parsed.get("limits", {}).get(resource)
                if limit is not None and request > limit[0]:
                    findings += report(
                        w.manifest,
                        "api-resources",
                        f"{c.path}.resources.requests.{resource}",
                        raw,
                        [f"must be less than or equal to {resource} limit of {limit[1]}"],
                    )
    return findings


def _handler_errors(handler: dict[str, Any], kinds: tuple[str, ...]) -> list[tuple[str, str, Any]]:
    """(field suffix, message, value) for one probe or lifecycle handler (``validateHandler``)."""
    given = [k for k in kinds if handler.get(k) is not None]
    if not given:
        return [("", "must specify a handler type", None)]
    if len(given) > 1:
        return [(f".{given[1]}", "may not specify more than 1 handler type", None)]
    errors: list[tuple[str, str, Any]] = []
    action = as_dict(handler.get(given[0]))
    if given[0] in ("httpGet", "tcpSocket", "grpc"):
        port = action.get("port")
        if isinstance(port, str) and given[0] != "grpc":
            errors += [(f".{given[0]}.port", msg, port) for msg in is_port_name(port)]
        else:
            errors += [(f".{given[0]}.port", msg, port) for msg in is_port_number(port)]
    return errors


def probes(workspace: Workspace) -> list[Finding]:
    """Probes and lifecycle hooks name exactly one handler; probe numbers are sane.

    Mirrors ``validateProbe``, ``validateHandler``, ``validateLifecycle`` and the
    ``validateContainers`` rules: liveness and startup ``successThreshold`` must be 1,
    readiness probes may not set ``terminationGracePeriodSeconds``, init containers
    (other than sidecars) may not have probes.
    """
    findings: list[Finding] = []
    for w in workspace.workloads:
        for c in w.containers():
            for probe_name in ("livenessProbe", "readinessProbe", "startupProbe"):
                probe = c.data.get(probe_name)
                if probe is None:
                    continue
                probe, field = as_dict(probe), f"{c.path}.{probe_name}"
                if c.list_name != "containers" and not _is_sidecar(c):
                    findings += report(
                        w.manifest,
                        "api-probe",
                        field,
                        None,
                        ["Forbidden: may not be set for init containers"],
                    )
                for suffix, message, value in _handler_errors(probe, _HANDLERS):
                    findings += report(w.manifest, "api-probe", field + suffix, value, [message])
                for number in (
                    "initialDelaySeconds",
                    "timeoutSeconds",
                    "periodSeconds",
                    "successThreshold",
                    "failureThreshold",
                ):
                    value = probe.get(number)
                    if isinstance(value, int) and value < 0:
                        findings += report(
                            w.manifest,
                            "api-probe",
                            f"{field}.{number}",
                            value,
                            ["must be greater than or equal to 0"],
                        )
                threshold = probe.get("successThreshold")
                if probe_name != "readinessProbe" and isinstance(threshold, int) and threshold > 1:
                    findings += report(
                        w.manifest,
                        "api-probe",
                        f"{field}.successThreshold",
                        threshold,
                        ["must be 1"],
                    )
                if probe_name == "readinessProbe" and "terminationGracePeriodSeconds" in probe:
                    findings += report(
                        w.manifest,
                        "api-probe",
                        f"{field}.terminationGracePeriodSeconds",
                        None,
                        ["Invalid value: must not be set for readinessProbes"],
                    )
            for hook in ("postStart", "preStop"):
                handler = as_dict(c.data.get("lifecycle")).get(hook)
                if handler is not None:
                    field = f"{c.path}.lifecycle.{hook}"
                    for suffix, message, value in _handler_errors(
                        as_dict(handler), _LIFECYCLE_HANDLERS
                    ):
                        findings += report(
                            w.manifest, "api-probe", field + suffix, value, [message]
                        )
    return findings


def restart_policy(workspace: Workspace) -> list[Finding]:
    """Deployment, StatefulSet, DaemonSet, ReplicaSet: ``Always``; Job, CronJob: ``OnFailure`` or ``Never``.

    Mirrors ``ValidatePodTemplateSpecForReplicaSet`` / ``ValidatePodTemplateSpecForStatefulSet``
    (apps) and ``validateJobSpec`` (batch: the default ``Always`` is refused, so a Job must
    set one); a Pod takes any of the three.
    """
    findings: list[Finding] = []
    for w in workspace.workloads:
        policy = w.pod_spec.get("restartPolicy")
        field = f"{w.pod_path}.restartPolicy"
        if w.kind in APPS_KINDS and policy not in (None, "Always"):
            findings += report(
                w.manifest,
                "api-restart-policy",
                field,
                policy,
                ['Unsupported value: supported values: "Always"'],
            )
        elif w.kind in _JOB_KINDS and policy not in ("OnFailure", "Never"):
            message = "Unsupported value" if policy is not None else "Required value"
            findings += report(
                w.manifest,
                "api-restart-policy",
                field,
                policy,
                [f'{message}: supported values: "OnFailure", "Never"'],
            )
        elif w.kind == "Pod" and policy is not None and policy not in _RESTART_POLICIES:
            findings += report(
                w.manifest,
                "api-restart-policy",
                field,
                policy,
                ['Unsupported value: supported values: "Always", "OnFailure", "Never"'],
            )
    return findings


POD_RULES: dict[str, Rule] = {
    "api-container": containers,
    "api-ports": ports,
    "api-env": env,
    "api-resources": resources,
    "api-probe": probes,
    "api-restart-policy": restart_policy,
}
