"""Every rule id ``herokube validate`` can report, with its severity and what it checks.

Rule ids are a public interface: ``.herokube.yaml`` switches them off by id, CI filters on
them, and ``docs/validate.md`` lists them. Add ids; never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass

from herokube.validate.findings import Finding, Resource, Severity

__all__ = ["RULES", "RuleInfo", "is_known_rule", "rule_finding"]


@dataclass(frozen=True)
class RuleInfo:
    """What a rule id means."""

    id: str
    severity: Severity
    summary: str
    mirrors: str = ""  # the Kubernetes (or Helm) function the rule mirrors, where there is one


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, RuleInfo] = {
    info.id: info
    for info in (
        RuleInfo("yaml-syntax", _E, "a YAML file or rendered template does not parse"),
        RuleInfo("yaml-duplicate-key", _E, "a mapping gives the same key twice"),
        RuleInfo("values-schema", _E, "merged values break chart/values.schema.json"),
        RuleInfo("helm-render", _E, "Helm cannot render the chart with these values"),
        RuleInfo("helm-lint", _E, "helm lint --strict reports an error or a warning"),
        RuleInfo("k8s-schema", _E, "a built-in object breaks the Kubernetes JSON schema"),
        RuleInfo("crd-schema", _E, "a custom resource breaks its CRD schema"),
        RuleInfo("schema-missing", _E, "no schema is known for a kind and apiVersion"),
        RuleInfo("removed-api", _E, "the apiVersion is no longer served by this Kubernetes"),
        RuleInfo("deprecated-api", _W, "the apiVersion is deprecated and will be removed"),
        RuleInfo("psa-privileged", _E, "a container runs privileged"),
        RuleInfo("psa-host-namespaces", _E, "hostNetwork, hostPID or hostIPC is set"),
        RuleInfo("psa-host-path", _E, "a hostPath volume is mounted"),
        RuleInfo("psa-host-ports", _E, "a container port sets hostPort"),
        RuleInfo("psa-volume-types", _E, "a volume type the restricted profile forbids"),
        RuleInfo("psa-privilege-escalation", _E, "allowPrivilegeEscalation is not false"),
        RuleInfo("psa-run-as-non-root", _E, "runAsNonRoot is not true, or runAsUser is 0"),
        RuleInfo(
            "psa-capabilities",
            _E,
            "capabilities do not drop ALL, or add more than NET_BIND_SERVICE",
        ),
        RuleInfo("psa-seccomp", _E, "no RuntimeDefault or Localhost seccomp profile"),
        RuleInfo("image-tag", _E, "an image is untagged or tagged :latest"),
        RuleInfo("selector-match", _E, "a workload's selector does not match its pod labels"),
        RuleInfo("resources", _W, "a container lacks cpu/memory requests or a memory limit"),
        RuleInfo("probes", _W, "a served container has no readiness or startup probe"),
        RuleInfo("pdb", _W, "a served workload has no PodDisruptionBudget"),
        RuleInfo("network-policy", _W, "a served workload has no NetworkPolicy"),
        RuleInfo("service-account-token", _W, "the service account token is mounted"),
        RuleInfo("hpa-replicas", _W, "replicas is set on a workload an HPA scales"),
        RuleInfo("dockerfile-base-image", _E, "a FROM image is untagged or :latest"),
        RuleInfo("hadolint", _E, "hadolint findings, as hadolint/DLxxxx (level decides severity)"),
        RuleInfo("workflow-schema", _E, "a GitHub Actions workflow breaks the workflow schema"),
    )
}


def is_known_rule(rule_id: str) -> bool:
    """True for a rule id, or for ``hadolint/<code>`` (one hadolint check)."""
    if rule_id in RULES:
        return True
    prefix, _, code = rule_id.partition("/")
    return prefix == "hadolint" and bool(code)


def rule_finding(
    resource: Resource, rule: str, message: str, *, field: str = "", line: int | None = None
) -> Finding:
    """A finding of ``rule`` about ``resource``, at the severity this catalog gives the rule."""
    return Finding.about(resource, rule, RULES[rule].severity, message, field=field, line=line)
