"""A fleet of small exports: two apps share a Postgres add-on, one is blocked, two stand alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from herokube.assess import AssessOptions, NodeSize, assess

from .conftest import CliResult, addon_config_var, postgres_addon, write_export


@pytest.fixture
def fleet_exports(tmp_path: Path) -> list[Path]:
    shared = postgres_addon("postgresql-shared-1", "shop-web", "shop-admin", "shop-reporting")
    return [
        write_export(
            tmp_path,
            "shop-web",
            formation=[
                {
                    "type": "web",
                    "command": "bundle exec puma -C config/puma.rb",
                    "quantity": 2,
                    "size": "standard-2x",
                }
            ],
            addons=[shared],
            config_vars=[addon_config_var("DATABASE_URL", "postgresql-shared-1")],
        ),
        write_export(
            tmp_path,
            "shop-admin",
            addons=[shared],
            config_vars=[addon_config_var("DATABASE_URL", "postgresql-shared-1")],
        ),
        write_export(tmp_path, "static-site"),
        write_export(
            tmp_path,
            "reports",
            addons=[
                {
                    "name": "connect-blue-7",
                    "service": "heroku-connect",
                    "plan": "heroku-connect:demo",
                    "billing_app": "reports",
                    "config_vars": [],
                },
            ],
        ),
        write_export(
            tmp_path,
            "orders",
            formation=[
                {
                    "type": "web",
                    "command": "bundle exec puma -C config/puma.rb",
                    "quantity": 1,
                    "size": "standard-1x",
                },
                {
                    "type": "worker",
                    "command": "bundle exec sidekiq",
                    "quantity": 2,
                    "size": "standard-1x",
                },
            ],
            addons=[postgres_addon("postgresql-orders-2", "orders")],
            config_vars=[addon_config_var("DATABASE_URL", "postgresql-orders-2")],
        ),
    ]


def test_waves_group_apps_that_share_an_addon(fleet_exports: list[Path]) -> None:
    result = assess(AssessOptions(tuple(fleet_exports), environments=("staging", "prod")))
    assert result.fleet is not None
    assert [(w.number, w.groups) for w in result.fleet.waves] == [
        (1, (("static-site",),)),
        (2, (("orders",),)),
        (3, (("shop-admin", "shop-web"),)),
        (4, (("reports",),)),
    ]
    [shared] = result.fleet.shared
    assert (shared.name, shared.apps, shared.outside) == (
        "postgresql-shared-1",
        ("shop-admin", "shop-web"),
        ("shop-reporting",),
    )
    postgres = next(a for a in result.fleet.addons if a.service == "heroku-postgresql")
    assert (postgres.count, postgres.apps) == (2, ("orders", "shop-admin", "shop-web"))
    reports = next(a for a in result.apps if a.name == "reports")
    assert [f.code for f in reports.blockers] == ["addon-blocking"]


def test_totals_and_nodes_per_environment(fleet_exports: list[Path]) -> None:
    result = assess(AssessOptions(tuple(fleet_exports), environments=("staging", "prod")))
    assert result.fleet is not None
    totals = {
        e.environment: (e.apps, e.pods, e.cpu_millicores, e.memory_mb, e.nodes)
        for e in result.fleet.environments
    }
    # prod: shop-web 2 x (500m, 1 GiB); orders 3 x (250m, 512 MiB); three more apps 1 x (250m, 512 MiB).
    assert totals["prod"] == (5, 8, 2500, 5120, 1)
    # Below production every process runs one replica.
    assert totals["staging"] == (5, 6, 1750, 3584, 1)
    small = assess(
        AssessOptions(tuple(fleet_exports), environments=("prod",), node_size=NodeSize(1000, 2048))
    )
    assert small.fleet is not None
    # 2500m / 800m allocatable and 5120 MiB / 1638.4 MiB both need 4 nodes.
    assert small.fleet.environments[0].nodes == 4


def test_the_fleet_in_every_format(
    fleet_exports: list[Path], herokube: Callable[..., CliResult]
) -> None:
    args = ["assess", *map(str, fleet_exports), "--env", "prod", "--node-size", "1x2"]
    text = herokube(*args)
    assert text.code == 0
    assert "Capacity (nodes of 1 vCPU / 2 GiB, 80% allocatable)" in text.out
    assert "shop-admin + shop-web (together)" in text.out
    assert (
        "postgresql-shared-1 (heroku-postgresql): shop-admin, shop-web; also attached to shop-reporting"
        in text.out
    )
    markdown = herokube(*args, "--format", "markdown")
    assert "3. **shop-admin + shop-web (together)** — share an add-on" in markdown.out
    document = json.loads(herokube(*args, "--format", "json").out)
    assert document["fleet"]["environments"] == [
        {
            "environment": "prod",
            "apps": 5,
            "pods": 8,
            "cpu_millicores": 2500,
            "memory_mb": 5120,
            "nodes": 4,
        }
    ]
    assert [w["groups"] for w in document["fleet"]["waves"]] == [
        [["static-site"]],
        [["orders"]],
        [["shop-admin", "shop-web"]],
        [["reports"]],
    ]
