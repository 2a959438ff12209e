"""herokube's own release: one version everywhere, a workflow that publishes what it built, with
every action pinned to a commit (issue 15)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

import herokube
from herokube.validate.workflow import check_workflow
from herokube_testing import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "release.yml"
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
_PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")
_VERSION_COMMENT = re.compile(r"^\s*#\s*v\d+(\.\d+){1,2}\s*$")


def _workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = YAML(typ="safe", pure=True).load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _changelog_versions() -> list[str]:
    text = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", text, re.MULTILINE)


def test_pyproject_package_and_changelog_name_one_version() -> None:
    with (REPO_ROOT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    assert herokube.__version__ == version
    assert _changelog_versions()[0] == version


def test_every_action_is_pinned_to_a_commit_with_its_release_named() -> None:
    uses = [_USES.match(line) for line in WORKFLOW.read_text(encoding="utf-8").splitlines()]
    found = [match for match in uses if match]
    assert len(found) == 5
    for match in found:
        assert _PINNED.fullmatch(match[1]), match[1]
        assert _VERSION_COMMENT.match(match[2]), match[0]


def test_only_the_publish_job_gets_an_oidc_token_and_it_publishes_what_build_made() -> None:
    workflow = _workflow()
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["publish"]["permissions"] == {"id-token": "write"}
    assert "permissions" not in jobs["build"]
    assert jobs["publish"]["needs"] == "build"
    assert jobs["publish"]["environment"]["name"] == "pypi"
    publish_steps = [s.get("uses", "").split("@")[0] for s in jobs["publish"]["steps"]]
    assert publish_steps == ["actions/download-artifact", "pypa/gh-action-pypi-publish"]
    assert "password" not in str(jobs["publish"])  # trusted publishing: no stored token
    assert any("python -m build" in s.get("run", "") for s in jobs["build"]["steps"])


def test_the_workflow_meets_the_github_workflow_schema() -> None:
    assert check_workflow(REPO_ROOT, WORKFLOW) == []


def test_the_checkout_pin_is_the_one_generated_workflows_use() -> None:
    from herokube.blueprints import load_pinned_actions

    checkout = load_pinned_actions()["actions/checkout"]
    text = Path(WORKFLOW).read_text(encoding="utf-8")
    assert f"actions/checkout@{checkout.sha} # {checkout.version}" in text
