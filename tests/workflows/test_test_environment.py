"""app.json's Heroku CI environment as herokube reads and plans it (load/appjson, plan/ci)."""

from __future__ import annotations

from typing import Any

import pytest

from herokube.errors import UserError
from herokube.load.appjson import read_test_environment
from herokube.model import App, Notice, Process
from herokube.plan.ci import (
    POSTGRES_IMAGE,
    REDIS_IMAGE,
    ci_answers,
    deployment_repository,
    heroku_ci_plan,
    registry_host,
)


def _app(app_json: dict[str, Any] | None) -> App:
    return App(name="shop", processes=(Process("web", "node server.js", 1),), app_json=app_json)


def test_a_key_under_environments_test_replaces_the_base_key() -> None:
    test, notices = read_test_environment(
        {
            "scripts": {"test": "base", "postdeploy": "seed"},
            "addons": ["heroku-postgresql:essential-0"],
            "environments": {"test": {"scripts": {"test": "npm test"}}},
        },
        source="app.json",
    )
    assert dict(test.scripts) == {"test": "npm test"}
    assert test.addons == (("heroku-postgresql", "heroku-postgresql:essential-0", None),)
    assert test.quantity == 1 and notices == ()


def test_formation_test_quantity_is_the_parallelism() -> None:
    data = {"environments": {"test": {"formation": {"test": {"quantity": 16}}}}}
    assert read_test_environment(data, source="app.json")[0].quantity == 16
    data = {"environments": {"test": {"formation": [{"process": "test", "quantity": "4"}]}}}
    assert read_test_environment(data, source="app.json")[0].quantity == 4


@pytest.mark.parametrize("quantity", [0, 33, "many", True, 2.5])
def test_a_quantity_heroku_would_refuse_runs_once_with_a_notice(quantity: Any) -> None:
    data = {"environments": {"test": {"formation": {"test": {"quantity": quantity}}}}}
    test, notices = read_test_environment(data, source="app.json")
    assert test.quantity == 1
    assert [n.code for n in notices] == ["app-json-ignored"]
    assert "formation.test.quantity" in notices[0].source


@pytest.mark.parametrize(
    "data", [None, [], "x", {"environments": []}, {"environments": {"test": 3}}]
)
def test_no_test_environment_reads_as_empty(data: Any) -> None:
    test, notices = read_test_environment(data, source="app.json")
    assert (dict(test.scripts), test.addons, test.quantity, notices) == ({}, (), 1, ())


def test_a_test_addon_alias_must_be_a_config_var_name() -> None:
    data = {"environments": {"test": {"addons": [{"plan": "heroku-redis:in-dyno", "as": "a b"}]}}}
    with pytest.raises(UserError):
        read_test_environment(data, source="app.json")


def test_test_addons_become_service_containers_with_the_variables_the_app_reads() -> None:
    notices: list[Notice] = []
    plan = heroku_ci_plan(
        _app(
            {
                "environments": {
                    "test": {
                        "scripts": {"test": "npm test"},
                        "addons": [
                            "heroku-postgresql:in-dyno",
                            {"plan": "heroku-postgresql:in-dyno", "as": "REPORTING_DATABASE"},
                            {"plan": "heroku-redis:in-dyno", "as": "CACHE"},
                            "heroku-redis",
                            "sendgrid:starter",
                        ],
                        "formation": {"test": {"quantity": 2}},
                    }
                }
            }
        ),
        notices,
    )
    assert plan is not None and plan.parallelism == 2
    services = {s.name: s for s in plan.services}
    assert services["postgres"].image == POSTGRES_IMAGE
    assert services["postgres"].variables == ("DATABASE_URL", "REPORTING_DATABASE_URL")
    assert services["redis"].image == REDIS_IMAGE
    assert services["redis"].variables == ("CACHE_URL", "REDIS_URL")
    assert [(n.code, n.source) for n in notices] == [("ci-addon-skipped", "app.json: sendgrid")]


@pytest.mark.parametrize(
    "app_json",
    [None, {}, {"scripts": {"postdeploy": "seed"}}, {"environments": {"test": {"scripts": {}}}}],
)
def test_no_test_script_no_test_job(app_json: dict[str, Any] | None) -> None:
    notices: list[Notice] = []
    assert heroku_ci_plan(_app(app_json), notices) is None
    assert notices == []


def test_a_base_test_script_is_heroku_cis_too() -> None:
    plan = heroku_ci_plan(_app({"scripts": {"test": "bundle exec rspec"}}), [])
    assert plan is not None and plan.services == () and plan.parallelism == 1


@pytest.mark.parametrize(
    ("image", "registry"),
    [
        ("ghcr.io/acme/shop", "ghcr.io"),
        ("registry.example.com:5000/acme/shop", "registry.example.com:5000"),
        ("localhost/shop", "localhost"),
        ("acme/shop", "docker.io"),
        ("shop", "docker.io"),
        (
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        ),
    ],
)
def test_the_registry_is_the_images_host(image: str, registry: str) -> None:
    assert registry_host(image) == registry


def test_the_deployment_repository_is_githubs_owner_and_name() -> None:
    assert deployment_repository("https://github.com/acme/shop-deploy.git") == "acme/shop-deploy"
    assert deployment_repository("git@github.com:acme/shop-deploy.git") == "acme/shop-deploy"
    assert deployment_repository("https://gitlab.com/acme/shop-deploy.git") == ""
    assert deployment_repository("") == ""
    with pytest.raises(UserError):
        deployment_repository("https://github.com/acme/${{ secrets.X }}")


def test_a_deployment_url_github_would_refuse_becomes_a_placeholder() -> None:
    answers = ci_answers(
        None,
        image="ghcr.io/acme/shop",
        repo_url="https://github.com/acme/${{ secrets.X }}",
        environments=("staging", "production"),
    )
    assert answers == {
        "deployment_repository": "",
        "registry": "ghcr.io",
        "first_environment": "staging",
        "test": None,
    }
