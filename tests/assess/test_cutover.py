"""The cutover switch (`migration.cutover`): rendered on both sides in every environment kind.

bookshelf's pipeline mirrors staging and production (both start before the cutover); the same
app without a pipeline gets dev, staging and prod, where only prod mirrors the Heroku app.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from herokube.pipeline import NewOptions, create_repository

from .conftest import REPO, CliResult

_yaml = YAML(typ="safe", pure=True)
EXPORT = REPO / "examples/bookshelf/export.json"


def _repository(folder: Path, *, pipeline: bool) -> Path:
    export = json.loads(EXPORT.read_text(encoding="utf-8"))
    if not pipeline:
        del export["pipeline"]
    source = folder / "export.json"
    source.write_text(json.dumps(export), encoding="utf-8")
    out = folder / "bookshelf-deploy"
    create_repository(
        NewOptions(source=source, out=out, paired_source=REPO / "examples/bookshelf/src")
    )
    return out


@pytest.fixture(scope="module")
def repositories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        "pipeline": _repository(tmp_path_factory.mktemp("pipeline"), pipeline=True),
        "single": _repository(tmp_path_factory.mktemp("single"), pipeline=False),
    }


def environment_values(repository: Path, environment: str) -> dict[str, Any]:
    path = repository / "environments" / environment / "values.yaml"
    loaded: dict[str, Any] = _yaml.load(path.read_text(encoding="utf-8"))
    return loaded


def render(
    repository: Path, environment: str, cutover: bool, extra: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The chart as Argo CD renders it for ``environment``, the switch set to ``cutover``, and
    ``extra`` merged over the environment's values as a team's commit would."""
    import helm_python

    chart = helm_python.Chart.load(repository / "chart")
    values = _yaml.load((repository / "chart" / "values.yaml").read_text(encoding="utf-8"))
    override = environment_values(repository, environment)
    override["migration"] = {"cutover": cutover}
    merged = _merge(_merge(values, override), extra or {})
    rendered = chart.render(
        merged, name="bookshelf", namespace=f"bookshelf-{environment}", is_install=True
    )
    texts = [text for name, text in sorted(rendered.items()) if name.endswith(".yaml")]
    return [doc for text in texts for doc in _yaml.load_all(text) if isinstance(doc, dict)]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        both = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merge(merged[key], value) if both else value
    return merged


def _replicas(documents: list[dict[str, Any]]) -> dict[str, int | None]:
    return {
        d["metadata"]["name"]: d["spec"].get("replicas")
        for d in documents
        if d["kind"] == "Deployment"
    }


@pytest.mark.parametrize(
    ("kind", "environment", "mirrors_heroku"),
    [
        ("pipeline", "staging", True),
        ("pipeline", "production", True),
        ("single", "dev", False),
        ("single", "staging", False),
        ("single", "prod", True),
    ],
)
def test_environments_mirroring_a_heroku_app_start_before_the_cutover(
    repositories: dict[str, Path], kind: str, environment: str, mirrors_heroku: bool
) -> None:
    values = environment_values(repositories[kind], environment)
    assert values["migration"] == {"cutover": not mirrors_heroku}


@pytest.mark.parametrize(
    ("kind", "environment"),
    [("pipeline", "staging"), ("pipeline", "production"), ("single", "dev"), ("single", "prod")],
)
def test_before_the_cutover_only_web_runs_and_every_cronjob_is_suspended(
    repositories: dict[str, Path], kind: str, environment: str
) -> None:
    repository = repositories[kind]
    before = render(repository, environment, cutover=False)
    after = render(repository, environment, cutover=True)
    web_replicas = environment_values(repository, environment)["processes"]["web"]["replicas"]
    production = environment in ("production", "prod")
    # production autoscales web (the HPA owns its replicas); elsewhere web has a fixed count.
    web = None if production else web_replicas
    assert _replicas(before) == {
        "bookshelf-web": web,
        "bookshelf-worker": 0,
        "bookshelf-sidekiq-critical": 0,
        "bookshelf-clock": 0,
    }
    expected_after = {"bookshelf-web": web, "bookshelf-sidekiq-critical": 1, "bookshelf-clock": 1}
    expected_after["bookshelf-worker"] = 2 if production else 1
    assert _replicas(after) == expected_after
    cron_before = {
        d["metadata"]["name"]: d["spec"]["suspend"] for d in before if d["kind"] == "CronJob"
    }
    cron_after = {
        d["metadata"]["name"]: d["spec"]["suspend"] for d in after if d["kind"] == "CronJob"
    }
    assert len(cron_before) == 3
    assert set(cron_before.values()) == {True}
    assert cron_after == dict.fromkeys(cron_before, False)
    # Only web ever autoscales: its HPA is the same on both sides.
    hpas = [
        [d["metadata"]["name"] for d in side if d["kind"] == "HorizontalPodAutoscaler"]
        for side in (before, after)
    ]
    assert hpas[0] == hpas[1] == (["bookshelf-web"] if production else [])


def test_a_cronjob_can_be_suspended_after_the_cutover(repositories: dict[str, Path]) -> None:
    repository = repositories["pipeline"]
    chart_values = _yaml.load((repository / "chart" / "values.yaml").read_text(encoding="utf-8"))
    name = sorted(chart_values["cronJobs"])[0]
    after = render(repository, "production", True, {"cronJobs": {name: {"suspend": True}}})
    suspended = {
        d["metadata"]["name"]: d["spec"]["suspend"] for d in after if d["kind"] == "CronJob"
    }
    assert suspended[f"bookshelf-{name}"] is True
    assert sum(suspended.values()) == 1


