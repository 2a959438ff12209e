"""Issue 13's proof: every manifest a real API server rejects is flagged, no look-alike is.

The rule layer sees each case's documents as one environment (schema check included, so a
look-alike is valid for the JSON schema too); a handful go end to end through
``herokube validate`` on the clean fixture chart, one fault at a time.
"""

from __future__ import annotations

import json
import sys

import pytest

from herokube.cli import main
from herokube.validate import Resource, Severity
from herokube.validate.catalog import RULES
from herokube.validate.documents import Manifest, check_manifest
from herokube.validate.findings import Finding
from herokube.validate.kube_schemas import DEFAULT_KUBERNETES_VERSION, SchemaStore
from herokube.validate.rules import RULE_FUNCTIONS, Workspace, run_rules

from .apiserver_cases import CASES, Case, Documents, base_documents
from .conftest import Repo


def _findings(documents: Documents, version: str, *, schemas: bool) -> list[Finding]:
    manifests = [
        Manifest(
            Resource(
                "test",
                "chart/templates/all.yaml",
                d["kind"],
                d["metadata"]["name"],
                d["apiVersion"],
            ),
            d,
            None,
        )
        for d in documents.values()
    ]
    findings = run_rules(Workspace(manifests, "app-test", version))
    if schemas:
        store = SchemaStore(version, strict=True)
        findings += [f for m in manifests for f in check_manifest(m, store)]
    return findings


def _apply(case: Case, edits: str) -> Documents:
    documents = base_documents()
    for edit in getattr(case, edits):
        edit(documents)
    return documents


def test_the_base_application_is_clean() -> None:
    assert _findings(base_documents(), "1.31", schemas=True) == []


def test_at_least_forty_cases_and_every_api_rule_has_one() -> None:
    assert len(CASES) >= 40
    api_rules = {rule for rule in RULES if rule.startswith(("api-", "ref-"))} - {"ref-external"}
    assert api_rules <= {case.rule for case in CASES}, api_rules - {case.rule for case in CASES}
    assert all(case.api_error for case in CASES)
    assert {case.rule for case in CASES} <= set(RULE_FUNCTIONS)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_invalid_manifest_is_flagged(case: Case) -> None:
    findings = _findings(_apply(case, "invalid"), case.kubernetes_version, schemas=False)
    fired = [f for f in findings if f.rule == case.rule]
    assert fired, f"{case.rule} did not fire; found {[(f.rule, f.message) for f in findings]}"
    assert all(f.severity is Severity.ERROR for f in fired)
    assert all(f.environment == "test" and f.file and f.kind and f.name for f in fired)
    assert all(f.field for f in fired if case.rule.startswith("api-"))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_valid_look_alike_passes(case: Case) -> None:
    findings = _findings(_apply(case, "valid"), case.kubernetes_version, schemas=True)
    assert findings == [], [(f.rule, f.field, f.message) for f in findings]


def test_reference_outside_the_chart_by_design_is_a_warning() -> None:
    documents = base_documents()
    documents["Deployment/web"]["spec"]["template"]["spec"]["imagePullSecrets"] = [
        {"name": "registry"}
    ]
    documents["HTTPRoute/web"]["spec"]["rules"][0]["backendRefs"][0]["namespace"] = "shared"
    findings = _findings(documents, "1.31", schemas=False)
    assert {(f.rule, f.severity) for f in findings} == {("ref-external", Severity.WARNING)}
    assert len(findings) == 2


def _cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], repo: Repo
) -> tuple[int, dict]:
    monkeypatch.setattr(sys, "argv", ["herokube", "validate", str(repo.root), "--output", "json"])
    code = 0
    try:
        main()
    except SystemExit as done:
        code = int(done.code or 0)
    return code, json.loads(capsys.readouterr().out)


# (template, text in the clean chart, invalid replacement, valid look-alike, rule)
END_TO_END = [
    (
        "pdb.yaml",
        "  maxUnavailable: 1\n",
        "  maxUnavailable: 1\n  minAvailable: 1\n",
        "  minAvailable: 1\n",
        "api-pdb",
    ),
    ("hpa.yaml", "{{ .Values.autoscaling.minReplicas }}", "0", "1", "api-hpa"),
    (
        "cronjob.yaml",
        "{{ .Values.schedule | quote }}",
        '"0 3 * *"',
        '"@daily"',
        "api-cron-schedule",
    ),
    (
        "cronjob.yaml",
        "timeZone: Etc/UTC",
        "timeZone: Mars/Olympus",
        "timeZone: Asia/Tokyo",
        "api-time-zone",
    ),
    (
        "ingress.yaml",
        "    - host: {{ .Values.ingress.host | quote }}",
        '    - host: "Shop.Example.com"',
        '    - host: "*.example.com"',
        "api-hostname",
    ),
    (
        "configmap.yaml",
        "  {{- range $key, $value := .Values.config }}",
        '  "log level": debug\n  {{- range $key, $value := .Values.config }}',
        '  "log-level": debug\n  {{- range $key, $value := .Values.config }}',
        "api-config-keys",
    ),
]


@pytest.mark.parametrize(
    "template, old, invalid, valid, rule", END_TO_END, ids=[c[4] + ":" + c[0] for c in END_TO_END]
)
def test_end_to_end_through_the_cli(
    repo: Repo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    template: str,
    old: str,
    invalid: str,
    valid: str,
    rule: str,
) -> None:
    path = f"chart/templates/{template}"
    clean = repo.path(path).read_text(encoding="utf-8")
    repo.replace(path, old, invalid)
    code, report = _cli(monkeypatch, capsys, repo)
    assert code == 1
    assert {f["rule"] for f in report["findings"]} == {rule}, report["findings"]
    assert all(f["file"] == path and f["environment"] and f["field"] for f in report["findings"])
    repo.path(path).write_text(clean, encoding="utf-8")
    repo.replace(path, old, valid)
    code, report = _cli(monkeypatch, capsys, repo)
    assert (code, report["findings"]) == (0, [])


def test_every_rule_is_documented_with_its_kubernetes_function() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "validate.md").read_text(encoding="utf-8")
    missing = [rule for rule in RULES if f"`{rule}`" not in docs]
    assert missing == []
    limits = ("helm-file-size", "helm-chart-size", "helm-release-size")
    assert all(RULES[rule].mirrors for rule in RULES if rule.startswith("api-") or rule in limits)


@pytest.mark.parametrize(("mounted", "flagged"), [("data", False), ("cache", True)])
def test_statefulset_mounts_its_claim_templates(mounted: str, flagged: bool) -> None:
    """A StatefulSet's pods get a volume per claim template: mounting one is valid (the in-cluster
    Redis's append-only file), mounting a name no volume or claim has is not."""
    from .apiserver_cases import pod_template

    template = pod_template()
    template["spec"]["containers"][0]["volumeMounts"] = [{"name": mounted, "mountPath": "/data"}]
    documents = base_documents()
    documents["statefulset"] = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "cache", "labels": template["metadata"]["labels"]},
        "spec": {
            "replicas": 1,
            "serviceName": "web",
            "selector": {"matchLabels": template["metadata"]["labels"]},
            "template": template,
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "data"},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": "1Gi"}},
                    },
                }
            ],
        },
    }
    mount_findings = [
        f
        for f in _findings(documents, DEFAULT_KUBERNETES_VERSION, schemas=False)
        if f.rule == "api-container" and f.kind == "StatefulSet" and "volumeMounts" in f.field
    ]
    assert bool(mount_findings) is flagged
