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

_CORE = "pkg/apis/core/validation/validation.go"
_APPS = "pkg/apis/apps/validation/validation.go"
_BATCH = "pkg/apis/batch/validation/validation.go"
_NET = "pkg/apis/networking/validation/validation.go"
_UTIL = "apimachinery/pkg/util/validation/validation.go"

# What a real API server refuses (herokube.validate.apiserver), with the function mirrored.
_API_SERVER_RULES = (
    RuleInfo(
        "api-name",
        _E,
        "metadata.name is not valid for its kind (DNS-1123 subdomain or label, "
        "DNS-1035 for Services, CronJob at most 52)",
        f"ValidateObjectMeta + NameIsDNSSubdomain/"
        f"NameIsDNS1035Label ({_UTIL}); ValidateCronJob ({_BATCH})",
    ),
    RuleInfo(
        "api-labels",
        _E,
        "a label key or value is not valid (qualified name; value of at most 63)",
        f"ValidateLabels: IsQualifiedName, IsValidLabelValue ({_UTIL})",
    ),
    RuleInfo(
        "api-annotations",
        _E,
        "an annotation key is not a qualified name, or they total over 256 KiB",
        "ValidateAnnotations, ValidateAnnotationsSize (apimachinery/pkg/api/validation/objectmeta.go)",
    ),
    RuleInfo(
        "api-container",
        _E,
        "no containers; container or volume names invalid or repeated; a mount names no volume",
        f"validateContainers, ValidateVolumes, ValidateVolumeMounts ({_CORE})",
    ),
    RuleInfo(
        "api-ports",
        _E,
        "a container port number or name (IANA service name, at most 15) is invalid or repeated",
        f"validateContainerPorts: IsValidPortNum, IsValidPortName ({_CORE})",
    ),
    RuleInfo(
        "api-env",
        _E,
        "an env var name is invalid for the Kubernetes version, or value/valueFrom conflict",
        f"ValidateEnv, validateEnvVarValueFrom; IsEnvVarName/IsRelaxedEnvVarName ({_CORE})",
    ),
    RuleInfo(
        "api-resources",
        _E,
        "a quantity does not parse or is negative, or a request exceeds its limit",
        f"ValidateResourceRequirements ({_CORE})",
    ),
    RuleInfo(
        "api-probe",
        _E,
        "a probe or lifecycle hook has no or several handlers, or bad thresholds",
        f"validateProbe, validateHandler, validateLifecycle ({_CORE})",
    ),
    RuleInfo(
        "api-restart-policy",
        _E,
        "restartPolicy the kind refuses (apps: Always; Job/CronJob: OnFailure or Never)",
        f"ValidatePodTemplateSpecForReplicaSet ({_APPS}); validateJobSpec ({_BATCH})",
    ),
    RuleInfo(
        "api-selector",
        _E,
        "a label selector is malformed, or an apps workload has none",
        f"ValidateLabelSelector (apimachinery meta/v1/validation); ValidateDeploymentSpec ({_APPS})",
    ),
    RuleInfo(
        "api-replicas",
        _E,
        "replicas, minReadySeconds or revisionHistoryLimit is negative",
        f"ValidateNonnegativeField in ValidateDeploymentSpec/ValidateStatefulSetSpec ({_APPS})",
    ),
    RuleInfo(
        "api-strategy",
        _E,
        "a Deployment rollout strategy the API server refuses",
        f"ValidateDeploymentStrategy, ValidateRollingUpdateDeployment ({_APPS})",
    ),
    RuleInfo(
        "api-job",
        _E,
        "a negative Job/CronJob counter, or an unknown completionMode or concurrencyPolicy",
        f"validateJobSpec, ValidateCronJobSpec ({_BATCH})",
    ),
    RuleInfo(
        "api-cron-schedule",
        _E,
        "a CronJob schedule robfig/cron cannot parse, or TZ= in it",
        f"validateScheduleFormat: cron.ParseStandard ({_BATCH})",
    ),
    RuleInfo(
        "api-time-zone",
        _E,
        "a CronJob timeZone not in the IANA time zone database",
        f"validateTimeZone: time.LoadLocation ({_BATCH})",
    ),
    RuleInfo(
        "api-service",
        _E,
        "Service ports unnamed, repeated or invalid; a bad type or externalName",
        f"ValidateService, validateServicePort ({_CORE})",
    ),
    RuleInfo(
        "api-ingress",
        _E,
        "an Ingress without rules or backend; untyped or relative paths; incomplete backends",
        f"ValidateIngressSpec, validateIngressBackend ({_NET})",
    ),
    RuleInfo(
        "api-hostname",
        _E,
        "an Ingress or HTTPRoute host is not a lower-case DNS name (or '*.' wildcard), or is an IP",
        f"validateIngressRules: IsDNS1123Subdomain, "
        f"IsWildcardDNS1123Subdomain ({_NET}); Gateway API Hostname",
    ),
    RuleInfo(
        "api-config-keys",
        _E,
        "a ConfigMap or Secret key is invalid, or in both data and binaryData",
        f"ValidateConfigMap, ValidateSecret: IsConfigMapKey ({_CORE})",
    ),
    RuleInfo(
        "api-config-data",
        _E,
        "Secret data or ConfigMap binaryData that is not base64",
        "JSON decoding of []byte fields (encoding/base64)",
    ),
    RuleInfo(
        "api-object-size",
        _E,
        "a ConfigMap or Secret payload over 1 MiB",
        f"ValidateConfigMap, ValidateSecret: corev1.MaxSecretSize ({_CORE})",
    ),
    RuleInfo(
        "api-secret-type",
        _E,
        "a typed Secret lacks the keys its type needs",
        f"ValidateSecret ({_CORE})",
    ),
    RuleInfo(
        "api-hpa",
        _E,
        "HPA minReplicas below 1 or above maxReplicas; incomplete scaleTargetRef",
        "validateHorizontalPodAutoscalerSpec (pkg/apis/autoscaling/validation/validation.go)",
    ),
    RuleInfo(
        "api-pdb",
        _E,
        "a PDB sets both minAvailable and maxUnavailable, or a bad value",
        "ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation/validation.go)",
    ),
    RuleInfo(
        "api-network-policy",
        _E,
        "NetworkPolicy ports, peers, ipBlocks or policyTypes invalid",
        f"ValidateNetworkPolicySpec, ValidateNetworkPolicyPort, ValidateIPBlock ({_NET})",
    ),
)

