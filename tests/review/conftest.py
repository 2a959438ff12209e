"""A Heroku app with review apps, rendered as Argo CD would render one pull request's Application."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from herokube.model import Addon, App, ConfigVar, DynoSize, Pipeline, Process, ReviewEnvironment
from herokube.plan import PlanOptions, make_plan
from herokube.render.repository import Template, render_tree

_yaml = YAML(typ="safe", pure=True)

APP = "shop"
PR_NUMBER = "7"
HEAD_SHA = "0123456789abcdef0123456789abcdef01234567"
RELEASE = f"{APP}-pr-{PR_NUMBER}"
"""The release and namespace the ApplicationSet gives pull request 7."""


def review_app(**changes: Any) -> App:
    """A Rails app whose pipeline has review apps and whose app.json says what they get."""
    fields: dict[str, Any] = {
        "name": APP,
        "processes": (
            Process("web", "bundle exec puma -C config/puma.rb", 2, "standard-1x"),
            Process("worker", "bundle exec sidekiq", 1, "standard-1x"),
            Process("release", "bin/rails db:migrate", 1, "standard-1x"),
        ),
        "dyno_sizes": {"standard-1x": DynoSize("standard-1x", 512, 250)},
        "addons": (
            Addon(
                "heroku-postgresql",
                "postgresql-round-1",
                "heroku-postgresql:standard-0",
                config_vars=("DATABASE_URL",),
                details={"postgres_version": "16.4"},
            ),
            Addon(
                "heroku-redis",
                "redis-cubed-2",
                "heroku-redis:premium-0",
                config_vars=("REDIS_URL",),
            ),
            Addon(
                "papertrail",
                "papertrail-flat-3",
                "papertrail:choklad",
                config_vars=("PAPERTRAIL_API_TOKEN",),
            ),
        ),
        "config_vars": (
            ConfigVar("DATABASE_URL", None, True, "addon"),
            ConfigVar("REDIS_URL", None, True, "addon"),
            ConfigVar("PAPERTRAIL_API_TOKEN", None, True, "addon"),
            ConfigVar("SECRET_KEY_BASE", None, True, "user"),
            ConfigVar("RAILS_ENV", "production", False, "user"),
        ),
        "pipeline": Pipeline(APP, "production", ("staging", "production"), review_apps=True),
        "repository": "https://github.com/acme/shop",
        "commit": "fedcba9876543210fedcba9876543210fedcba98",
        "review_environment": ReviewEnvironment(
            addons=("heroku-postgresql", "heroku-redis", "papertrail"),
            postdeploy="bin/rails db:seed",
            pr_predestroy="bin/rails review:teardown",
            env={"RAILS_LOG_LEVEL": "debug", "SECRET_KEY_BASE": "not-carried"},
        ),
    }
    fields.update(changes)
    return App(**fields)


def write_repository(out: Path, app: App, options: PlanOptions | None = None) -> Path:
    out.mkdir(parents=True)
    render_tree(make_plan(app, options or PlanOptions()), out, Template())
    return out


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repository(tmp_path_factory.mktemp("review") / APP, review_app())


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        existing = merged.get(key)
        merged[key] = (
            _merge(existing, value)
            if isinstance(value, Mapping) and isinstance(existing, Mapping)
            else value
        )
    return merged


def load_yaml(path: Path) -> Any:
    return _yaml.load(path.read_text(encoding="utf-8"))


def load_documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in _yaml.load_all(path.read_text(encoding="utf-8")) if isinstance(d, dict)]


def application_for_pull_request(repository: Path) -> dict[str, Any]:
    """The Application the ApplicationSet makes for pull request 7, its Go templates filled."""
    [appset] = load_documents(repository / "argocd" / "review-apps.yaml")
    parameters = {"number": PR_NUMBER, "head_sha": HEAD_SHA}

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return re.sub(r"\{\{\s*\.(\w+)\s*\}\}", lambda m: parameters[m.group(1)], value)
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    filled: dict[str, Any] = fill(appset["spec"]["template"])
    return filled


def render_pull_request(repository: Path) -> list[dict[str, Any]]:
    """Every manifest of pull request 7's review app, as Argo CD renders its Application."""
    import helm_python

    application = application_for_pull_request(repository)
    helm = application["spec"]["source"]["helm"]
    chart_dir = repository / application["spec"]["source"]["path"]
    values = load_yaml(chart_dir / "values.yaml")
    for values_file in helm["valueFiles"]:
        values = _merge(values, load_yaml((chart_dir / values_file).resolve()))
    for parameter in helm["parameters"]:  # image.tag = the head commit
        section, _, key = parameter["name"].partition(".")
        values = _merge(values, {section: {key: parameter["value"]}})
    chart = helm_python.Chart.load(chart_dir)
    chart.validate_schema(chart.merge_values(values))
    rendered = chart.render(
        values,
        name=helm["releaseName"],
        namespace=application["spec"]["destination"]["namespace"],
        is_install=True,
    )
    texts = [text for key, text in sorted(rendered.items()) if key.endswith(".yaml")]
    return [doc for text in texts for doc in _yaml.load_all(text) if isinstance(doc, dict)]


def render_environment(repository: Path, environment: str) -> list[dict[str, Any]]:
    """A long-lived environment's manifests, as its Application renders them."""
    import helm_python

    chart_dir = repository / "chart"
    values = _merge(
        load_yaml(chart_dir / "values.yaml"),
        load_yaml(repository / "environments" / environment / "values.yaml"),
    )
    chart = helm_python.Chart.load(chart_dir)
    rendered = chart.render(values, name=APP, namespace=f"{APP}-{environment}", is_install=True)
    texts = [text for key, text in sorted(rendered.items()) if key.endswith(".yaml")]
    return [doc for text in texts for doc in _yaml.load_all(text) if isinstance(doc, dict)]


@pytest.fixture(scope="module")
def pull_request(repository: Path) -> list[dict[str, Any]]:
    return render_pull_request(repository)


def find(documents: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    [found] = [d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name]
    return found
