"""Services, Ingresses and HTTPRoutes as the API server (or the Gateway API CRD) checks them.

Mirrors ``ValidateService`` / ``validateServicePort`` in ``pkg/apis/core/validation``,
``ValidateIngressSpec`` / ``validateIngressRules`` / ``validateIngressBackend`` /
``validateIngressTypedPath`` in ``pkg/apis/networking/validation/validation.go``, and the
``Hostname`` pattern of Gateway API's ``HTTPRoute`` CRD.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from herokube.validate.apiserver.base import report, spec_of
from herokube.validate.apiserver.checks import (
    is_dns1035_label,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_port_name,
    is_port_number,
    is_wildcard_dns1123_subdomain,
)
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.workspace import Rule, Workspace, as_dict, as_list

__all__ = ["SERVICE_RULES", "hostnames", "ingress", "service", "target_port_errors"]

_SERVICE_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")
_PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")
_BAD_PATH_PARTS = ("//", "/./", "/../", "%2f", "%2F")


def target_port_errors(value: Any) -> list[str]:
    """A port given as a number (1-65535) or an IANA service name."""
    return is_port_name(value) if isinstance(value, str) else is_port_number(value)


def service(workspace: Workspace) -> list[Finding]:
    """Service ports named when there are several, names and port/protocol pairs unique.

    Mirrors ``ValidateService`` and ``validateServicePort``: port and targetPort valid,
    ``nodePort`` only for NodePort and LoadBalancer, ``externalName`` required for ExternalName.
    """
    findings: list[Finding] = []
    for manifest in workspace.of_kind("Service"):
        spec = spec_of(manifest)
        kind = spec.get("type", "ClusterIP")
        if kind not in _SERVICE_TYPES:
            findings += report(
                manifest,
                "api-service",
                "spec.type",
                kind,
                [
                    'Unsupported value: supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'
                ],
            )
        if kind == "ExternalName":
            name = spec.get("externalName")
            messages = is_dns1123_subdomain(str(name).rstrip(".")) if name else ["Required value"]
            findings += report(manifest, "api-service", "spec.externalName", name, messages)
        findings += _service_ports(manifest, as_list(spec.get("ports")), kind)
    return findings


def _service_ports(manifest: Manifest, ports: list[Any], kind: Any) -> list[Finding]:
    findings: list[Finding] = []
    names: set[str] = set()
    pairs: set[tuple[Any, Any]] = set()
    for index, raw in enumerate(ports):
        port, field = as_dict(raw), f"spec.ports[{index}]"
        name = port.get("name")
        if len(ports) > 1 and not name:
            findings += report(manifest, "api-service", f"{field}.name", None, ["Required value"])
        if isinstance(name, str) and name:
            findings += report(
                manifest, "api-service", f"{field}.name", name, is_dns1123_label(name)
            )
            if name in names:
                findings += report(
                    manifest, "api-service", f"{field}.name", name, ["Duplicate value"]
                )
            names.add(name)
        if isinstance(port.get("port"), int):  # another type is the schema's finding
            number = port["port"]
            findings += report(
                manifest, "api-service", f"{field}.port", number, is_port_number(number)
            )
        if "targetPort" in port:
            target = port["targetPort"]
            findings += report(
                manifest, "api-service", f"{field}.targetPort", target, target_port_errors(target)
            )
        pair = (port.get("port"), port.get("protocol", "TCP"))
        if pair in pairs:
            findings += report(manifest, "api-service", field, pair[0], ["Duplicate value"])
        pairs.add(pair)
        if port.get("nodePort") and kind not in ("NodePort", "LoadBalancer"):
            findings += report(
                manifest,
                "api-service",
                f"{field}.nodePort",
                port["nodePort"],
                ["Forbidden: may not be used when `type` is 'ClusterIP'"],
            )
    return findings


def _host_errors(host: str, *, wildcard: bool, no_ip: bool) -> list[str]:
    errors = []
    if no_ip:
        try:
            ipaddress.ip_address(host)
            errors.append("must be a DNS name, not an IP address")
        except ValueError:
            pass
    if wildcard and "*" in host:
        return errors + is_wildcard_dns1123_subdomain(host)
    return errors + is_dns1123_subdomain(host)


def hostnames(workspace: Workspace) -> list[Finding]:
    """Ingress rule and TLS hosts and HTTPRoute hostnames: lower-case DNS names, ``*.`` allowed.

    Mirrors ``validateIngressRules`` (no IP, ``IsWildcardDNS1123Subdomain`` when it holds
    ``*``), ``validateIngressTLS`` and the Gateway API ``Hostname`` type.
    """
    findings: list[Finding] = []
    for manifest in workspace.of_kind("Ingress"):
        spec = spec_of(manifest)
        for index, rule in enumerate(as_list(spec.get("rules"))):
            host = as_dict(rule).get("host")
            if isinstance(host, str) and host:
                messages = _host_errors(host, wildcard=True, no_ip=True)
                findings += report(
                    manifest, "api-hostname", f"spec.rules[{index}].host", host, messages
                )
        for index, tls in enumerate(as_list(spec.get("tls"))):
            for h_index, host in enumerate(as_list(as_dict(tls).get("hosts"))):
                messages = _host_errors(str(host), wildcard=True, no_ip=False)
                findings += report(
                    manifest, "api-hostname", f"spec.tls[{index}].hosts[{h_index}]", host, messages
                )
    for manifest in workspace.of_kind("HTTPRoute"):
        for index, host in enumerate(as_list(spec_of(manifest).get("hostnames"))):
            messages = _host_errors(str(host), wildcard=True, no_ip=False)
            findings += report(manifest, "api-hostname", f"spec.hostnames[{index}]", host, messages)
    return findings


def _backend_errors(backend: dict[str, Any], path: str) -> list[tuple[str, Any, str]]:
    """(field, value, message) for one Ingress backend (``validateIngressBackend``)."""
    has_service, has_resource = (
        backend.get("service") is not None,
        backend.get("resource") is not None,
    )
    if has_service and has_resource:
        return [(path, None, "cannot set both resource and service backends")]
    if not has_service:
        return (
            []
            if has_resource
            else [(path, None, "one backend (service or resource) must be specified")]
        )
    service_ref = as_dict(backend.get("service"))
    name = str(service_ref.get("name") or "")
    errors: list[tuple[str, Any, str]] = [
        (f"{path}.service.name", name, m) for m in is_dns1035_label(name)
    ]
    port = as_dict(service_ref.get("port"))
    has_name, has_number = bool(port.get("name")), port.get("number") is not None
    if has_name and has_number:
        errors.append((f"{path}.service.port", None, "cannot set both port name & port number"))
    elif has_name:
        errors += [
            (f"{path}.service.port.name", port["name"], m) for m in is_port_name(str(port["name"]))
        ]
    elif has_number:
        errors += [
            (f"{path}.service.port.number", port["number"], m)
            for m in is_port_number(port["number"])
        ]
    else:
        errors.append((f"{path}.service.port", None, "port name or number is required"))
    return errors


def _path_errors(path_spec: dict[str, Any], field: str) -> list[tuple[str, Any, str]]:
    """(field, value, message) for one HTTP path (``validateHTTPIngressPath``, ``validateIngressTypedPath``)."""
    kind, path = path_spec.get("pathType"), path_spec.get("path")
    if kind is None:
        return [(f"{field}.pathType", None, "Required value: pathType must be specified")]
    if kind not in _PATH_TYPES:
        return [
            (
                f"{field}.pathType",
                kind,
                'Unsupported value: supported values: "Exact", "ImplementationSpecific", "Prefix"',
            )
        ]
    if path and not str(path).startswith("/") or (kind != "ImplementationSpecific" and not path):
        return [(f"{field}.path", path, "must be an absolute path")]
    if kind != "ImplementationSpecific":
        text = str(path)
        if any(part in text for part in _BAD_PATH_PARTS) or text.endswith(("/..", "/.")):
            return [
                (
                    f"{field}.path",
                    path,
                    "must not contain '//', '/./', '/../', '%2f' or end with '/.' or '/..'",
                )
            ]
    return []


def ingress(workspace: Workspace) -> list[Finding]:
    """An Ingress has rules or a default backend; paths typed and absolute; backends complete.

    Mirrors ``ValidateIngressSpec``, ``validateHTTPIngressRuleValue`` and ``validateIngressBackend``.
    """
    findings: list[Finding] = []
    for manifest in workspace.of_kind("Ingress"):
        spec = spec_of(manifest)
        errors: list[tuple[str, Any, str]] = []
        if not as_list(spec.get("rules")) and spec.get("defaultBackend") is None:
            errors.append(("spec", None, "either `defaultBackend` or `rules` must be specified"))
        if spec.get("defaultBackend") is not None:
            errors += _backend_errors(as_dict(spec["defaultBackend"]), "spec.defaultBackend")
        for r_index, rule in enumerate(as_list(spec.get("rules"))):
            paths = as_list(as_dict(as_dict(rule).get("http")).get("paths"))
            for p_index, raw in enumerate(paths):
                field = f"spec.rules[{r_index}].http.paths[{p_index}]"
                errors += _path_errors(as_dict(raw), field)
                errors += _backend_errors(as_dict(as_dict(raw).get("backend")), f"{field}.backend")
        class_name = spec.get("ingressClassName")
        if isinstance(class_name, str):
            errors += [
                ("spec.ingressClassName", class_name, m) for m in is_dns1123_subdomain(class_name)
            ]
        for field, value, message in errors:
            findings += report(manifest, "api-ingress", field, value, [message])
    return findings


SERVICE_RULES: dict[str, Rule] = {
    "api-service": service,
    "api-ingress": ingress,
    "api-hostname": hostnames,
}
