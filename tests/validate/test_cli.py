"""The command: options, output formats, exit codes, config and schema locations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from herokube.cli import main

from .conftest import Repo, rules_fired


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["herokube", "validate", *args])
    code = 0
    try:
        main()  # returns on success
    except SystemExit as done:
        code = int(done.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_and_exit_0(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, str(repo.root))
    assert (code, err) == (0, "")
    assert out == "checked 22 resources in 2 environments (dev, prod): 0 errors, 0 warnings\n"


def test_errors_exit_1_with_json(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.replace("chart/templates/service.yaml", "port: 80", "port: eighty")
    code, out, _ = run(monkeypatch, capsys, str(repo.root), "--output", "json", "--env", "prod")
    assert code == 1
    document = json.loads(out)
    assert document["summary"] == {
        "resources": 13,
        "errors": 1,
        "warnings": 0,
        "environments": ["prod"],
    }
    [finding] = document["findings"]
    assert finding["environment"] == "prod"
    assert finding["file"] == "chart/templates/service.yaml"
    assert (finding["kind"], finding["name"]) == ("Service", "demo-web")
    assert (finding["rule"], finding["severity"]) == ("k8s-schema", "error")
    assert finding["field"] == "spec.ports[0].port"


def test_warnings_fail_only_with_fail_on_warning(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.path("chart/templates/pdb.yaml").unlink()
    code, out, _ = run(monkeypatch, capsys, str(repo.root))
    assert code == 0
    assert "warning: [dev] chart/templates/deployment.yaml Deployment/demo-web:" in out
    assert out.endswith("0 errors, 2 warnings\n")
    code, _, _ = run(monkeypatch, capsys, str(repo.root), "--fail-on", "warning")
    assert code == 1


def test_junit(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.replace("argocd/project.yaml", "  sourceRepos:", "  sourceRepo:")
    code, out, _ = run(monkeypatch, capsys, str(repo.root), "-o", "junit")
    assert code == 1
    root = ElementTree.fromstring(out)
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["dev", "prod", "repository"]
    assert suites["dev"].get("tests") == "9" and suites["prod"].get("tests") == "10"
    [failed] = [
        case for case in suites["repository"].iter("testcase") if case.find("failure") is not None
    ]
    assert (failed.get("classname"), failed.get("name")) == (
        "argocd/project.yaml",
        "AppProject/demo",
    )
    assert failed.find("failure").get("type") == "crd-schema"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/repo"], "herokube: /nonexistent/repo: no such directory\n"),
        (["{repo}", "--kubernetes-version", "1.12"], "unknown Kubernetes version '1.12'"),
        (
            ["{repo}", "--env", "qa"],
            "--env: no environments/qa/values.yaml (environments: dev, prod)",
        ),
        (["{repo}", "--schema-location", "https://example.com/{{.Group}}.json"], "runs offline"),
    ],
)
def test_could_not_run_exit_2(
    repo: Repo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, out, err = run(monkeypatch, capsys, *[a.replace("{repo}", str(repo.root)) for a in args])
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_unreadable_chart_exit_2(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("chart/Chart.yaml", "apiVersion: v2\nname: [broken\n")
    code, _, err = run(monkeypatch, capsys, str(repo.root))
    assert code == 2 and "cannot load the chart" in err


@pytest.mark.parametrize("version", ["1.25", "v1.28", "1.31.4", "1.37"])
def test_every_shipped_kubernetes_version_works(repo: Repo, version: str) -> None:
    assert repo.validate(kubernetes_version=version).findings == []


def test_config_disables_rules(repo: Repo) -> None:
    repo.path("chart/templates/pdb.yaml").unlink()
    repo.replace("Dockerfile", "python:3.12.7-slim", "python:latest")
    repo.write(".herokube.yaml", "validate:\n  disable: [pdb, hadolint]\n")
    assert rules_fired(repo.validate()) == {"dockerfile-base-image"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("validate:\n  disable: [no-such-rule]\n", "unknown rule id 'no-such-rule'"),
        ("validate:\n  disable: pdb\n", "must be a list of rule ids"),
        ("validate:\n  enable: [pdb]\n", "unknown key 'enable'"),
    ],
)
def test_bad_config_is_a_user_error(repo: Repo, text: str, message: str) -> None:
    from herokube.errors import UserError

    repo.write(".herokube.yaml", text)
    with pytest.raises(UserError, match=message):
        repo.validate()


def test_schema_location_directory_and_template(repo: Repo, tmp_path: Path) -> None:
    repo.write(
        "argocd/widget.yaml",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n",
    )
    schema = {
        "type": "object",
        "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}}}},
    }
    folder = tmp_path / "schemas" / "example.com"
    folder.mkdir(parents=True)
    (folder / "widget_v1.json").write_text(json.dumps(schema))
    assert rules_fired(repo.validate()) == {"schema-missing"}
    assert repo.validate(ignore_missing_schemas=True).findings == []
    for location in (
        str(tmp_path / "schemas"),
        str(tmp_path / "schemas/{{ .Group }}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"),
    ):
        [finding] = repo.validate(schema_locations=(location,)).findings
        assert (finding.rule, finding.file, finding.field) == (
            "crd-schema",
            "argocd/widget.yaml",
            "spec.size",
        )


def test_any_chart_repo_without_environments(repo: Repo) -> None:
    import shutil

    shutil.rmtree(repo.path("environments"))
    report = repo.validate()
    assert report.environments == ["default"]
    assert report.findings == []


def test_schema_location_template_variables(tmp_path: Path) -> None:
    from herokube.validate.kube_schemas import SchemaStore

    folder = tmp_path / "v1.30.0-standalone-strict"
    folder.mkdir()
    (folder / "deployment-apps-v1.json").write_text('{"type": "object", "required": ["spec"]}')
    template = str(
        tmp_path
        / "{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json"
    )
    store = SchemaStore("1.30", locations=(template,))
    validator = store.validator("Deployment", "apps/v1")
    assert [e.message for e in store.errors(validator, {"kind": "Deployment"})] == [
        "'spec' is a required property"
    ]
    lax = SchemaStore("1.30", strict=False, locations=(template,))
    assert (
        lax.validator("Deployment", "apps/v1") is not validator
    )  # falls back to the shipped schema
