"""Render the chart herokube writes for a hand-built app, with extra values a platform team sets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from herokube.model import App, Domain, DynoSize, Process, Runtime, SchedulerJob
from herokube.plan import PlanOptions, make_plan
from herokube.render.repository import Template, render_tree

_yaml = YAML(typ="safe", pure=True)

# Heroku app names have at most 30 characters.
LONG_APP = "acme-customer-billing-platform"
SIZES = {
    "standard-1x": DynoSize("standard-1x", 512, 250),
    "standard-2x": DynoSize("standard-2x", 1024, 500),
}
Render = Callable[..., list[dict[str, Any]]]


def long_app() -> App:
    """A JVM app with the longest name, long process types and long Scheduler job names."""
    return App(
        name=LONG_APP,
        processes=(
            Process("web", "java -jar target/app.jar", 2, "standard-2x"),
            Process("invoice-reconciliation-worker-queue", "java -cp app.jar Worker", 1),
            Process("invoice-reconciliation-worker-queue2", "java -cp app.jar Worker2", 1),
            Process("release", "java -cp app.jar Migrate", 1),
        ),
        dyno_sizes=SIZES,
        scheduler_jobs=(
            SchedulerJob("bin/rake invoices:reconcile_all_outstanding_accounts", 60),
            SchedulerJob("bin/rake invoices:reconcile_all_outstanding_accounts_again", 1440),
        ),
        domains=(Domain("billing.example.com", "custom"),),
        runtime=Runtime(language="java", version="21"),
        commit="0123456789abcdef0123",
    )


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's values merge: maps merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        existing = merged.get(key)
        if isinstance(value, Mapping) and isinstance(existing, Mapping):
            merged[key] = merge(existing, value)
        else:
            merged[key] = value
    return merged


def write_repository(out: Path, options: PlanOptions) -> Path:
    out.mkdir()
    render_tree(make_plan(long_app(), options), out, Template())
    return out


@pytest.fixture(scope="module")
def long_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repository(tmp_path_factory.mktemp("chart") / "repo", PlanOptions())


def render_repository(
    repository: Path, environment: str, extra: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every manifest Helm renders for ``environment``, with ``extra`` values on top."""
    import helm_python

    chart_dir = repository / "chart"
    values = _yaml.load((chart_dir / "values.yaml").read_text(encoding="utf-8"))
    override = _yaml.load(
        (repository / "environments" / environment / "values.yaml").read_text(encoding="utf-8")
    )
    merged = merge(merge(values, override), extra or {})
    chart = helm_python.Chart.load(chart_dir)
    chart.validate_schema(chart.merge_values(merged))
    name = repository.name if repository.name != "repo" else LONG_APP
    rendered = chart.render(merged, name=name, namespace=f"{name}-{environment}", is_install=True)
    texts = [text for key, text in sorted(rendered.items()) if key.endswith(".yaml")]
    return [doc for text in texts for doc in _yaml.load_all(text) if isinstance(doc, dict)]


@pytest.fixture
def render(long_repository: Path) -> Render:
    def run(environment: str = "prod", **extra: Any) -> list[dict[str, Any]]:
        return render_repository(long_repository, environment, extra)

    return run


def pod_specs(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``Kind/name`` → the pod template of every workload (Deployment, Job, CronJob)."""
    pods: dict[str, dict[str, Any]] = {}
    for doc in documents:
        kind, name = doc["kind"], doc["metadata"]["name"]
        if kind in ("Deployment", "Job"):
            pods[f"{kind}/{name}"] = doc["spec"]["template"]
        elif kind == "CronJob":
            pods[f"{kind}/{name}"] = doc["spec"]["jobTemplate"]["spec"]["template"]
    return pods
