"""One fault at a time into a clean repository: the exact rule fires and names the right file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herokube.validate import Report, Severity

from .conftest import Repo, files_named, rules_fired

DEPLOYMENT = "chart/templates/deployment.yaml"
HELPERS = "chart/templates/_helpers.tpl"


def test_clean_fixture_passes(repo: Repo, describe: Callable[[Report], str]) -> None:
    report = repo.validate()
    assert report.findings == [], describe(report)
    assert report.environments == ["dev", "prod"]
    assert report.exit_code() == 0
    # 9 objects in dev (no HPA), 10 in prod, AppProject + 2 Applications.
    assert len(report.resources) == 22


Fault = Callable[[Repo], None]

FAULTS: dict[str, tuple[Fault, set[str], set[str]]] = {
    # name: (inject, rule ids expected (errors and warnings), files the rule names)
    "unknown field": (
        lambda r: r.replace(DEPLOYMENT, "  selector:\n", "  replica: 3\n  selector:\n"),
        {"k8s-schema"},
        {DEPLOYMENT},
    ),
    "wrong type": (
        lambda r: r.replace("chart/templates/service.yaml", "port: 80", "port: eighty"),
        {"k8s-schema"},
        {"chart/templates/service.yaml"},
    ),
    "removed PodDisruptionBudget API": (
        lambda r: r.replace("chart/templates/pdb.yaml", "policy/v1", "policy/v1beta1"),
        {"removed-api"},
        {"chart/templates/pdb.yaml"},
    ),
    "removed CronJob API": (
        lambda r: r.replace("chart/templates/cronjob.yaml", "batch/v1", "batch/v1beta1"),
        {"removed-api"},
        {"chart/templates/cronjob.yaml"},
    ),
    "privileged container": (
        lambda r: r.replace(
            DEPLOYMENT,
            "          volumeMounts:",
            "            privileged: true\n          volumeMounts:",
        ),
        {"psa-privileged"},
        {DEPLOYMENT},
    ),
    "missing seccomp profile": (
        lambda r: r.replace(HELPERS, "  seccompProfile:\n    type: RuntimeDefault\n", ""),
        {"psa-seccomp"},
        {DEPLOYMENT, "chart/templates/cronjob.yaml"},
    ),
    "Argo CD field typo": (
        lambda r: r.replace("argocd/project.yaml", "  sourceRepos:", "  sourceRepo:"),
        {"crd-schema"},
        {"argocd/project.yaml"},
    ),
    "duplicate key in a values file": (
        lambda r: r.replace(
            "environments/dev/values.yaml", "replicas: 1\n", "replicas: 1\nreplicas: 2\n"
        ),
        {"yaml-duplicate-key"},
        {"environments/dev/values.yaml"},
    ),
    "duplicate key in a template": (
        lambda r: r.replace(
            "chart/templates/serviceaccount.yaml",
            "kind: ServiceAccount\n",
            "kind: ServiceAccount\nkind: ServiceAccount\n",
        ),
        {"yaml-duplicate-key"},
        {"chart/templates/serviceaccount.yaml"},
    ),
    "latest base image": (
        lambda r: r.replace("Dockerfile", "python:3.12.7-slim", "python:latest"),
        {"dockerfile-base-image", "hadolint/DL3007"},
        {"Dockerfile"},
    ),
    "untagged base image": (
        lambda r: r.replace("Dockerfile", "python:3.12.7-slim", "python"),
        {"dockerfile-base-image", "hadolint/DL3006"},
        {"Dockerfile"},
    ),
    "typo in the workflow": (
        lambda r: r.replace(".github/workflows/deploy.yml", "runs-on:", "run-on:"),
        {"workflow-schema"},
        {".github/workflows/deploy.yml"},
    ),
    "value breaks values.schema.json": (
        lambda r: r.replace(
            "environments/prod/values.yaml", "minReplicas: 3", "minReplicas: three"
        ),
        {"values-schema"},
        {"environments/prod/values.yaml"},
    ),
    "latest image tag in values": (
        lambda r: r.replace("environments/dev/values.yaml", '"1.0.0-dev"', "latest"),
        {"image-tag"},
        {DEPLOYMENT, "chart/templates/cronjob.yaml"},
    ),
    "hostPath volume": (
        lambda r: r.replace(
            DEPLOYMENT, "          emptyDir: {}", "          hostPath:\n            path: /tmp"
        ),
        {"psa-host-path"},
        {DEPLOYMENT},
    ),
    "host network": (
        lambda r: r.replace(
            DEPLOYMENT,
            "      terminationGracePeriodSeconds",
            "      hostNetwork: true\n      terminationGracePeriodSeconds",
        ),
        {"psa-host-namespaces"},
        {DEPLOYMENT},
    ),
    "capability added": (
        lambda r: r.replace(HELPERS, 'drop: ["ALL"]', 'drop: ["ALL"]\n    add: ["SYS_ADMIN"]'),
        {"psa-capabilities"},
        {DEPLOYMENT, "chart/templates/cronjob.yaml"},
    ),
    "privilege escalation": (
        lambda r: r.replace(
            HELPERS, "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"
        ),
        {"psa-privilege-escalation"},
        {DEPLOYMENT, "chart/templates/cronjob.yaml"},
    ),
    "root user": (
        lambda r: r.replace(HELPERS, "  runAsNonRoot: true\n", ""),
        {"psa-run-as-non-root"},
        {DEPLOYMENT, "chart/templates/cronjob.yaml"},
    ),
    "no readiness probe": (
        lambda r: r.replace(
            DEPLOYMENT,
            "          readinessProbe:\n            httpGet:\n              path: /\n              port: http\n",
            "",
        ),
        {"probes"},
        {DEPLOYMENT},
    ),
    "no memory limit": (
        lambda r: r.replace("chart/values.yaml", "  limits:\n    memory: 512Mi\n", ""),
        {"resources"},
        {DEPLOYMENT, "chart/templates/cronjob.yaml"},
    ),
    "no PodDisruptionBudget": (
        lambda r: r.path("chart/templates/pdb.yaml").unlink(),
        {"pdb"},
        {DEPLOYMENT},
    ),
    "no NetworkPolicy": (
        lambda r: r.path("chart/templates/networkpolicy.yaml").unlink(),
        {"network-policy"},
        {DEPLOYMENT},
    ),
    "token automounted": (
        lambda r: r.replace(
            HELPERS, "automountServiceAccountToken: false\n", "automountServiceAccountToken: true\n"
        ),
        {"service-account-token"},
        {DEPLOYMENT, "chart/templates/cronjob.yaml"},
    ),
    "replicas beside an HPA": (
        lambda r: r.replace(
            DEPLOYMENT,
            "  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicas }}\n  {{- end }}\n",
            "  replicas: {{ .Values.replicas }}\n",
        ),
        {"hpa-replicas"},
        {DEPLOYMENT},
    ),
    "selector does not match the pod labels": (
        lambda r: r.replace(
            DEPLOYMENT, '      {{- include "demo.selector" . | nindent 6 }}', "      app: other"
        ),
        {"selector-match"},
        {DEPLOYMENT},
    ),
    "template does not render": (
        lambda r: r.replace("chart/templates/configmap.yaml", "{{- end }}", ""),
        {"helm-render"},
        {"chart/templates/configmap.yaml"},
    ),
    "custom resource without schema": (
        lambda r: r.write(
            "argocd/extra.yaml",
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
        ),
        {"schema-missing"},
        {"argocd/extra.yaml"},
    ),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_one_fault(repo: Repo, name: str, describe: Callable[[Report], str]) -> None:
    inject, rules, files = FAULTS[name]
    inject(repo)
    report = repo.validate()
    assert rules_fired(report) == rules, describe(report)
    named = set().union(*(files_named(report, rule) for rule in rules))
    assert named == files, describe(report)


def test_every_error_of_a_document_is_reported(repo: Repo) -> None:
    repo.replace(DEPLOYMENT, "  selector:\n", "  replica: 3\n  paused: maybe\n  selector:\n")
    report = repo.validate(environments=("dev",))
    messages = sorted(f.message for f in report.findings)
    assert len(messages) == 2, messages
    assert "unknown field 'replica'" in messages[1] or "unknown field 'replica'" in messages[0]
    assert any("wrong type at spec.paused" in m for m in messages)
    assert {f.environment for f in report.findings} == {"dev"}
    assert {(f.kind, f.name) for f in report.findings} == {("Deployment", "demo-web")}


def test_no_strict_lets_unknown_fields_pass(repo: Repo) -> None:
    repo.replace(DEPLOYMENT, "  selector:\n", "  replica: 3\n  selector:\n")
    repo.replace("argocd/project.yaml", "  description:", "  descripton:")
    assert repo.validate(strict=False).findings == []


def test_removed_api_names_the_replacement(repo: Repo) -> None:
    repo.replace("chart/templates/hpa.yaml", "autoscaling/v2", "autoscaling/v2beta2")
    old = repo.validate(environments=("prod",), kubernetes_version="1.25")
    assert rules_fired(old) == {"deprecated-api"}
    assert old.exit_code() == 0 and old.exit_code(Severity.WARNING) == 1
    new = repo.validate(environments=("prod",), kubernetes_version="1.26")
    [finding] = new.findings
    assert finding.rule == "removed-api"
    assert "autoscaling/v2 HorizontalPodAutoscaler" in finding.message
    assert finding.file == "chart/templates/hpa.yaml"


def test_removed_ingress_api(repo: Repo) -> None:
    repo.replace("chart/templates/ingress.yaml", "networking.k8s.io/v1", "extensions/v1beta1")
    report = repo.validate(environments=("dev",))
    assert {(f.rule, f.file) for f in report.findings} == {
        ("removed-api", "chart/templates/ingress.yaml")
    }
    assert "networking.k8s.io/v1" in report.findings[0].message


def test_init_and_ephemeral_containers_are_checked(repo: Repo) -> None:
    repo.replace(
        DEPLOYMENT,
        "      containers:\n",
        "      initContainers:\n        - name: migrate\n          image: busybox:1.36\n"
        "          securityContext:\n            privileged: true\n      containers:\n",
    )
    report = repo.validate(environments=("dev",))
    fields = {f.field for f in report.findings if f.rule == "psa-privileged"}
    assert fields == {"spec.template.spec.initContainers[0].securityContext.privileged"}
    assert "resources" in rules_fired(report)


def test_skip_kind(repo: Repo) -> None:
    repo.replace("chart/templates/service.yaml", "port: 80", "port: eighty")
    report = repo.validate(skip=("Service",))
    assert "k8s-schema" not in rules_fired(report)


def test_hadolint_warnings_are_warnings(repo: Repo) -> None:
    repo.replace(
        "Dockerfile",
        "WORKDIR /app\n",
        "WORKDIR /app\nRUN apt-get update && apt-get install -y curl\n",
    )
    report = repo.validate(environments=("dev",))
    fired = {(f.rule, f.severity, f.file, f.line) for f in report.findings}
    assert ("hadolint/DL3008", Severity.WARNING, "Dockerfile", 3) in fired
    assert report.exit_code() == 0 and report.exit_code(Severity.WARNING) == 1


def test_base_image_from_arg_and_stages(repo: Repo) -> None:
    repo.write(
        "Dockerfile",
        "ARG BASE=python:latest\nFROM ${BASE} AS build\nFROM build AS final\nFROM scratch\nUSER 10001\n",
    )
    report = repo.validate(environments=("dev",))
    [own] = [f for f in report.findings if f.rule == "dockerfile-base-image"]
    assert (own.line, own.message) == (
        2,
        "base image 'python:latest' is tagged :latest; pin a version",
    )


def test_duplicate_key_in_workflow(repo: Repo) -> None:
    repo.replace(
        ".github/workflows/deploy.yml",
        "    runs-on: ubuntu-latest\n",
        "    runs-on: ubuntu-latest\n    runs-on: ubuntu-22.04\n",
    )
    report = repo.validate(environments=("dev",))
    assert {(f.rule, f.file, f.line) for f in report.findings} == {
        ("yaml-duplicate-key", ".github/workflows/deploy.yml", 9)
    }


def test_removed_api_table_covers_the_documented_removals() -> None:
    from herokube.validate.removed_apis import lookup

    for api_version, kind, removed, replacement in [
        ("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
        ("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"),
        ("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
        ("networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"),
    ]:
        entry = lookup(api_version, kind)
        assert entry is not None and (entry.removed, entry.replacement) == (removed, replacement)
        assert entry.removed_in(removed) and not entry.removed_in(
            f"1.{int(removed.split('.')[1]) - 1}"
        )
