"""``herokube fleet --logging logging-operator``: the platform installs the kube-logging operator
(with its Logging) only when some app uses it, and still validates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from herokube.blueprints import load_operators
from herokube_testing import EXAMPLES, CliRun


def test_the_logging_operator_is_installed_only_for_apps_that_use_it(
    tmp_path: Path, run_cli: Callable[..., CliRun]
) -> None:
    export = EXAMPLES / "bookshelf" / "export.json"  # names its release: fleet deploys it
    plain = run_cli("fleet", export, "--out", tmp_path / "plain", "--output", "json")
    assert plain.code == 0, plain.err
    assert "logging-operator" not in json.loads(plain.out)["platform"]["operators"]

    out = tmp_path / "logging"
    run = run_cli(
        "fleet", export, "--out", out, "--logging", "logging-operator", "--output", "json"
    )
    assert run.code == 0, run.err
    assert "logging-operator" in json.loads(run.out)["platform"]["operators"]
    check = run_cli("validate", out / "platform", "--output", "json")
    assert check.code == 0, check.out
    values = YAML(typ="safe", pure=True).load(
        (out / "platform" / "chart" / "values.yaml").read_text()
    )
    operator = values["operators"]["logging-operator"]
    # The chart's own Logging runs fluentd and fluent-bit: without one, Flows go nowhere.
    assert operator["values"]["logging"]["enabled"] is True
    assert operator["oci"] is True and operator["repo"] == "ghcr.io/kube-logging/helm-charts"


def test_the_operator_pin_is_the_release_whose_crds_herokube_ships() -> None:
    operator = load_operators()["logging-operator"]
    assert (operator.chart, operator.version, operator.needed_by) == (
        "logging-operator",
        "6.7.0",
        "logging-operator",
    )
