"""The runbook each example gets: every add-on, custom domain and secret key of its app, by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from herokube.pipeline import NewOptions, create_repository
from herokube.plan import PlanOptions

from .conftest import REPO

EXAMPLES = {
    "bookshelf": (REPO / "examples/bookshelf/export.json", REPO / "examples/bookshelf/src"),
    "notes-api": (REPO / "examples/notes-api/src", None),
    "hello-minimal": (REPO / "examples/hello-minimal/export.json", None),
}


def _runbook(tmp_path: Path, example: str, **options: str) -> tuple[str, object]:
    source, paired = EXAMPLES[example]
    result = create_repository(
        NewOptions(
            source=source, out=tmp_path / "repo", paired_source=paired, plan=PlanOptions(**options)
        )
    )
    return (result.path / "docs" / "migration.md").read_text(encoding="utf-8"), result.plan


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_the_runbook_names_every_addon_domain_and_secret(example: str, tmp_path: Path) -> None:
    text, plan = _runbook(tmp_path, example)
    app = plan.app  # type: ignore[attr-defined]
    for addon in app.addons:
        assert f"`{addon.name}`" in text, addon.name
        assert f"heroku addons:destroy {addon.name} --app {app.name}" in text
    for domain in app.domains:
        if domain.kind == "custom":
            assert (
                f"`{domain.hostname}`" in text and f"curl -fsSI https://{domain.hostname}/" in text
            )
    for key in plan.secret_keys:  # type: ignore[attr-defined]
        assert f"- `{key}`" in text, key
    assert "{{" not in text and "{%" not in text
    order = [
        "## 2. Build and push",
        "## 3. Create the secrets",
        "## 4. Deploy the first",
        "## 5. Migrate the data",
        "## 6. Cut over",
        "## 7. Roll back",
        "## 8. After the move",
    ]
    assert [text.index(heading) for heading in order] == sorted(
        text.index(heading) for heading in order
    )


def test_postgres_commands_carry_the_heroku_version(tmp_path: Path) -> None:
    text, _ = _runbook(tmp_path, "bookshelf")
    assert "Heroku runs **PostgreSQL 16**" in text
    assert "heroku pg:backups:capture postgresql-silent-40221 --app bookshelf" in text
    assert "pg_restore --verbose --clean --if-exists --no-acl --no-owner" in text
    assert "heroku ps:scale worker=0 sidekiq_critical=0 clock=0 --app bookshelf" in text
    assert "heroku ps:scale web=4 worker=2 sidekiq_critical=1 clock=1 --app bookshelf" in text


def test_in_cluster_targets_change_the_runbook(tmp_path: Path) -> None:
    text, plan = _runbook(
        tmp_path,
        "bookshelf",
        postgres="cloudnative-pg",
        redis="in-cluster",
        monitoring="prometheus",
    )
    assert "DATABASE_URL" not in plan.secret_keys and "REDIS_URL" not in plan.secret_keys  # type: ignore[attr-defined]
    assert "- `HEROKU_DATABASE_PASSWORD`" in text
    assert "CloudNativePG secret `bookshelf-db-app`" in text
    assert (
        "argocd app sync bookshelf-staging --resource external-secrets.io:ExternalSecret:bookshelf-db-heroku"
        in text
    )
    assert "kubectl port-forward -n bookshelf-production svc/bookshelf-redis 6379:6379" in text
    assert "PrometheusRule alerts on 504/5xx rates" in text
