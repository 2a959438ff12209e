"""`--load-test` on the command line: `new` and `fleet` take it, and a bad choice exits 2."""

from __future__ import annotations

import json
from pathlib import Path

from herokube_testing import EXAMPLE_BY_NAME, run_herokube


def test_new_writes_the_script_and_validates(tmp_path: Path) -> None:
    example = EXAMPLE_BY_NAME["hello-minimal"]
    out = tmp_path / "repo"
    result = run_herokube("new", *example.args, "--out", out, "--load-test", "k6")
    assert result.code == 0, result.err
    routes = json.loads((out / "chart/files/loadtest/routes.json").read_text(encoding="utf-8"))
    assert routes["routes"][0]["path"] == "/"
    before = run_herokube("validate", out)
    # Turned on in one environment, the TestRun renders and herokube validate accepts it.
    values = next((out / "environments").glob("*/values.yaml"))
    values.write_text(
        values.read_text(encoding="utf-8") + "loadTest:\n  enabled: true\n", encoding="utf-8"
    )
    checked = run_herokube("validate", out)
    assert checked.code == 0, checked.out + checked.err
    assert " 0 errors, 0 warnings" in checked.out
    # Two more resources: the script's ConfigMap and the TestRun.
    assert _resources(checked.out) == _resources(before.out) + 2


def _resources(summary: str) -> int:
    return int(summary.split("checked ", 1)[1].split()[0])


def test_fleet_passes_it_on(tmp_path: Path) -> None:
    example = EXAMPLE_BY_NAME["bookshelf"]  # its export names the release fleet deploys
    out = tmp_path / "fleet"
    result = run_herokube(
        "fleet", example.source, "--out", out, "--load-test", "k6", "--output", "json"
    )
    assert result.code == 0, result.err
    assert list(out.glob("*/chart/files/loadtest/script.js"))
    # The platform installs the operator that runs the TestRuns, only for apps that have them.
    assert "k6-operator" in json.loads(result.out)["platform"]["operators"]
    plain = run_herokube("fleet", example.source, "--out", tmp_path / "plain", "--output", "json")
    assert plain.code == 0, plain.err
    assert "k6-operator" not in json.loads(plain.out)["platform"]["operators"]


def test_an_unknown_choice_exits_2(tmp_path: Path) -> None:
    example = EXAMPLE_BY_NAME["hello-minimal"]
    result = run_herokube("new", *example.args, "--out", tmp_path / "x", "--load-test", "jmeter")
    assert result.code == 2
    assert "--load-test" in result.err
    assert not (tmp_path / "x").exists()
