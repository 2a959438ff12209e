"""HorizontalPodAutoscalers, PodDisruptionBudgets and NetworkPolicies.

Mirrors ``pkg/apis/autoscaling/validation/validation.go`` (``validateHorizontalPodAutoscalerSpec``,
``ValidateCrossVersionObjectReference``, ``validateMetrics``),
``pkg/apis/policy/validation/validation.go`` (``ValidatePodDisruptionBudgetSpec``) and
``pkg/apis/networking/validation/validation.go`` (``ValidateNetworkPolicySpec``,
``ValidateNetworkPolicyPort``, ``ValidateNetworkPolicyPeer``, ``ValidateIPBlock``).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from herokube.validate.apiserver.base import report, spec_of
from herokube.validate.apiserver.checks import int_or_percent, is_port_name, is_port_number
from herokube.validate.documents import Manifest
from herokube.validate.findings import Finding
from herokube.validate.workspace import Rule, Workspace, as_dict, as_list

__all__ = ["POLICY_RULES", "hpa", "network_policy", "pdb"]


def hpa(workspace: Workspace) -> list[Finding]:
    """``minReplicas`` at least 1 and at most ``maxReplicas``; a complete ``scaleTargetRef``.

    Mirrors ``validateHorizontalPodAutoscalerSpec`` (HPAScaleToZero is alpha, off by default)
    and ``validateMetrics`` (``averageUtilization`` above 0).
    """
    findings: list[Finding] = []
    for manifest in workspace.of_kind("HorizontalPodAutoscaler"):
        spec = spec_of(manifest)
        low, high = spec.get("minReplicas"), spec.get("maxReplicas")
        if isinstance(low, int) and low < 1:
            findings += report(
                manifest, "api-hpa", "spec.minReplicas", low, ["must be greater than or equal to 1"]
            )
        if isinstance(high, int) and high < 1:
            findings += report(
                manifest,
                "api-hpa",
                "spec.maxReplicas",
                high,
                ["must be greater than or equal to 1"],
            )
        if isinstance(low, int) and isinstance(high, int) and high < low:
            findings += report(
                manifest,
                "api-hpa",
                "spec.maxReplicas",
                high,
                ["must be greater than or equal to `minReplicas`"],
            )
        target = as_dict(spec.get("scaleTargetRef"))
        for part in ("kind", "name"):
            if not target.get(part):
                findings += report(
                    manifest, "api-hpa", f"spec.scaleTargetRef.{part}", None, ["Required value"]
                )
        for index, metric in enumerate(as_list(spec.get("metrics"))):
            source = as_dict(as_dict(metric).get("resource")) or as_dict(
                as_dict(metric).get("containerResource")
            )
            utilization = as_dict(source.get("target")).get("averageUtilization")
            if isinstance(utilization, int) and utilization <= 0:
                findings += report(
                    manifest,
                    "api-hpa",
                    f"spec.metrics[{index}].resource.target.averageUtilization",
                    utilization,
                    ["must be greater than 0"],
                )
    return findings


def pdb(workspace: Workspace) -> list[Finding]:
    """``minAvailable`` xor ``maxUnavailable``, each a non-negative int or a percentage up to 100%.

    Mirrors ``ValidatePodDisruptionBudgetSpec`` ("minAvailable and maxUnavailable cannot be
    both set") with ``ValidatePositiveIntOrPercent`` and ``IsNotMoreThan100Percent``.
    """
    findings: list[Finding] = []
    for manifest in workspace.of_kind("PodDisruptionBudget"):
        spec = spec_of(manifest)
        if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
            findings += report(
                manifest,
                "api-pdb",
                "spec",
                None,
                ["minAvailable and maxUnavailable cannot be both set"],
            )
        for name in ("minAvailable", "maxUnavailable"):
            if spec.get(name) is not None:
                findings += report(
                    manifest, "api-pdb", f"spec.{name}", spec[name], int_or_percent(spec[name])[2]
                )
        policy = spec.get("unhealthyPodEvictionPolicy")
        if policy is not None and policy not in ("IfHealthyBudget", "AlwaysAllow"):
            findings += report(
                manifest,
                "api-pdb",
                "spec.unhealthyPodEvictionPolicy",
                policy,
                ['Unsupported value: supported values: "AlwaysAllow", "IfHealthyBudget"'],
            )
    return findings


def _port_errors(port: dict[str, Any], field: str) -> list[tuple[str, Any, str]]:
    errors: list[tuple[str, Any, str]] = []
    protocol = port.get("protocol")
    if protocol is not None and protocol not in ("TCP", "UDP", "SCTP"):
        errors.append(
            (
                f"{field}.protocol",
                protocol,
                'Unsupported value: supported values: "SCTP", "TCP", "UDP"',
            )
        )
    number, end = port.get("port"), port.get("endPort")
    if isinstance(number, str):
        errors += [(f"{field}.port", number, m) for m in is_port_name(number)]
        if end is not None:
            errors.append(
                (f"{field}.endPort", end, "may not be specified when `port` is non-numeric")
            )
    elif number is not None:
        errors += [(f"{field}.port", number, m) for m in is_port_number(number)]
        if isinstance(end, int) and isinstance(number, int) and end < number:
            errors.append((f"{field}.endPort", end, "must be greater than or equal to `port`"))
    elif end is not None:
        errors.append(
            (f"{field}.endPort", end, "may not be specified when `port` is not specified")
        )
    return errors


def _within(
    inner: ipaddress.IPv4Network | ipaddress.IPv6Network,
    outer: ipaddress.IPv4Network | ipaddress.IPv6Network,
) -> bool:
    if isinstance(inner, ipaddress.IPv4Network) and isinstance(outer, ipaddress.IPv4Network):
        return inner.subnet_of(outer)
    if isinstance(inner, ipaddress.IPv6Network) and isinstance(outer, ipaddress.IPv6Network):
        return inner.subnet_of(outer)
    return False


def _peer_errors(peer: dict[str, Any], field: str) -> list[tuple[str, Any, str]]:
    block = peer.get("ipBlock")
    if block is None:
        if peer.get("podSelector") is None and peer.get("namespaceSelector") is None:
            return [(field, None, "must specify a peer")]
        return []
    if peer.get("podSelector") is not None or peer.get("namespaceSelector") is not None:
        return [(field, None, "may not specify both ipBlock and another peer")]
    block = as_dict(block)
    try:
        network = ipaddress.ip_network(str(block.get("cidr")), strict=False)
    except ValueError:
        return [
            (f"{field}.ipBlock.cidr", block.get("cidr"), "must be a valid CIDR (e.g. 10.0.0.0/16)")
        ]
    errors: list[tuple[str, Any, str]] = []
    for index, item in enumerate(as_list(block.get("except"))):
        try:
            excluded = ipaddress.ip_network(str(item), strict=False)
        except ValueError:
            errors.append((f"{field}.ipBlock.except[{index}]", item, "must be a valid CIDR"))
            continue
        if str(excluded) == str(network) or not _within(excluded, network):
            errors.append(
                (f"{field}.ipBlock.except[{index}]", item, "must be a strict subset of `cidr`")
            )
    return errors


def network_policy(workspace: Workspace) -> list[Finding]:
    """Ports, peers and ``policyTypes`` of a NetworkPolicy (``ValidateNetworkPolicySpec``)."""
    findings: list[Finding] = []
    for manifest in workspace.of_kind("NetworkPolicy"):
        findings += _network_policy(manifest, spec_of(manifest))
    return findings


def _network_policy(manifest: Manifest, spec: dict[str, Any]) -> list[Finding]:
    errors: list[tuple[str, Any, str]] = []
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for index, rule in enumerate(as_list(spec.get(direction))):
            rule, field = as_dict(rule), f"spec.{direction}[{index}]"
            for p_index, port in enumerate(as_list(rule.get("ports"))):
                errors += _port_errors(as_dict(port), f"{field}.ports[{p_index}]")
            for p_index, peer in enumerate(as_list(rule.get(peers))):
                errors += _peer_errors(as_dict(peer), f"{field}.{peers}[{p_index}]")
    types = as_list(spec.get("policyTypes"))
    for index, kind in enumerate(types):
        if kind not in ("Ingress", "Egress"):
            errors.append(
                (
                    f"spec.policyTypes[{index}]",
                    kind,
                    'Unsupported value: supported values: "Egress", "Ingress"',
                )
            )
    if len(types) > 2:
        errors.append(("spec.policyTypes", None, "may not specify more than two policyTypes"))
    findings: list[Finding] = []
    for field, value, message in errors:
        findings += report(manifest, "api-network-policy", field, value, [message])
    return findings


POLICY_RULES: dict[str, Rule] = {
    "api-hpa": hpa,
    "api-pdb": pdb,
    "api-network-policy": network_policy,
}
