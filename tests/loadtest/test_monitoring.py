"""--monitoring prometheus: the dashboard shows Heroku's four numbers and the alerts read the
request metrics of what the chart routes through (--ingress), not retired ingress-nginx's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from chart.conftest import LONG_APP, render_repository, write_repository
from ruamel.yaml import YAML

from herokube.plan import PlanOptions
from herokube.validate.crds import CRD_SCHEMA_DIR

_yaml = YAML(typ="safe", pure=True)
NAMESPACE = f"{LONG_APP}-prod"
ROUTES = ("ingress", "gateway-api", "none")


@pytest.fixture(scope="module")
def repositories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        route: write_repository(
            tmp_path_factory.mktemp(route) / "repo",
            PlanOptions(monitoring="prometheus", ingress=route),
        )
        for route in ROUTES
    }


def _monitoring(documents: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    [config_map] = [d for d in documents if d["metadata"]["name"].endswith("-dashboard")]
    [dashboard_json] = config_map["data"].values()
    [rule] = [d for d in documents if d["kind"] == "PrometheusRule"]
    return json.loads(dashboard_json), rule["spec"]["groups"][0]["rules"]


def _exprs(dashboard: dict[str, Any]) -> dict[str, list[str]]:
    return {p["title"]: [t["expr"] for t in p["targets"]] for p in dashboard["panels"]}


@pytest.mark.parametrize("route", ROUTES)
def test_no_retired_ingress_nginx_metric(repositories: dict[str, Path], route: str) -> None:
    dashboard, rules = _monitoring(render_repository(repositories[route], "prod"))
    text = json.dumps(dashboard) + json.dumps(rules)
    assert "nginx_ingress_controller" not in text


def test_an_ingress_reads_traefik_service_metrics(repositories: dict[str, Path]) -> None:
    dashboard, rules = _monitoring(render_repository(repositories["ingress"], "prod"))
    service = f'service=~"{NAMESPACE}-{LONG_APP}-.*@kubernetes"'
    exprs = _exprs(dashboard)
    assert exprs[f"{LONG_APP}: response time p50 / p95"] == [
        f"histogram_quantile({q}, sum by (le) (rate("
        f"traefik_service_request_duration_seconds_bucket{{{service}}}[5m]))) * 1"
        for q in ("0.5", "0.95")
    ]
    assert exprs[f"{LONG_APP}: throughput by status class"] == [
        f'sum(rate(traefik_service_requests_total{{{service},code=~"{c}.."}}[5m]))' for c in "2345"
    ]
    [h12] = [r for r in rules if r["alert"] == "RequestTimeoutsH12"]
    assert f'traefik_service_requests_total{{{service},code="504"}}' in h12["expr"]


def test_httproutes_read_envoy_gateway_cluster_metrics(repositories: dict[str, Path]) -> None:
    dashboard, rules = _monitoring(render_repository(repositories["gateway-api"], "prod"))
    cluster = f'envoy_cluster_name=~"httproute/{NAMESPACE}/{LONG_APP}-.*"'
    exprs = _exprs(dashboard)
    # Envoy's histogram is in milliseconds.
    assert exprs[f"{LONG_APP}: response time p50 / p95"][1] == (
        "histogram_quantile(0.95, sum by (le) (rate("
        f"envoy_cluster_upstream_rq_time_bucket{{{cluster}}}[5m]))) * 0.001"
    )
    [h13] = [r for r in rules if r["alert"] == "ServerErrorsH13"]
    assert f'envoy_cluster_upstream_rq{{{cluster},envoy_response_code=~"5.."}}' in h13["expr"]


def test_without_a_route_only_memory_and_restarts(repositories: dict[str, Path]) -> None:
    dashboard, rules = _monitoring(render_repository(repositories["none"], "prod"))
    assert [p["title"] for p in dashboard["panels"]] == [
        f"{LONG_APP}: memory, % of limit (R14 at 100)",
        f"{LONG_APP}: restarts (crashed dynos)",
    ]
    assert [r["alert"] for r in rules] == [
        "MemoryNearLimitR14",
        "OutOfMemoryKilledR15",
        "CrashingProcesses",
    ]


def test_the_four_heroku_numbers_labelled_for_the_app(repositories: dict[str, Path]) -> None:
    dashboard, rules = _monitoring(render_repository(repositories["ingress"], "prod"))
    assert [p["title"] for p in dashboard["panels"]] == [
        f"{LONG_APP}: response time p50 / p95",
        f"{LONG_APP}: throughput by status class",
        f"{LONG_APP}: memory, % of limit (R14 at 100)",
        f"{LONG_APP}: restarts (crashed dynos)",
    ]
    assert dashboard["title"] == f"{LONG_APP} ({NAMESPACE})"
    assert LONG_APP in dashboard["tags"]
    for rule in rules:
        assert rule["labels"]["app"] == LONG_APP
        assert rule["labels"]["namespace"] == NAMESPACE


def test_a_platform_points_them_at_its_own_controller(repositories: dict[str, Path]) -> None:
    own = {
        "source": "istio",
        "requests": "istio_requests_total",
        "durationBuckets": "istio_request_duration_milliseconds_bucket",
        "durationSecondsPerUnit": 0.001,
        "statusLabel": "response_code",
        "selector": 'destination_service_namespace="{namespace}",'
        'destination_service_name=~"{fullname}-.*"',
    }
    documents = render_repository(repositories["ingress"], "prod", {"monitoring": {"http": own}})
    dashboard, rules = _monitoring(documents)
    selector = (
        f'destination_service_namespace="{NAMESPACE}",destination_service_name=~"{LONG_APP}-.*"'
    )
    p95 = _exprs(dashboard)[f"{LONG_APP}: response time p50 / p95"][1]
    assert f"istio_request_duration_milliseconds_bucket{{{selector}}}[5m]))) * 0.001" in p95
    [h12] = [r for r in rules if r["alert"] == "RequestTimeoutsH12"]
    assert f'istio_requests_total{{{selector},response_code="504"}}' in h12["expr"]


def test_a_selector_cannot_break_out_of_its_braces(repositories: dict[str, Path]) -> None:
    with pytest.raises(Exception, match="selector"):
        render_repository(
            repositories["ingress"], "prod", {"monitoring": {"http": {"selector": 'a="b"} or x{'}}}
        )


@pytest.mark.parametrize("route", ROUTES)
def test_the_rules_match_the_prometheus_operator_crd(
    repositories: dict[str, Path], route: str
) -> None:
    path = CRD_SCHEMA_DIR / "monitoring.coreos.com" / "prometheusrule_v1.json"
    validator = jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))
    [rule] = [
        d for d in render_repository(repositories[route], "prod") if d["kind"] == "PrometheusRule"
    ]
    validator.validate(rule)
