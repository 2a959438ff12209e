"""`herokube export` records each add-on's billed price; the loader reads it, or knows it is unknown."""

from __future__ import annotations

import json

from herokube.load import load_app, resolve_inputs
from herokube.model import BilledPrice

from .conftest import load
from .fake_platform_api import TOKEN, FakePlatformApi, build_app


def test_each_addon_carries_its_billed_price(export, app_fixture, isolated):
    assert export().code == 0
    doc = load(isolated / "acme-shop.export.json")
    prices = {addon["plan"]: addon.get("billed_price") for addon in doc["addons"]}
    assert prices == {
        "heroku-postgresql:standard-0": {"cents": 5000, "unit": "month"},
        "heroku-redis:premium-0": {"cents": 1500, "unit": "month"},
        "scheduler:standard": {"cents": 0, "unit": "month"},
    }
    app = load_app(resolve_inputs(isolated / "acme-shop.export.json", None))
    by_plan = {addon.plan: addon.billed_price for addon in app.addons}
    assert by_plan["heroku-postgresql:standard-0"] == BilledPrice(5000, "month")


def test_a_null_or_contract_price_is_kept_as_the_api_says(cli, isolated):
    fixture = build_app()
    addons = fixture.routes["/apps/acme-shop/addons"][1]
    addons[0]["billed_price"] = None
    addons[1]["billed_price"] = {"cents": 0, "contract": True, "unit": "month"}
    with FakePlatformApi() as api:
        api.add(fixture)
        result = cli("export", "acme-shop", "--api-url", api.url, env={"HEROKU_API_KEY": TOKEN})
    assert result.code == 0, result.err
    doc = load(isolated / "acme-shop.export.json")
    by_name = {addon["name"]: addon for addon in doc["addons"]}
    assert "billed_price" not in by_name[addons[0]["name"]]
    assert by_name[addons[1]["name"]]["billed_price"] == {
        "cents": 0,
        "unit": "month",
        "contract": True,
    }


def test_an_export_without_prices_still_loads_with_prices_unknown(tmp_path):
    path = tmp_path / "old.export.json"
    path.write_text(
        json.dumps(
            {
                "schema_version": "heroku-app-export/v1",
                "app": {"name": "old"},
                "formation": [{"type": "web", "command": "x $PORT", "quantity": 1}],
                "addons": [{"name": "pg-1", "service": "heroku-postgresql"}],
            }
        ),
        encoding="utf-8",
    )
    app = load_app(resolve_inputs(path, None))
    assert [(a.name, a.billed_price) for a in app.addons] == [("pg-1", None)]