# Cross-object references: the API server accepts them, a sync or rollout then fails.
_REFERENCE_RULES = (
    RuleInfo(
        "ref-selector", _E, "a Service, PDB or NetworkPolicy selector selects no pod of the chart"
    ),
    RuleInfo(
        "ref-backend",
        _E,
        "an Ingress or HTTPRoute backend is not a Service (and port) of the chart",
    ),
    RuleInfo("ref-scale-target", _E, "an HPA scaleTargetRef is not a workload of the chart"),
    RuleInfo(
        "ref-config",
        _E,
        "a ConfigMap, Secret or ServiceAccount a pod or Ingress names will not exist",
    ),
    RuleInfo(
        "ref-external",
        _W,
        "a reference outside the chart by design (imagePullSecrets, another namespace)",
    ),
)

# Helm's own limits.
_HELM_RULES = (
    RuleInfo(
        "helm-file-size",
        _W,
        "a chart file over 5 MiB (Helm 3's per-file limit)",
        "MaxDecompressedFileSize (helm pkg/chart/loader/archive)",
    ),
    RuleInfo(
        "helm-chart-size",
        _E,
        "the chart's files total over 100 MiB",
        "MaxDecompressedChartSize (helm pkg/chart/loader/archive)",
    ),
    RuleInfo(
        "helm-release-size",
        _E,
        "the release Helm stores (gzip + base64 in a Secret) is over 1 MiB",
        "storage/driver Secrets: the Secret's 1 MiB limit (corev1.MaxSecretSize)",
    ),
)

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
        RuleInfo(
            "production-image-tag",
            _E,
            "a production environment runs the chart's image at an unset or placeholder tag",
        ),
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
        *_API_SERVER_RULES,
        *_REFERENCE_RULES,
        *_HELM_RULES,
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
