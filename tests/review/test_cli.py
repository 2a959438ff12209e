"""`herokube new` and review apps: from the export's pipeline, from --review-apps, refused or
skipped without a GitHub repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from herokube_testing import run_herokube

from .conftest import load_yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _export(tmp_path: Path, *, review_apps: bool, github: bool = True) -> Path:
    data: dict[str, Any] = json.loads(
        (EXAMPLES / "bookshelf" / "export.json").read_text(encoding="utf-8")
    )
    data["pipeline"]["review_apps"] = review_apps
    data["source"]["app_json"] = {
        "scripts": {"postdeploy": "bin/rails db:seed"},
        "environments": {
            "review": {
                "addons": ["heroku-postgresql:essential-0"],
                "scripts": {"pr-predestroy": "bin/rails review:teardown"},
                "formation": {"web": {"quantity": 1}},
            }
        },
    }
    if not github:
        data["source"].pop("repository")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_pipelines_review_apps_and_app_json_make_the_review_environment(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    result = run_herokube("new", _export(tmp_path, review_apps=True), "--out", out)
    assert result.code == 0, result.err
    assert (out / "argocd" / "review-apps.yaml").is_file()
    values = load_yaml(out / "environments" / "review" / "values.yaml")
    # app.json's scripts, environments.review's over the top level's.
    assert values["reviewApp"]["postdeploy"]["command"] == "bin/rails db:seed"
    assert values["reviewApp"]["prPredestroy"]["command"] == "bin/rails review:teardown"
    # environments.review.addons replaces the top-level list: Postgres only, no Redis.
    assert values["postgresCluster"]["enabled"] is True
    assert "redis" not in values and "REDIS_URL" in values["externalSecrets"]["variables"]
    assert "[review-setting-ignored]" in result.err  # its formation
    assert "(2 environments: staging, production)" in result.out


def test_review_apps_without_a_github_repository_are_skipped_with_a_warning(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    result = run_herokube("new", _export(tmp_path, review_apps=True, github=False), "--out", out)
    assert result.code == 0, result.err
    assert "[review-apps-skipped]" in result.err
    assert not (out / "argocd" / "review-apps.yaml").exists()
    assert not (out / "environments" / "review").exists()


def test_review_apps_option_without_a_github_repository_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export = _export(tmp_path, review_apps=False, github=False)
    result = run_herokube("new", export, "--out", out, "--review-apps")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "--review-apps" in result.err
    assert "Traceback" not in result.err and not out.exists()


def test_an_environment_named_review_is_refused_with_review_apps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export = _export(tmp_path, review_apps=False)
    result = run_herokube(
        "new", export, "--out", out, "--review-apps", "--env", "staging", "--env", "review"
    )
    assert result.code == 2
    assert result.err.count("\n") == 1 and "review" in result.err
    assert not out.exists()
