"""The monthly cost: Heroku list prices and billed prices beside a Kubernetes estimate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from herokube.assess.cost import dollars

from .conftest import CliResult, postgres_addon, write_export
from .test_golden import CASES


def _process(name: str, quantity: int, size: str) -> dict[str, Any]:
    return {"type": name, "command": f"bin/{name} -p $PORT", "quantity": quantity, "size": size}


@pytest.fixture
def priced_export(tmp_path: Path) -> Path:
    """The issue's example: 4 × Performance-M + 2 × Standard-2X + 1 × Standard-1X."""
    database = postgres_addon("postgresql-priced-1", "priced")
    database["billed_price"] = {"cents": 5000, "unit": "month"}
    return write_export(
        tmp_path,
        "priced",
        formation=[
            _process("web", 4, "Performance-M"),
            _process("worker", 2, "Standard-2X"),
            _process("clock", 1, "Standard-1X"),
        ],
        addons=[
            database,
            {"name": "papertrail-x-1", "service": "papertrail", "plan": "papertrail:choklad"},
        ],
    )


def _cost(herokube: Callable[..., CliResult], *args: str | Path) -> dict[str, Any]:
    result = herokube("assess", *map(str, args), "--format", "json")
    assert (result.code, result.err) == (0, ""), result.err
    cost: dict[str, Any] = json.loads(result.out)["cost"]
    return cost


def test_dynos_at_list_price_sum_exactly(
    priced_export: Path, herokube: Callable[..., CliResult]
) -> None:
    app = _cost(herokube, priced_export)["apps"][0]
    dynos = [line for line in app["heroku"] if " × " in line["item"]]
    assert [(line["item"], line["cents"]) for line in dynos] == [
        ("web: 4 × Performance-M", 100000),
        ("worker: 2 × Standard-2X", 10000),
        ("clock: 1 × Standard-1X", 2500),
    ]
    assert dollars(sum(line["cents"] for line in dynos)) == "$1,125"
    # Plus the billed Postgres; the log add-on has no billed price, so it is counted as unpriced.
    assert app["heroku_total"] == {"cents": 117500, "unpriced": 1, "priced": 4}


def test_the_cost_figures_of_the_issue_example(
    priced_export: Path, herokube: Callable[..., CliResult], golden: Callable[[str, str], None]
) -> None:
    result = herokube("assess", str(priced_export))
    assert result.code == 0
    section = result.out[result.out.index("== Cost a month") :]
    assert "$1,175 + 1 unpriced" in section
    golden("cost-priced.txt", section)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_cost_figures_of_every_example(
    case: str, herokube: Callable[..., CliResult], golden: Callable[[str, str], None]
) -> None:
    golden(f"cost-{case}.json", json.dumps(_cost(herokube, *CASES[case]), indent=2) + "\n")


def test_bookshelf_costs_its_dynos_and_billed_addons(herokube: Callable[..., CliResult]) -> None:
    app = _cost(herokube, "examples/bookshelf/export.json")["apps"][0]
    # 4 × Standard-2X + 4 × Standard-1X = $300; Postgres $50 + Redis $15 + Scheduler $0; Sentry has no price.
    assert app["heroku_total"] == {"cents": 30000 + 5000 + 1500, "unpriced": 1, "priced": 8}
    sentry = next(line for line in app["heroku"] if line["item"].startswith("sentry"))
    assert (sentry["cents"], sentry["detail"]) == (None, "no billed price in the export")


