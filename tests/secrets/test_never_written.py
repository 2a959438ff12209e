"""Issue 11, "Credentials written into the repository": for every shape, `herokube new` (from an
export, and from an app.json source tree) writes the value nowhere: not in a file, not in the
new repository's history, not in `herokube assess` output of any format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herokube_testing import CliRun, repository_text, run_herokube

from . import credentials as c


def _leaked(text: str) -> list[str]:
    return [secret for secret in c.NEVER_WRITTEN if secret in text]


@pytest.fixture(scope="module")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "leaky-app.export.json"
    path.write_text(json.dumps(c.hostile_export()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def source_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-src") / "leaky-app"
    root.mkdir()
    (root / "app.json").write_text(json.dumps(c.hostile_app_json()), encoding="utf-8")
    (root / "Procfile").write_text(
        "".join(f"{name}: {command}\n" for name, command in c.COMMANDS.items()), encoding="utf-8"
    )
    (root / "package.json").write_text(
        json.dumps({"name": "leaky-app", "engines": {"node": "20.x"}}), encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def from_export(export_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CliRun]:
    out = tmp_path_factory.mktemp("from-export") / "repo"
    return out, run_herokube("new", export_file, "--out", out)


@pytest.fixture(scope="module")
def from_source(source_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CliRun]:
    out = tmp_path_factory.mktemp("from-source") / "repo"
    return out, run_herokube("new", source_tree, "--out", out, "--image-tag", "1.0.0")


def test_new_from_an_export_writes_no_credential(from_export: tuple[Path, CliRun]) -> None:
    out, run = from_export
    assert run.code == 0, run.err
    assert _leaked(repository_text(out)) == []
    assert _leaked(run.out + run.err) == []


def test_new_from_a_source_tree_writes_no_credential(from_source: tuple[Path, CliRun]) -> None:
    out, run = from_source
    assert run.code == 0, run.err
    assert _leaked(repository_text(out)) == []
    assert _leaked(run.out + run.err) == []


@pytest.mark.parametrize("made_by", ["from_export", "from_source"])
def test_value_shaped_config_vars_become_secret_keys(
    made_by: str, request: pytest.FixtureRequest
) -> None:
    out, _ = request.getfixturevalue(made_by)
    values = (out / "chart" / "values.yaml").read_text(encoding="utf-8")
    configmap_part, _, secrets_part = values.partition("externalSecrets:")
    for name in c.VALUE_SHAPED:
        assert name in secrets_part, name
    assert "RAILS_ENV: production" in configmap_part


def test_command_credentials_move_into_secret_variables(
    from_export: tuple[Path, CliRun],
) -> None:
    out, run = from_export
    values = (out / "chart" / "values.yaml").read_text(encoding="utf-8")
    # NAME=secret keeps its name; the others get one derived from the process.
    assert 'API_TOKEN="${API_TOKEN}" exec node server.js' in values
    assert '"admin:' not in values and "${HEROKUBE_SECRET_WORKER_1}" in values
    assert '"--password=${HEROKUBE_SECRET_SYNC_1}"' in values
    assert "https://${HEROKUBE_SECRET_SCHEDULER_1_1}@hooks.example.com/ping" in values
    runbook = (out / "docs" / "migration.md").read_text(encoding="utf-8")
    for name in ("API_TOKEN", "HEROKUBE_SECRET_WORKER_1", "HEROKUBE_SECRET_SCHEDULER_1_1"):
        assert f"`{name}`" in runbook, name
    assert "Keys named `HEROKUBE_SECRET_…` held credentials" in runbook
    assert "now reads API_TOKEN from the secret store" in run.err


def test_the_repository_url_keeps_only_owner_and_name(from_export: tuple[Path, CliRun]) -> None:
    out, _ = from_export
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "from https://github.com/acme/leaky-app " in readme
    answers = (out / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "app_repo: https://github.com/acme/leaky-app\n" in answers


def test_secret_named_app_json_values_are_not_recorded(from_source: tuple[Path, CliRun]) -> None:
    out, _ = from_source
    record = json.loads((out / ".herokube" / "app.json").read_text(encoding="utf-8"))
    env = record["app"]["app_json"]["env"]
    assert "value" not in env["SECRET_KEY_BASE"]
    assert env["RAILS_ENV"] == "production"


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_assess_prints_no_credential(export_file: Path, output_format: str) -> None:
    run = run_herokube("assess", export_file, "--format", output_format)
    assert run.code == 0, run.err
    assert _leaked(run.out + run.err) == []


def test_command_line_urls_lose_their_credentials(export_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "repo"
    run = run_herokube(
        "new",
        export_file,
        "--out",
        out,
        "--repo-url",
        "https://argo:RepoUrlMark31@github.com/acme/leaky-deploy.git",
        "--app-repo",
        "https://ci:AppRepoMark32@github.com/acme/leaky-app.git?token=AppRepoMark33",
    )
    assert run.code == 0, run.err
    text = repository_text(out)
    assert [m for m in ("RepoUrlMark31", "AppRepoMark32", "AppRepoMark33") if m in text] == []
    applications = (out / "argocd" / "applications.yaml").read_text(encoding="utf-8")
    assert '"https://github.com/acme/leaky-deploy.git"' in applications


@pytest.mark.parametrize("made_by", ["from_export", "from_source"])
def test_what_new_wrote_with_moved_credentials_validates(
    made_by: str, request: pytest.FixtureRequest
) -> None:
    out, _ = request.getfixturevalue(made_by)
    run = run_herokube("validate", out)
    assert run.code == 0, run.out + run.err