def _wave(document: dict[str, Any]) -> int:
    annotations = document["metadata"].get("annotations") or {}
    return int(annotations.get("argocd.argoproj.io/sync-wave", "0"))


def test_config_and_secrets_sync_before_the_release_job_before_the_workloads(
    repositories: dict[str, Path],
) -> None:
    documents = render(repositories["pipeline"], "production", cutover=True)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for document in documents:
        by_kind.setdefault(document["kind"], []).append(document)
    config, secret = by_kind["ConfigMap"][0], by_kind["ExternalSecret"][0]
    [release] = [j for j in by_kind["Job"] if j["metadata"]["name"] == "bookshelf-release"]
    for plain in (config, secret):
        # A hook would be deleted and re-created on every sync, and the Secret with it.
        assert not any(k.startswith("helm.sh/hook") for k in plain["metadata"]["annotations"])
    annotations = release["metadata"]["annotations"]
    assert annotations["argocd.argoproj.io/hook"] == "Sync"
    assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    workloads = by_kind["Deployment"] + by_kind["CronJob"]
    assert max(_wave(config), _wave(secret)) < _wave(release) < min(map(_wave, workloads))


def test_a_new_secret_variable_rolls_the_pods(repositories: dict[str, Path]) -> None:
    repository = repositories["pipeline"]

    def checksums(extra: dict[str, Any]) -> set[str]:
        documents = render(repository, "staging", True, extra)
        return {
            d["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
            for d in documents
            if d["kind"] == "Deployment"
        }

    variables = render(repository, "staging", True)
    [secret] = [d for d in variables if d["kind"] == "ExternalSecret"]
    names = [entry["secretKey"] for entry in secret["spec"]["data"]]
    before = checksums({})
    after = checksums({"externalSecrets": {"variables": [*names, "NEW_API_TOKEN"]}})
    assert len(before) == len(after) == 1
    assert before != after


def test_maintenance_mode_sends_every_host_to_a_503_page(repositories: dict[str, Path]) -> None:
    repository = repositories["pipeline"]
    normal = render(repository, "production", True)
    window = render(repository, "production", False, {"maintenance": {"enabled": True}})
    [ingress] = [d for d in window if d["kind"] == "Ingress"]
    backends = {
        path["backend"]["service"]["name"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"bookshelf-maintenance"}
    assert len(ingress["spec"]["rules"]) >= 1
    [service] = [
        d for d in window if d["kind"] == "Service" and "maintenance" in d["metadata"]["name"]
    ]
    assert service["spec"]["ports"][0]["name"] == "http"
    [config] = [
        d
        for d in window
        if d["metadata"]["name"] == "bookshelf-maintenance" and d["kind"] == "ConfigMap"
    ]
    assert "return 503;" in config["data"]["nginx.conf"]
    assert "Retry-After 600 always" in config["data"]["nginx.conf"]
    assert "Offline for maintenance" in config["data"]["index.html"]
    # Off, nothing of it renders and the hosts reach the web process.
    assert not [d for d in normal if "maintenance" in d["metadata"]["name"]]
    [ingress] = [d for d in normal if d["kind"] == "Ingress"]
    assert {
        p["backend"]["service"]["name"]
        for r in ingress["spec"]["rules"]
        for p in r["http"]["paths"]
    } == {"bookshelf-web"}


def test_maintenance_mode_passes_herokube_validate(
    repositories: dict[str, Path], tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(repositories["pipeline"], copy)
    values = copy / "environments" / "production" / "values.yaml"
    values.write_text(
        values.read_text(encoding="utf-8") + "maintenance:\n  enabled: true\n", encoding="utf-8"
    )
    result = herokube("validate", str(copy))
    assert result.code == 0, result.out + result.err
    assert " 0 errors, 0 warnings" in result.out, result.out


def test_one_certificate_per_host(repositories: dict[str, Path]) -> None:
    [ingress] = [
        d for d in render(repositories["pipeline"], "production", True) if d["kind"] == "Ingress"
    ]
    assert ingress["spec"]["tls"] == [
        {"secretName": "bookshelf-tls-api-bookshelf-example", "hosts": ["api.bookshelf.example"]},
        {"secretName": "bookshelf-tls-www-bookshelf-example", "hosts": ["www.bookshelf.example"]},
    ]


def test_herokube_diff_shows_the_flip(
    repositories: dict[str, Path], tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(repositories["pipeline"], copy)
    values = copy / "environments" / "production" / "values.yaml"
    text = values.read_text(encoding="utf-8")
    assert "cutover: false" in text
    values.write_text(text.replace("cutover: false", "cutover: true"), encoding="utf-8")
    result = herokube("diff", str(copy), "--env", "production")
    assert result.code == 0, result.err
    out = result.out
    assert "== production: 0 added, 6 changed, 0 removed" in out, out
    for name in ("worker", "sidekiq-critical", "clock"):
        assert f"~ changed Deployment bookshelf-production/bookshelf-{name}" in out
    for job in ("rake-catalog-sync", "rake-reports-hourly", "rake-cleanup-nightly"):
        assert f"~ changed CronJob bookshelf-production/bookshelf-{job}" in out
    assert out.count("-  suspend: true\n+  suspend: false") == 3
    assert "-  replicas: 0\n+  replicas: 2" in out
