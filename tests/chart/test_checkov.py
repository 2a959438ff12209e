"""Issue 18's proof: checkov finds nothing in the rendered chart beyond docs/chart.md's list of
matters of taste, in every environment of every example and with every optional part on.

The checks that are not taste run as this suite's own predicates (``checkov_equivalents``: checkov
cannot share herokube's environment). Where a ``checkov`` executable is installed apart
(``pipx install checkov``, or ``HEROKUBE_CHECKOV=/path/to/checkov``), the real one runs too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from herokube.chartrepo import environment_values, load_chart, read_values
from herokube.load import load_app, resolve_inputs
from herokube.plan import PlanOptions, make_plan
from herokube.render.repository import Template, render_tree
from herokube_testing import EXAMPLE_LIST, EXAMPLES, REPO_ROOT

from .checkov_equivalents import CHECKS, failures

_yaml = YAML(typ="safe", pure=True)
TASTE_ROW = re.compile(r"^\| `(CKV2?_K8S_\d+)` \| ([^|]+) \| ([^|]+) \|$", re.MULTILINE)
# Every optional part of the chart: the in-cluster add-ons, monitoring, the Gateway API route.
OPTIONS = {
    "incluster": PlanOptions(
        postgres="cloudnative-pg", redis="in-cluster", monitoring="prometheus"
    ),
    "gateway": PlanOptions(ingress="gateway-api"),
}


def taste_list() -> dict[str, str]:
    """docs/chart.md's table of checkov ids that are matters of taste: {id: why}."""
    text = (REPO_ROOT / "docs" / "chart.md").read_text(encoding="utf-8")
    return {match[1]: match[3].strip() for match in TASTE_ROW.finditer(text)}


def _environments(repository: Path) -> Iterator[tuple[str, str]]:
    """(environment, every object Helm renders for it, as YAML text)."""
    loaded = load_chart(repository / "chart", repository)
    for environment, path in environment_values(repository).items():
        values = read_values(path).data or {}
        monitoring = values.get("monitoring")
        if isinstance(monitoring, dict):  # the ServiceMonitor a team switches on
            monitoring.setdefault("serviceMonitor", {})["enabled"] = True
        rendered = loaded.render(values, environment)
        yield environment, "\n---\n".join(text for _, text in loaded.documents(rendered))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """{<example>-<environment>: manifests} for the examples and the option matrix."""
    found: dict[str, str] = {}
    for example in EXAMPLE_LIST:
        for environment, text in _environments(example.repository):
            found[f"{example.name}-{environment}"] = text
    bookshelf = EXAMPLES / "bookshelf"
    app = load_app(resolve_inputs(bookshelf / "export.json", bookshelf / "src"))
    for name, options in OPTIONS.items():
        out = tmp_path_factory.mktemp(name) / "repo"
        out.mkdir()
        render_tree(make_plan(app, options), out, Template())
        for environment, text in _environments(out):
            found[f"bookshelf-{name}-{environment}"] = text
    return found


def _documents(text: str) -> list[dict[str, Any]]:
    return [d for d in _yaml.load_all(text) if isinstance(d, dict)]


def test_the_taste_list_gives_each_id_a_reason_and_equivalents_skip_it() -> None:
    taste = taste_list()
    assert {"CKV_K8S_21", "CKV_K8S_43"} <= set(taste)  # the table parsed
    assert all(len(why) > 40 for why in taste.values()), taste
    assert not taste.keys() & {check.id for check in CHECKS}


def test_no_check_fails_in_any_environment(rendered: dict[str, str]) -> None:
    assert len(rendered) >= 12
    problems = {name: failures(_documents(text)) for name, text in rendered.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_checks_catch_a_hardened_pod_undone() -> None:
    """Each predicate fails on the pod it is meant to refuse (none passes vacuously)."""
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "loose", "labels": {"app": "loose"}},
        "spec": {
            "hostNetwork": True,
            "hostPID": True,
            "hostIPC": True,
            "volumes": [{"name": "d", "hostPath": {"path": "/var/run/docker.sock"}}],
            "containers": [
                {
                    "name": "x",
                    "image": "busybox",
                    "ports": [{"containerPort": 80, "hostPort": 80}],
                    "securityContext": {
                        "privileged": True,
                        "runAsUser": 0,
                        "capabilities": {"add": ["SYS_ADMIN"]},
                    },
                },
                {"name": "bare", "image": "busybox:1.37"},
            ],
        },
    }
    failed = {line.split()[0] for line in failures([pod])}
    assert failed == {check.id for check in CHECKS} | {"CKV2_K8S_6"}


def _checkov() -> str:
    found = os.environ.get("HEROKUBE_CHECKOV") or shutil.which("checkov")
    if not found:
        pytest.skip("no checkov executable (pipx install checkov, or set HEROKUBE_CHECKOV)")
    return found


def test_real_checkov_fails_nothing_beyond_the_taste_list(
    rendered: dict[str, str], tmp_path: Path
) -> None:
    checkov = _checkov()
    for name, text in rendered.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [checkov, "--directory", str(tmp_path), "--framework", "kubernetes", "--output", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stdout)
    results = (report[0] if isinstance(report, list) else report)["results"]
    taste = taste_list()
    beyond = sorted(
        f"{f['check_id']} {f['resource']} ({f['file_path']})"
        for f in results["failed_checks"]
        if f["check_id"] not in taste
    )
    assert results["passed_checks"] and beyond == []
