"""``herokube new --logging logging-operator`` on an export whose drains carry credentials: no
drain credential reaches the repository (files, ``.herokube/app.json``, Git history) or the output,
the repository validates, and ``assess`` says what the option does with the drains."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from herokube_testing import EXAMPLES, CliRun, repository_text, run_herokube

PASSWORD = "DrainPassMark31x"
USER_TOKEN = "DrainUserMark77"
DD_KEY = "ddkeymark0123456789abcdef01234567"
PATH_TOKEN = "LogtailMark9kL1mN3pQ5rS"
QUERY_TOKEN = "SrcTokenMark5fG7hJ9kL"
NEVER_WRITTEN = (PASSWORD, USER_TOKEN, DD_KEY, PATH_TOKEN, QUERY_TOKEN)
DRAINS = [
    "syslog+tls://logs3.papertrailapp.com:12345",
    f"https://{USER_TOKEN}:{PASSWORD}@logs.example.com/in",
    f"https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key={DD_KEY}&ddsource=heroku",
    f"https://in.logtail.com/heroku/{PATH_TOKEN}",
    f"https://in.logs.betterstack.com/?source_token={QUERY_TOKEN}",
]


def _export(folder: Path, drains: list[str]) -> Path:
    data = json.loads((EXAMPLES / "bookshelf" / "export.json").read_text(encoding="utf-8"))
    data["log_drains"] = [{"url": url, "addon": None} for url in drains]
    path = folder / "bookshelf.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CliRun]:
    folder = tmp_path_factory.mktemp("drains")
    out = folder / "repo"
    return out, run_herokube(
        "new", _export(folder, DRAINS), "--out", out, "--logging", "logging-operator"
    )


def test_no_drain_credential_reaches_the_repository_or_its_history(
    written: tuple[Path, CliRun],
) -> None:
    out, run = written
    assert run.code == 0, run.err
    text = repository_text(out)
    assert [secret for secret in NEVER_WRITTEN if secret in text] == []
    assert [secret for secret in NEVER_WRITTEN if secret in run.out + run.err] == []
    # The record keeps where each credential stood, so `update` plans the same Outputs.
    record = json.loads((out / ".herokube" / "app.json").read_text(encoding="utf-8"))
    assert record["app"]["log_drains"][1] == "https://REDACTED:REDACTED@logs.example.com/in"
    assert record["plan_options"]["logging"] == "logging-operator"
    # What cannot be carried is said, by drain.
    assert run.err.count("log-drain-not-carried") == 2


def test_the_repository_validates_with_the_logging_resources(
    written: tuple[Path, CliRun], run_cli: Callable[..., CliRun]
) -> None:
    out, _ = written
    check = run_cli("validate", out, "--output", "json")
    assert check.code == 0, check.out
    assert json.loads(check.out)["summary"]["errors"] == 0
    templates = out / "chart" / "templates"
    assert (templates / "logging-flow.yaml").is_file() and (
        templates / "logging-outputs.yaml"
    ).is_file()
    runbook = (out / "docs" / "migration.md").read_text(encoding="utf-8")
    assert "### Check that logs arrive" in runbook and "HEROKUBE_LOG_DRAIN_2_PASSWORD" in runbook


def test_update_plans_the_same_outputs_from_the_record(
    written: tuple[Path, CliRun], run_cli: Callable[..., CliRun]
) -> None:
    from herokube.plan import make_plan
    from herokube.update.record import parse_record

    out, _ = written
    record = parse_record((out / ".herokube" / "app.json").read_text(encoding="utf-8"))
    values = (out / "chart" / "values.yaml").read_text(encoding="utf-8")
    replanned = make_plan(record.app, record.options)
    for drain in replanned.logging["drains"]:
        assert f"name: {drain['name']}" in values
    assert len(replanned.logging["drains"]) == 3


@pytest.mark.parametrize("logging", ["none", "logging-operator"])
def test_assess_says_what_logging_operator_does_with_the_drains(
    tmp_path: Path, logging: str
) -> None:
    from herokube.assess.findings import findings
    from herokube.load import load_app, resolve_inputs
    from herokube.plan import PlanOptions, make_plan

    app = load_app(resolve_inputs(_export(tmp_path, DRAINS)))
    [finding] = [
        f
        for f in findings(make_plan(app, PlanOptions(logging=logging)), ())
        if f.code == "log-drains"
    ]
    if logging == "none":
        assert "--logging logging-operator" in finding.message
    else:
        assert "3 carried as logging operator Outputs" in finding.message
