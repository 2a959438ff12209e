"""Options, files and exit codes of `herokube assess`; findings on hand-made exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from herokube.assess import AssessOptions, assess

from .conftest import CliResult, write_export


def test_out_writes_the_file(tmp_path: Path, herokube: Callable[..., CliResult]) -> None:
    target = tmp_path / "assessment.md"
    result = herokube(
        "assess", "examples/hello-minimal/export.json", "--format", "markdown", "--out", str(target)
    )
    assert (result.code, result.out, result.err) == (0, "", f"Wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith(
        "# Heroku migration assessment: hello-minimal\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["examples/missing.json"], "herokube: examples/missing.json: no such file or directory\n"),
        (
            ["examples/hello-minimal/export.json", "--format", "yaml"],
            "herokube: Invalid value for '--format' / '-f': Value error, 'yaml' is not one of"
            " 'text', 'markdown', 'json', 'html'.\n",
        ),
        (
            ["examples/hello-minimal/export.json", "--node-size", "big"],
            "herokube: --node-size: big: expected vCPUs and GiB, e.g. 4cpu-16gi or 4x16\n",
        ),
        (
            [
                "examples/hello-minimal/export.json",
                "examples/bookshelf/export.json",
                "--source",
                "examples/bookshelf/src",
            ],
            "herokube: --source: --source pairs a tree with one export file: give one SOURCE with it\n",
        ),
        (
            ["examples/hello-minimal/export.json", "examples/hello-minimal/export.json"],
            "herokube: examples/hello-minimal/export.json: the app 'hello-minimal' is already given as examples/hello-minimal/export.json\n",
        ),
        (
            ["examples/hello-minimal/export.json", "--out", "no/such/folder/x.md"],
            "herokube: no/such/folder/x.md: --out: the folder does not exist\n",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(
    args: list[str], message: str, herokube: Callable[..., CliResult]
) -> None:
    result = herokube("assess", *args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_malformed_export_exits_2(tmp_path: Path, herokube: Callable[..., CliResult]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = herokube("assess", str(broken))
    assert result.code == 2
    assert result.err.startswith(f"herokube: {broken}") and result.err.count("\n") == 1


def test_help_teaches(herokube: Callable[..., CliResult]) -> None:
    result = herokube("assess", "--help")
    assert result.code == 0
    assert (
        "herokube assess exports/*.export.json --format markdown --out assessment.md" in result.out
    )


def _codes(tmp_path: Path, **parts: object) -> dict[str, str]:
    [app] = assess(AssessOptions((write_export(tmp_path, "probe", **parts),))).apps
    return {f.code: f.severity for f in app.findings}


def test_shield_space_and_retired_addon_block(tmp_path: Path) -> None:
    codes = _codes(
        tmp_path,
        app={"name": "probe", "space": {"name": "vault", "shield": True}},
        addons=[
            {
                "name": "togo-1",
                "service": "redistogo",
                "plan": "redistogo:nano",
                "billing_app": "probe",
                "config_vars": ["REDISTOGO_URL"],
            }
        ],
    )
    assert codes["shield-space"] == codes["addon-retired"] == "blocker"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("foreman start -f Procfile.web", {"web-multi-process"}),
        ("bin/start-nginx && bundle exec puma -C config/puma.rb", {"web-multi-process"}),
        ("node worker.js & node server.js", {"web-multi-process"}),
        ("bundle exec rake assets:precompile && bundle exec puma -C config/puma.rb", set()),
        ("uvicorn app:app --host 0.0.0.0", {"web-port-unbound"}),
        ("uvicorn app:app --host 0.0.0.0 --port $PORT", set()),
        ("gunicorn app:app", set()),
    ],
)
def test_web_command_checks(command: str, expected: set[str], tmp_path: Path) -> None:
    codes = _codes(
        tmp_path, formation=[{"type": "web", "command": command, "quantity": 1, "size": "basic"}]
    )
    assert {c for c in codes if c.startswith("web-")} == expected


def test_no_secret_value_reaches_any_format(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    export = write_export(
        tmp_path,
        "leaky",
        config_vars=[
            {
                "name": "API_TOKEN",
                "value": "tok-very-secret-1",
                "secret": True,
                "source": {"kind": "user"},
            },
            {
                "name": "PLAIN",
                "value": "plain-value-2",
                "secret": False,
                "source": {"kind": "user"},
            },
        ],
    )
    for output_format in ("text", "markdown", "json"):
        out = herokube("assess", str(export), "--format", output_format).out
        assert "API_TOKEN" in out and "PLAIN" in out
        assert "tok-very-secret-1" not in out and "plain-value-2" not in out
