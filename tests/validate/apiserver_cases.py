"""Manifests a real API server rejects, each beside a valid look-alike (issue 13's table).

Every case names the rule that must flag the invalid manifest and the error a real API
server gives (``kubectl apply`` output, abbreviated). The valid look-alike differs in the
one field and must pass every rule. Cases edit a clean application (``base_documents``):
one Deployment ``web`` with its Service, Ingress, HPA, PDB, NetworkPolicy, ConfigMap,
ServiceAccount, ExternalSecret, CronJob and HTTPRoute.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Documents = dict[str, dict[str, Any]]
Edit = Callable[[Documents], None]

_LABELS = {"app.kubernetes.io/name": "web"}
_SECURE_POD = {
    "automountServiceAccountToken": False,
    "serviceAccountName": "web",
    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
}
_SECURE_CONTAINER = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
}


def container(name: str = "web") -> dict[str, Any]:
    return {
        "name": name,
        "image": "ghcr.io/acme/web:1.4.2",
        "ports": [{"name": "http", "containerPort": 8080}],
        "env": [{"name": "PORT", "value": "8080"}],
        "envFrom": [
            {"configMapRef": {"name": "web-config"}},
            {"secretRef": {"name": "web-secrets"}},
        ],
        "resources": {
            "requests": {"cpu": "100m", "memory": "128Mi"},
            "limits": {"memory": "256Mi"},
        },
        "readinessProbe": {"httpGet": {"path": "/health", "port": "http"}},
        "securityContext": copy.deepcopy(_SECURE_CONTAINER),
    }


def pod_template(restart: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {**copy.deepcopy(_SECURE_POD), "containers": [container()]}
    if restart:
        spec["restartPolicy"] = restart
    return {"metadata": {"labels": dict(_LABELS)}, "spec": spec}


def base_documents() -> Documents:
    """A clean application: every rule passes on it."""
    meta = {"labels": dict(_LABELS)}
    documents: list[dict[str, Any]] = [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", **meta},
            "spec": {"selector": {"matchLabels": dict(_LABELS)}, "template": pod_template()},
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "web"},
            "spec": {
                "selector": dict(_LABELS),
                "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
            },
        },
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": {"name": "web"},
            "spec": {
                "ingressClassName": "nginx",
                "rules": [
                    {
                        "host": "app.example.com",
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {
                                        "service": {"name": "web", "port": {"name": "http"}}
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        },
        {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "web"},
            "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                "minReplicas": 2,
                "maxReplicas": 5,
            },
        },
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": {"name": "web"},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": dict(_LABELS)}},
        },
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "web"},
            "spec": {
                "podSelector": {"matchLabels": dict(_LABELS)},
                "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"podSelector": {}}], "ports": [{"port": 8080}]}],
            },
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "web-config"},
            "data": {"LOG_LEVEL": "info"},
        },
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": "web"},
            "automountServiceAccountToken": False,
        },
        {
            "apiVersion": "external-secrets.io/v1",
            "kind": "ExternalSecret",
            "metadata": {"name": "web-secrets"},
            "spec": {
                "secretStoreRef": {"kind": "ClusterSecretStore", "name": "vault"},
                "target": {"name": "web-secrets"},
                "dataFrom": [{"extract": {"key": "web"}}],
            },
        },
        {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": {"name": "nightly"},
            "spec": {
                "schedule": "0 3 * * *",
                "timeZone": "Europe/Berlin",
                "jobTemplate": {"spec": {"template": pod_template("Never")}},
            },
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": "web"},
            "spec": {
                "parentRefs": [{"name": "public", "namespace": "gateway"}],
                "hostnames": ["app.example.com"],
                "rules": [{"backendRefs": [{"name": "web", "port": 80}]}],
            },
        },
    ]
    # The cron pod is not served: its own labels, no readiness probe.
    cron_pod = documents[9]["spec"]["jobTemplate"]["spec"]["template"]
    del cron_pod["spec"]["containers"][0]["readinessProbe"]
    cron_pod["metadata"]["labels"] = {"app.kubernetes.io/name": "nightly"}
    return {f"{d['kind']}/{d['metadata']['name']}": d for d in documents}


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _walk(document: Any, path: str) -> tuple[Any, Any]:
    parts = [int(index) if index else name for name, index in _STEP.findall(path)]
    for part in parts[:-1]:
        document = document[part]
    return document, parts[-1]


def put(target: str, path: str, value: Any) -> Edit:
    """Set ``path`` (``spec.ports[0].name``) of the document ``Kind/name`` to ``value``."""

    def edit(documents: Documents) -> None:
        parent, last = _walk(documents[target], path)
        if isinstance(parent, list) and last == len(parent):
            parent.append(copy.deepcopy(value))  # "ports[1]" of a one-port list adds one
        else:
            parent[last] = copy.deepcopy(value)

    return edit


def drop(target: str, path: str) -> Edit:
    """Remove ``path`` from the document ``Kind/name``."""

    def edit(documents: Documents) -> None:
        parent, last = _walk(documents[target], path)
        del parent[last]

    return edit


def add(document: dict[str, Any]) -> Edit:
    """Add a document (or replace the one of the same kind and name)."""

    def edit(documents: Documents) -> None:
        documents[f"{document['kind']}/{document['metadata']['name']}"] = copy.deepcopy(document)

    return edit


def remove(target: str) -> Edit:
    """Remove the document ``Kind/name``."""

    def edit(documents: Documents) -> None:
        del documents[target]

    return edit


@dataclass(frozen=True)
class Case:
    id: str
    rule: str
    api_error: str  # what a real API server answers to the invalid manifest
    invalid: list[Edit]
    valid: list[Edit]
    kubernetes_version: str = "1.31"


def config_map(name: str, data: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name},
        "data": data,
        **more,
    }


def secret(name: str, data: dict[str, Any], kind: str = "Opaque") -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name},
        "type": kind,
        "data": data,
    }


DEPLOY, SVC, ING, HPA, PDB = (
    "Deployment/web",
    "Service/web",
    "Ingress/web",
    "HorizontalPodAutoscaler/web",
    "PodDisruptionBudget/web",
)
CRON, NETPOL, ROUTE = "CronJob/nightly", "NetworkPolicy/web", "HTTPRoute/web"
POD = "spec.template.spec"
C0 = f"{POD}.containers[0]"
CRON_POD = "spec.jobTemplate.spec.template.spec"
LONGEST_NAME = ".".join(["s" * 63] * 3 + ["s" * 61])  # 253 characters
B64_TLS = {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}
JOB = {
    "apiVersion": "batch/v1",
    "kind": "Job",
    "metadata": {"name": "release"},
    "spec": {"template": pod_template("Never")},
}
del JOB["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
JOB["spec"]["template"]["metadata"]["labels"] = {"app.kubernetes.io/name": "release"}
JOB_NO_POLICY = copy.deepcopy(JOB)
del JOB_NO_POLICY["spec"]["template"]["spec"]["restartPolicy"]


def job(name: str) -> dict[str, Any]:
    made = copy.deepcopy(JOB)
    made["metadata"]["name"] = name
    return made


def service(name: str) -> dict[str, Any]:
    made = copy.deepcopy(base_documents()[SVC])
    made["metadata"]["name"] = name
    return made


def cronjob(name: str) -> dict[str, Any]:
    made = copy.deepcopy(base_documents()[CRON])
    made["metadata"]["name"] = name
    return made


CASES: list[Case] = [
    # --- object names per kind -------------------------------------------------------------
    Case(
        # A YAML block scalar (`name: |`) ends the value with a newline; Go's `$` refuses it.
        "configmap name ending in a newline",
        "api-name",
        'ConfigMap "web-config\\n" is invalid: metadata.name: Invalid value: "web-config\\n": a '
        "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'",
        [add(config_map("web-config-3\n", {}))],
        [add(config_map("web-config-3", {}))],
    ),
    Case(
        "configmap name upper-case",
        "api-name",
        'ConfigMap "Web-Config" is invalid: metadata.name: Invalid value: "Web-Config": a lowercase '
        "RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'",
        [add(config_map("Web-Config", {}))],
        [add(config_map("web-config-2", {}))],
    ),
    Case(
        "service name with a dot",
        "api-name",
        'Service "web.v2" is invalid: metadata.name: Invalid value: "web.v2": a DNS-1035 label must '
        "consist of lower case alphanumeric characters or '-'",
        [add(service("web.v2"))],
        [add(service("web-v2"))],
    ),
    Case(
        "service name starting with a digit",
        "api-name",
        'Service "2web" is invalid: metadata.name: Invalid value: "2web": a DNS-1035 label must '
        "consist of lower case alphanumeric characters or '-', start with an alphabetic character",
        [add(service("2web"))],
        [add(service("web2"))],
    ),
    Case(
        "cronjob name over 52",
        "api-name",
        'CronJob "nnn…" is invalid: metadata.name: Invalid value: "nnn…": must be no more than 52 characters',
        [add(cronjob("n" * 53))],
        [add(cronjob("n" * 52))],
    ),
    Case(
        "job name over 63",
        "api-name",
        'Job.batch "jjj…" is invalid: spec.template.labels: Invalid value: "jjj…": must be no more than 63 characters',
        [add(job("j" * 64))],
        [add(job("j" * 63))],
    ),
    Case(
        "secret name over 253",
        "api-name",
        'Secret "sss…" is invalid: metadata.name: Invalid value: "sss…": must be no more than 253 characters',
        [add(secret(LONGEST_NAME + "s", {}))],
        [add(secret(LONGEST_NAME, {}))],
    ),
    # --- labels and annotations ------------------------------------------------------------
    Case(
        "label value over 63",
        "api-labels",
        'metadata.labels: Invalid value: "vvv…": must be no more than 63 characters',
        [put(DEPLOY, "metadata.labels.tier", "v" * 64)],
        [put(DEPLOY, "metadata.labels.tier", "v" * 63)],
    ),
    Case(
        "label key with an upper-case prefix",
        "api-labels",
        'metadata.labels: Invalid value: "Example.com/tier": prefix part a lowercase RFC 1123 subdomain must consist of …',
        [put(DEPLOY, "metadata.labels", {"Example.com/tier": "web"})],
        [put(DEPLOY, "metadata.labels", {"example.com/tier": "web"})],
    ),
    Case(
        "pod template label value with a space",
        "api-labels",
        "spec.template.labels: Invalid value: \"front end\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'",
        [put(DEPLOY, "spec.template.metadata.labels.tier", "front end")],
        [put(DEPLOY, "spec.template.metadata.labels.tier", "front-end")],
    ),
    Case(
        "annotation key with two slashes",
        "api-annotations",
        'metadata.annotations: Invalid value: "example.com/a/b": a qualified name must consist of …',
        [put(DEPLOY, "metadata.annotations", {"example.com/a/b": "x"})],
        [put(DEPLOY, "metadata.annotations", {"example.com/a-b": "x"})],
    ),
    Case(
        "annotations over 256 KiB",
        "api-annotations",
        "metadata.annotations: Too long: must have at most 262144 bytes",
        [put(DEPLOY, "metadata.annotations", {"example.com/blob": "x" * 262_144})],
        [put(DEPLOY, "metadata.annotations", {"example.com/blob": "x" * 200_000})],
    ),
    # --- resources ---------------------------------------------------------------------------
    Case(
        "cpu request above limit",
        "api-resources",
        'spec.template.spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
        [
            put(
                DEPLOY,
                f"{C0}.resources",
                {
                    "requests": {"cpu": "2", "memory": "128Mi"},
                    "limits": {"cpu": "1", "memory": "256Mi"},
                },
            )
        ],
        [
            put(
                DEPLOY,
                f"{C0}.resources",
                {
                    "requests": {"cpu": "1", "memory": "128Mi"},
                    "limits": {"cpu": "1", "memory": "256Mi"},
                },
            )
        ],
    ),
    Case(
        "memory request above limit",
        "api-resources",
        'spec.template.spec.containers[0].resources.requests: Invalid value: "512Mi": must be less than or equal to memory limit of 256Mi',
        [put(DEPLOY, f"{C0}.resources.requests.memory", "512Mi")],
        [put(DEPLOY, f"{C0}.resources.requests.memory", "0.25Gi")],
    ),
    Case(
        "quantity with a space",
        "api-resources",
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        [put(DEPLOY, f"{C0}.resources.limits.memory", "256 Mi")],
        [put(DEPLOY, f"{C0}.resources.limits.memory", "256Mi")],
    ),
    Case(
        "negative quantity",
        "api-resources",
        'spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "-100m": must be greater than or equal to 0',
        [put(DEPLOY, f"{C0}.resources.requests.cpu", "-100m")],
        [put(DEPLOY, f"{C0}.resources.requests.cpu", "100m")],
    ),
    # --- probes ------------------------------------------------------------------------------
    Case(
        "probe with two handlers",
        "api-probe",
        "spec.template.spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
        [
            put(
                DEPLOY,
                f"{C0}.readinessProbe",
                {"httpGet": {"path": "/", "port": "http"}, "tcpSocket": {"port": "http"}},
            )
        ],
        [put(DEPLOY, f"{C0}.readinessProbe", {"tcpSocket": {"port": "http"}})],
    ),
    Case(
        "probe without a handler",
        "api-probe",
        "spec.template.spec.containers[0].livenessProbe: Required value: must specify a handler type",
        [put(DEPLOY, f"{C0}.livenessProbe", {"periodSeconds": 10})],
        [put(DEPLOY, f"{C0}.livenessProbe", {"periodSeconds": 10, "exec": {"command": ["true"]}})],
    ),
    Case(
        "liveness successThreshold 2",
        "api-probe",
        "spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
        [put(DEPLOY, f"{C0}.livenessProbe", {"tcpSocket": {"port": 8080}, "successThreshold": 2})],
        [put(DEPLOY, f"{C0}.livenessProbe", {"tcpSocket": {"port": 8080}, "successThreshold": 1})],
    ),
    Case(
        "probe on an init container",
        "api-probe",
        "spec.template.spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        [put(DEPLOY, f"{POD}.initContainers", [container("migrate")])],
        [
            put(
                DEPLOY,
                f"{POD}.initContainers",
                [{**container("migrate"), "restartPolicy": "Always"}],
            )
        ],
    ),
    Case(
        "probe port name over 15",
        "api-probe",
        'spec.template.spec.containers[0].readinessProbe.httpGet.port: Invalid value: "http-application": must be no more than 15 characters',
        [put(DEPLOY, f"{C0}.readinessProbe.httpGet.port", "http-application")],
        [put(DEPLOY, f"{C0}.readinessProbe.httpGet.port", "http-app")],
    ),
    # --- ports -------------------------------------------------------------------------------
    Case(
        "port name over 15",
        "api-ports",
        'spec.template.spec.containers[0].ports[0].name: Invalid value: "http-application": must be no more than 15 characters',
        [put(DEPLOY, f"{C0}.ports[0].name", "http-application")],
        [put(DEPLOY, f"{C0}.ports[0].name", "http-app")],
    ),
    Case(
        "port name upper-case",
        "api-ports",
        'spec.template.spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        [
            put(DEPLOY, f"{C0}.ports[0].name", "HTTP"),
            put(DEPLOY, f"{C0}.readinessProbe.httpGet.port", 8080),
        ],
        [
            put(DEPLOY, f"{C0}.ports[0].name", "http"),
            put(DEPLOY, f"{C0}.readinessProbe.httpGet.port", 8080),
        ],
    ),
    Case(
        "port name only digits",
        "api-ports",
        'spec.template.spec.containers[0].ports[1].name: Invalid value: "9090": must contain at least one letter (a-z)',
        [put(DEPLOY, f"{C0}.ports[1]", {"name": "9090", "containerPort": 9090})],
        [put(DEPLOY, f"{C0}.ports[1]", {"name": "p9090", "containerPort": 9090})],
    ),
    Case(
        "duplicate container port names",
        "api-ports",
        'spec.template.spec.containers[0].ports[1].name: Duplicate value: "http"',
        [put(DEPLOY, f"{C0}.ports[1]", {"name": "http", "containerPort": 9090})],
        [put(DEPLOY, f"{C0}.ports[1]", {"name": "metrics", "containerPort": 9090})],
    ),
    Case(
        "container port above 65535",
        "api-ports",
        "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        [put(DEPLOY, f"{C0}.ports[0].containerPort", 70000)],
        [put(DEPLOY, f"{C0}.ports[0].containerPort", 7000)],
    ),
    Case(
        "duplicate service port names",
        "api-service",
        'spec.ports[1].name: Duplicate value: "http"',
        [put(SVC, "spec.ports[1]", {"name": "http", "port": 443, "targetPort": "http"})],
        [put(SVC, "spec.ports[1]", {"name": "https", "port": 443, "targetPort": "http"})],
    ),
    Case(
        "unnamed port among several",
        "api-service",
        "spec.ports[1].name: Required value",
        [put(SVC, "spec.ports[1]", {"port": 443, "targetPort": "http"})],
        [put(SVC, "spec.ports[1]", {"name": "https", "port": 443, "targetPort": "http"})],
    ),
    Case(
        "service targetPort name over 15",
        "api-service",
        'spec.ports[0].targetPort: Invalid value: "http-application": must be no more than 15 characters',
        [put(SVC, "spec.ports[0].targetPort", "http-application")],
        [put(SVC, "spec.ports[0].targetPort", 8080)],
    ),
    # --- containers, volumes, env ------------------------------------------------------------
    Case(
        "container name upper-case",
        "api-container",
        'spec.template.spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of …',
        [put(DEPLOY, f"{C0}.name", "Web")],
        [put(DEPLOY, f"{C0}.name", "web-app")],
    ),
    Case(
        "duplicate container names",
        "api-container",
        'spec.template.spec.containers[1].name: Duplicate value: "web"',
        [put(DEPLOY, f"{POD}.containers[1]", container("web"))],
        [put(DEPLOY, f"{POD}.containers[1]", container("sidecar"))],
    ),
    Case(
        "volume mount of no volume",
        "api-container",
        'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "tmp"',
        [put(DEPLOY, f"{C0}.volumeMounts", [{"name": "tmp", "mountPath": "/tmp"}])],
        [
            put(DEPLOY, f"{C0}.volumeMounts", [{"name": "tmp", "mountPath": "/tmp"}]),
            put(DEPLOY, f"{POD}.volumes", [{"name": "tmp", "emptyDir": {}}]),
        ],
    ),
    Case(
        "env name starting with a digit (1.31)",
        "api-env",
        "spec.template.spec.containers[0].env[0].name: Invalid value: \"1PORT\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        [put(DEPLOY, f"{C0}.env[0].name", "1PORT")],
        [put(DEPLOY, f"{C0}.env[0].name", "PORT1")],
    ),
    Case(
        "env name with '=' (1.32, relaxed)",
        "api-env",
        "spec.template.spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
        [put(DEPLOY, f"{C0}.env[0].name", "A=B")],
        [put(DEPLOY, f"{C0}.env[0].name", "1PORT")],
        kubernetes_version="1.32",
    ),
    Case(
        "env value and valueFrom",
        "api-env",
        'spec.template.spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
        [
            put(
                DEPLOY,
                f"{C0}.env[0]",
                {
                    "name": "POD",
                    "value": "x",
                    "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}},
                },
            )
        ],
        [
            put(
                DEPLOY,
                f"{C0}.env[0]",
                {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            )
        ],
    ),
    # --- CronJob schedules and time zones ----------------------------------------------------
    Case(
        "schedule with four fields",
        "api-cron-schedule",
        'spec.schedule: Invalid value: "0 3 * *": expected exactly 5 fields, found 4: 0 3 * *',
        [put(CRON, "spec.schedule", "0 3 * *")],
        [put(CRON, "spec.schedule", "0 3 * * *")],
    ),
    Case(
        "schedule minute 61",
        "api-cron-schedule",
        'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
        [put(CRON, "spec.schedule", "61 * * * *")],
        [put(CRON, "spec.schedule", "*/15 9-17 * * MON-FRI")],
    ),
    Case(
        "schedule descriptor misspelt",
        "api-cron-schedule",
        'spec.schedule: Invalid value: "@hourli": unrecognized descriptor: @hourli',
        [put(CRON, "spec.schedule", "@hourli")],
        [put(CRON, "spec.schedule", "@hourly")],
    ),
    Case(
        "schedule with CRON_TZ",
        "api-cron-schedule",
        'spec.schedule: Invalid value: "CRON_TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        [put(CRON, "spec.schedule", "CRON_TZ=UTC 0 3 * * *")],
        [put(CRON, "spec.timeZone", "UTC")],
    ),
    Case(
        "time zone not in the IANA database",
        "api-time-zone",
        'spec.timeZone: Invalid value: "Europe/Berlinn": unknown time zone Europe/Berlinn',
        [put(CRON, "spec.timeZone", "Europe/Berlinn")],
        [put(CRON, "spec.timeZone", "America/Argentina/Buenos_Aires")],
    ),
    # --- hostnames ---------------------------------------------------------------------------
    Case(
        "ingress host upper-case",
        "api-hostname",
        'spec.rules[0].host: Invalid value: "App.example.com": a lowercase RFC 1123 subdomain must consist of …',
        [put(ING, "spec.rules[0].host", "App.example.com")],
        [put(ING, "spec.rules[0].host", "*.example.com")],
    ),
    Case(
        "ingress host is an IP",
        "api-hostname",
        'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
        [put(ING, "spec.rules[0].host", "10.0.0.1")],
        [put(ING, "spec.rules[0].host", "app-10-0-0-1.example.com")],
    ),
    Case(
        "ingress wildcard not leading",
        "api-hostname",
        "spec.rules[0].host: Invalid value: \"app.*.example.com\": a wildcard DNS-1123 subdomain must start with '*.'",
        [put(ING, "spec.rules[0].host", "app.*.example.com")],
        [put(ING, "spec.rules[0].host", "*.app.example.com")],
    ),
    # --- ConfigMaps and Secrets --------------------------------------------------------------
    Case(
        "configmap key with a space",
        "api-config-keys",
        "data[log level]: Invalid value: \"log level\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        [put("ConfigMap/web-config", "data", {"log level": "info"})],
        [put("ConfigMap/web-config", "data", {"log.level": "info"})],
    ),
    Case(
        "configmap over 1 MiB",
        "api-object-size",
        'ConfigMap "web-config" is invalid: []: Too long: must have at most 1048576 bytes',
        [put("ConfigMap/web-config", "data", {"blob": "x" * (1024 * 1024 + 1)})],
        [put("ConfigMap/web-config", "data", {"blob": "x" * (1024 * 1024 - 16)})],
    ),
    Case(
        "key in data and binaryData",
        "api-config-keys",
        'data[blob]: Invalid value: "blob": duplicate of key present in binaryData',
        [add(config_map("files", {"blob": "x"}, binaryData={"blob": "eA=="}))],
        [add(config_map("files", {"text": "x"}, binaryData={"blob": "eA=="}))],
    ),
    Case(
        "secret data not base64",
        "api-config-data",
        'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 8',
        [add(secret("token", {"token": "not base64!"}))],
        [add(secret("token", {"token": "bm90IGJhc2U2NCE="}))],
    ),
    Case(
        "tls secret without tls.key",
        "api-secret-type",
        "data[tls.key]: Required value",
        [add(secret("web-tls", {"tls.crt": "Y2VydA=="}, "kubernetes.io/tls"))],
        [add(secret("web-tls", B64_TLS, "kubernetes.io/tls"))],
    ),
    # --- restart policies, replicas, selectors, strategy -------------------------------------
    Case(
        "deployment restartPolicy Never",
        "api-restart-policy",
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
        [put(DEPLOY, f"{POD}.restartPolicy", "Never")],
        [put(DEPLOY, f"{POD}.restartPolicy", "Always")],
    ),
    Case(
        "job restartPolicy Always",
        "api-restart-policy",
        'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
        [add({**job("release"), "spec": {"template": pod_template("Always")}})],
        [add(job("release"))],
    ),
    Case(
        "job without restartPolicy",
        "api-restart-policy",
        'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
        [add(JOB_NO_POLICY)],
        [add({**job("release"), "spec": {"template": pod_template("OnFailure")}})],
    ),
    Case(
        "negative replicas",
        "api-replicas",
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        [put(DEPLOY, "spec.replicas", -1), remove(HPA)],
        [put(DEPLOY, "spec.replicas", 0), remove(HPA)],
    ),
    Case(
        "selector not matching the template",
        "selector-match",
        "spec.template.metadata.labels: Invalid value: map[string]string{…}: `selector` does not match template `labels`",
        [put(DEPLOY, "spec.selector.matchLabels", {"app.kubernetes.io/name": "api"})],
        [
            put(
                DEPLOY,
                "spec.selector",
                {
                    "matchExpressions": [
                        {"key": "app.kubernetes.io/name", "operator": "In", "values": ["web"]}
                    ]
                },
            )
        ],
    ),
    Case(
        "empty deployment selector",
        "api-selector",
        "spec.selector: Invalid value: v1.LabelSelector{…}: empty selector is invalid for deployment",
        [put(DEPLOY, "spec.selector", {})],
        [put(DEPLOY, "spec.selector", {"matchLabels": dict(_LABELS)})],
    ),
    Case(
        "In expression without values",
        "api-selector",
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        [
            put(
                PDB,
                "spec.selector",
                {
                    "matchExpressions": [
                        {"key": "app.kubernetes.io/name", "operator": "In", "values": []}
                    ]
                },
            )
        ],
        [
            put(
                PDB,
                "spec.selector",
                {"matchExpressions": [{"key": "app.kubernetes.io/name", "operator": "Exists"}]},
            )
        ],
    ),
    Case(
        "maxUnavailable and maxSurge both 0",
        "api-strategy",
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
        [
            put(
                DEPLOY,
                "spec.strategy",
                {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}},
            )
        ],
        [
            put(
                DEPLOY,
                "spec.strategy",
                {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            )
        ],
    ),
    Case(
        "job backoffLimit negative",
        "api-job",
        "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
        [put(CRON, "spec.jobTemplate.spec.backoffLimit", -1)],
        [put(CRON, "spec.jobTemplate.spec.backoffLimit", 0)],
    ),
    # --- HPA, PDB, Ingress, NetworkPolicy ----------------------------------------------------
    Case(
        "hpa minReplicas 0",
        "api-hpa",
        "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
        [put(HPA, "spec.minReplicas", 0)],
        [put(HPA, "spec.minReplicas", 1)],
    ),
    Case(
        "hpa minReplicas above maxReplicas",
        "api-hpa",
        "spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`",
        [put(HPA, "spec.minReplicas", 6)],
        [put(HPA, "spec.minReplicas", 5)],
    ),
    Case(
        "pdb minAvailable and maxUnavailable",
        "api-pdb",
        "spec: Invalid value: policy.PodDisruptionBudgetSpec{…}: minAvailable and maxUnavailable cannot be both set",
        [put(PDB, "spec.minAvailable", 1)],
        [drop(PDB, "spec.maxUnavailable"), put(PDB, "spec.minAvailable", "50%")],
    ),
    Case(
        "pdb percentage over 100",
        "api-pdb",
        'spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
        [put(PDB, "spec.maxUnavailable", "150%")],
        [put(PDB, "spec.maxUnavailable", "100%")],
    ),
    Case(
        "ingress relative path",
        "api-ingress",
        'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
        [put(ING, "spec.rules[0].http.paths[0].path", "api")],
        [put(ING, "spec.rules[0].http.paths[0].path", "/api")],
    ),
    Case(
        "ingress backend port name and number",
        "api-ingress",
        'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
        [
            put(
                ING,
                "spec.rules[0].http.paths[0].backend.service.port",
                {"name": "http", "number": 80},
            )
        ],
        [put(ING, "spec.rules[0].http.paths[0].backend.service.port", {"number": 80})],
    ),
    Case(
        "network policy ipBlock beside a selector",
        "api-network-policy",
        "spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer",
        [
            put(
                NETPOL,
                "spec.ingress[0].from",
                [{"podSelector": {}, "ipBlock": {"cidr": "10.0.0.0/8"}}],
            )
        ],
        [
            put(
                NETPOL,
                "spec.ingress[0].from",
                [{"podSelector": {}}, {"ipBlock": {"cidr": "10.0.0.0/8"}}],
            )
        ],
    ),
    Case(
        "network policy except outside cidr",
        "api-network-policy",
        'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`',
        [
            put(
                NETPOL,
                "spec.ingress[0].from",
                [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["192.168.0.0/16"]}}],
            )
        ],
        [
            put(
                NETPOL,
                "spec.ingress[0].from",
                [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}],
            )
        ],
    ),
    Case(
        "httproute hostname is an address with a port",
        "api-hostname",
        "spec.hostnames[0]: Invalid value: \"app.example.com:443\": spec.hostnames[0] in body should match '^(\\*\\.)?[a-z0-9]…'",
        [put(ROUTE, "spec.hostnames", ["app.example.com:443"])],
        [put(ROUTE, "spec.hostnames", ["*.example.com"])],
    ),
    # --- cross-object references (the API server accepts them; the sync or rollout fails) ----
    Case(
        "ingress backend Service missing",
        "ref-backend",
        '(accepted; the ingress controller answers 503: service "api" not found)',
        [put(ING, "spec.rules[0].http.paths[0].backend.service.name", "api")],
        [put(ING, "spec.rules[0].http.paths[0].backend.service.name", "web")],
    ),
    Case(
        "ingress backend port name missing",
        "ref-backend",
        '(accepted; the ingress controller answers 503: no port named "https" on service web)',
        [put(ING, "spec.rules[0].http.paths[0].backend.service.port", {"name": "https"})],
        [put(ING, "spec.rules[0].http.paths[0].backend.service.port", {"number": 80})],
    ),
    Case(
        "hpa target missing",
        "ref-scale-target",
        '(accepted; the HPA reports FailedGetScale: deployments/scale.apps "api" not found)',
        [put(HPA, "spec.scaleTargetRef.name", "api")],
        [put(HPA, "spec.scaleTargetRef.name", "web")],
    ),
    Case(
        "secretRef to nothing",
        "ref-config",
        '(accepted; pods fail with CreateContainerConfigError: secret "api-secrets" not found)',
        [put(DEPLOY, f"{C0}.envFrom[1].secretRef.name", "api-secrets")],
        [put(DEPLOY, f"{C0}.envFrom[1].secretRef", {"name": "api-secrets", "optional": True})],
    ),
    Case(
        "serviceAccountName to nothing",
        "ref-config",
        '(accepted; the ReplicaSet cannot create pods: serviceaccount "api" not found)',
        [put(DEPLOY, f"{POD}.serviceAccountName", "api")],
        [put(DEPLOY, f"{POD}.serviceAccountName", "web")],
    ),
    Case(
        "pdb selecting nothing",
        "ref-selector",
        "(accepted; the PDB protects no pod: status.expectedPods 0)",
        [put(PDB, "spec.selector.matchLabels", {"app.kubernetes.io/name": "api"})],
        [put(PDB, "spec.selector.matchLabels", dict(_LABELS))],
    ),
]
