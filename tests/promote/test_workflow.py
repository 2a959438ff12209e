"""The generated promote workflow: what it asks, what it may do, and its scripts, run for real.

The last test runs the workflow's own ``run:`` scripts with bash (GitHub's ``shell: bash``) on
a generated repository with a bare ``origin`` and a stand-in ``gh``: the tag is promoted on a
pushed branch, and the pull request is opened with the ``herokube diff`` body.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from herokube.blueprints import load_pinned_actions
from herokube.yamlio import load_yaml_text
from herokube_testing import EXAMPLE_ARGS, run_herokube

from .conftest import NEW_TAG, git

WORKFLOW = Path(".github") / "workflows" / "promote.yaml"
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)


def _workflow(repo: Path) -> dict[str, Any]:
    path = repo / WORKFLOW
    data = load_yaml_text(path.read_text(encoding="utf-8"), source=str(path))
    assert isinstance(data, dict)
    return data


def _strings(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, text) of every string in the workflow, keys included."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, str(key)), str(key)
            yield from _strings(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, str(index)))
    elif isinstance(node, str):
        yield path, node


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    steps = workflow["jobs"]["promote"]["steps"]
    assert isinstance(steps, list)
    return steps


def test_inputs_list_the_environments_in_promotion_order(generated: Path) -> None:
    inputs = _workflow(generated)["on"]["workflow_dispatch"]["inputs"]
    assert inputs["from"]["type"] == inputs["to"]["type"] == "choice"
    assert inputs["from"]["options"] == ["dev", "staging"]
    assert inputs["to"]["options"] == ["staging", "prod"]


def test_least_privilege_on_the_one_job(generated: Path) -> None:
    workflow = _workflow(generated)
    assert workflow["permissions"] == {}
    assert list(workflow["jobs"]) == ["promote"]
    assert workflow["jobs"]["promote"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
    }


def test_inputs_reach_scripts_only_through_env(generated: Path) -> None:
    workflow = _workflow(generated)
    expressions = [
        (where, found.strip())
        for where, text in _strings(workflow)
        for found in _EXPRESSION.findall(text)
    ]
    assert expressions, "the workflow reads its inputs"
    # Every ${{ }} is a whole value directly under an env: mapping, never in run:.
    assert all(where[-2] == "env" for where, _ in expressions), expressions
    assert {e for _, e in expressions} == {"inputs.from", "inputs.to", "secrets.GITHUB_TOKEN"}
    assert workflow["jobs"]["promote"]["env"] == {
        "FROM": "${{ inputs.from }}",
        "TO": "${{ inputs.to }}",
    }


def test_actions_are_pinned_and_herokube_is_the_exact_version(generated: Path) -> None:
    workflow = _workflow(generated)
    pins = load_pinned_actions()
    uses = [step["uses"] for step in _steps(workflow) if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert all(pins[u.split("@")[0]].sha == u.split("@")[1] for u in uses)
    assert workflow["env"]["HEROKUBE_VERSION"] == "0.1.0"
    scripts = [step["run"] for step in _steps(workflow) if "run" in step]
    assert 'pip install "herokube==${HEROKUBE_VERSION}"' in scripts
    assert any('herokube promote "${FROM}" "${TO}"' in script for script in scripts)


def test_the_workflow_passes_validate(generated: Path) -> None:
    """herokube validate checks workflows against GitHub's workflow schema."""
    run = run_herokube("validate", generated, "--output", "json")
    assert run.code == 0, run.out + run.err
    assert ".github/workflows/promote.yaml" not in run.out


@pytest.mark.parametrize(
    ("environments", "expected"),
    [(["prod"], None), (["staging", "production"], (["staging"], ["production"]))],
    ids=["one-environment", "two-environments"],
)
def test_written_only_when_there_is_somewhere_to_promote(
    tmp_path: Path, environments: list[str], expected: tuple[list[str], list[str]] | None
) -> None:
    out = tmp_path / "deploy"
    flags = [arg for name in environments for arg in ("--env", name)]
    run = run_herokube("new", *EXAMPLE_ARGS["hello-minimal"], "--out", out, *flags)
    assert run.code == 0, run.err
    if expected is None:
        assert not (out / WORKFLOW).exists()
        return
    inputs = _workflow(out)["on"]["workflow_dispatch"]["inputs"]
    assert (inputs["from"]["options"], inputs["to"]["options"]) == expected


def _runner(tmp_path: Path) -> dict[str, str]:
    """A runner's environment: herokube on PATH, a ``gh`` that records what it was asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(
        '#!/bin/sh\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/gh-args"\n'
        'while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$RUNNER_TEMP/gh-body"; shift; done\n',
        encoding="utf-8",
    )
    gh.chmod(gh.stat().st_mode | stat.S_IXUSR)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    herokube_bin = Path(sys.executable).parent
    return {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), str(herokube_bin), os.environ["PATH"]]),
        "RUNNER_TEMP": str(temp),
        "GITHUB_STEP_SUMMARY": str(temp / "summary.md"),
        "GITHUB_RUN_ID": "4242",
        "GITHUB_REF_NAME": "main",
        "GH_TOKEN": "not-a-token",
        "HEROKUBE_VERSION": "0.1.0",
    }


def _run_steps(repo: Path, env: dict[str, str]) -> None:
    """Every ``run:`` step after the install, as GitHub runs ``shell: bash``."""
    for step in _steps(_workflow(repo)):
        script = step.get("run")
        if script is None or script.startswith("pip install"):
            continue
        subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=repo,
            env={**env, "FROM": "dev", "TO": "staging"},
            check=True,
            capture_output=True,
        )


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq (on every GitHub runner) is absent")
def test_the_scripts_push_a_branch_and_open_the_pull_request(repo: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    env = _runner(tmp_path)
    temp = Path(env["RUNNER_TEMP"])

    _run_steps(repo, env)

    branch = "herokube/promote-staging-4242"
    pushed = git(origin, "rev-parse", branch)
    assert git(origin, "show", "--no-patch", "--format=%s", pushed) == (
        f"Promote {NEW_TAG} from dev to staging"
    )
    assert git(origin, "diff", "--name-only", "main", branch) == "environments/staging/values.yaml"
    assert f"+  tag: {NEW_TAG}" in git(origin, "diff", "main", branch)
    args = (temp / "gh-args").read_text(encoding="utf-8").splitlines()
    assert args[:2] == ["pr", "create"]
    assert args[args.index("--base") + 1] == "main"
    assert args[args.index("--head") + 1] == branch
    assert args[args.index("--title") + 1] == f"Promote {NEW_TAG} from dev to staging"
    body = (temp / "gh-body").read_text(encoding="utf-8")
    assert "### herokube diff:" in body
    assert f"hello-minimal:{NEW_TAG}" in body

    # Dispatched again once merged: nothing to promote, no branch, no pull request.
    git(repo, "switch", "--quiet", "main")
    git(repo, "merge", "--quiet", "--ff-only", branch)
    (temp / "gh-args").unlink()
    _run_steps(repo, env)
    assert not (temp / "gh-args").exists()
    summary = (temp / "summary.md").read_text(encoding="utf-8")
    assert f"staging runs {NEW_TAG} already" in summary