def test_a_size_without_a_list_price_says_so(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    path = write_export(tmp_path, "odd", formation=[_process("web", 2, "Private-XL")])
    line = _cost(herokube, path)["apps"][0]["heroku"][0]
    assert (line["cents"], line["detail"]) == (None, "no list price for Private-XL")
    summary = herokube("assess", str(path)).out.split("== Cost a month")[1].splitlines()[3]
    # Nothing priced: the total says so instead of "$0".
    # (The Kubernetes side is priced: the size's resources are known, only its Heroku price is not.)
    assert summary.split()[:6] == ["odd", "no", "price", "$0", "no", "price"]
    assert summary.split()[6].startswith("$")


def test_shield_spaces_bill_private_sizes_at_shield_prices(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    path = write_export(
        tmp_path,
        "vault",
        app={"name": "vault", "space": {"name": "secure", "shield": True}},
        formation=[_process("web", 1, "Private-M")],
    )
    assert _cost(herokube, path)["apps"][0]["heroku"][0]["cents"] == 54000


def test_a_shared_addon_is_billed_once_to_its_billing_app(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    database = postgres_addon("postgresql-shared-1", "shop-web", "shop-admin")
    database["billed_price"] = {"cents": 20000, "unit": "month"}
    paths = [write_export(tmp_path, name, addons=[database]) for name in ("shop-web", "shop-admin")]
    cost = _cost(herokube, *paths, "--postgres-price", "100")
    by_app = {a["app"]: a for a in cost["apps"]}
    assert by_app["shop-admin"]["heroku"][-1]["detail"] == "billed to shop-web"
    assert by_app["shop-admin"]["heroku"][-1]["cents"] == 0
    # Two standard-1x web dynos ($50) and the database once ($200).
    assert cost["heroku_total"] == {"cents": 25000, "unpriced": 0, "priced": 4}
    managed = [line["cents"] for line in cost["kubernetes"] if "postgresql" in line["item"]]
    assert sorted(managed) == [0, 10000]


def test_node_size_and_price_options_set_the_estimate(
    priced_export: Path, herokube: Callable[..., CliResult]
) -> None:
    cost = _cost(
        herokube,
        priced_export,
        "--node-size",
        "2cpu-8gi",
        "--node-price",
        "$70",
        "--postgres-price",
        "in-cluster",
    )
    # A Performance-M pod requests 2 vCPU, more than a 2 vCPU node's 1.6 allocatable: each of the
    # 4 is counted as a node of its own, and said so; the other 3 pods (1.25 vCPU) share one node.
    nodes = cost["kubernetes"][0]
    assert (nodes["item"], nodes["cents"]) == ("production nodes: 5", 5 * 7000)
    assert any(a.startswith("Pods of web do not fit on one node") for a in cost["assumptions"])
    database = next(line for line in cost["kubernetes"] if "postgresql" in line["item"])
    assert (database["cents"], database["detail"]) == (
        0,
        "postgres in the cluster (not in the requests)",
    )
    assert any("2 vCPU / 8 GiB" in a and "$70 a node-month" in a for a in cost["assumptions"])


def test_pods_are_packed_onto_whole_nodes(
    priced_export: Path, herokube: Callable[..., CliResult]
) -> None:
    cost = _cost(herokube, priced_export)
    # 3.2 allocatable vCPU a node holds one 2 vCPU Performance-M pod: 4 nodes, not the 3 that
    # 9.25 vCPU / 3.2 would suggest; the small pods fit beside them.
    assert cost["kubernetes"][0]["item"] == "production nodes: 4"
    assert cost["kubernetes_total"] == {"cents": 4 * 14016 + 4745, "unpriced": 1, "priced": 2}


def test_a_price_file_replaces_the_defaults(
    tmp_path: Path, priced_export: Path, herokube: Callable[..., CliResult]
) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text(
        "dynos:\n  performance-m: 200\nkubernetes:\n  node: {monthly: 100}\n  postgres: 80\n",
        encoding="utf-8",
    )
    cost = _cost(herokube, priced_export, "--prices", prices)
    app = cost["apps"][0]
    assert app["heroku"][0]["cents"] == 80000
    assert next(line for line in app["kubernetes"] if "postgresql" in line["item"])["cents"] == 8000
    assert any(str(prices) in a for a in cost["assumptions"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--node-price", "cheap"],
            "herokube: --node-price: cheap: expected a monthly price in dollars\n",
        ),
        (
            ["--redis-price", "-3"],
            "herokube: --redis-price: -3: expected a monthly price in dollars, or in-cluster\n",
        ),
        (["--prices", "missing.yaml"], "herokube: missing.yaml: --prices: no such file\n"),
    ],
)
def test_bad_prices_exit_2_with_one_line(
    args: list[str], message: str, herokube: Callable[..., CliResult]
) -> None:
    result = herokube("assess", "examples/hello-minimal/export.json", *args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_a_bad_price_file_names_the_field(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text("kubernetes:\n  node: {monthly: lots}\n", encoding="utf-8")
    result = herokube("assess", "examples/hello-minimal/export.json", "--prices", str(prices))
    assert result.code == 2
    assert result.err.startswith(f"herokube: {prices}: kubernetes.node.monthly: ")


def test_markdown_draws_waves_and_shared_addons_as_mermaid(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    database = postgres_addon('pg-"quoted"', "shop-web", "shop-admin")
    paths = [write_export(tmp_path, name, addons=[database]) for name in ("shop-web", "shop-admin")]
    paths.append(write_export(tmp_path, "static-site"))
    out = herokube("assess", *map(str, paths), "--format", "markdown").out
    blocks = out.split("```mermaid\n")[1:]
    assert len(blocks) == 2
    waves, shared = (block.split("```", 1)[0] for block in blocks)
    assert waves.startswith("flowchart LR\n") and "wave1 --> wave2" in waves
    assert '"shop-admin + shop-web"' in waves
    # A quote in a name is an entity inside the label, so it cannot end the label early.
    assert 'addon_pg__quoted_[("pg-#34;quoted#34; · heroku-postgresql")]' in shared
    assert "addon_pg__quoted_ --- app_shop_web" in shared
    assert "## Cost a month (USD)" in out
