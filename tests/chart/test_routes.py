"""--ingress ingress|gateway-api|none: a plain Ingress with nothing controller-specific, or
HTTPRoutes on the platform's Gateway that the real Gateway API CRDs accept, or no route."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from herokube.plan import PlanOptions

from .conftest import LONG_APP, Render, render_repository, write_repository

GATEWAY_CRDS = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "gateway-api"
_yaml = YAML(typ="safe", pure=True)


def _routes(documents: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for doc in documents:
        if doc["kind"] in ("Ingress", "HTTPRoute"):
            kinds.setdefault(doc["kind"], []).append(doc)
    return kinds


def test_the_ingress_carries_no_controller_specific_annotation(render: Render) -> None:
    [ingress] = _routes(render())["Ingress"]
    annotations = ingress["metadata"]["annotations"]
    assert annotations == {"cert-manager.io/cluster-issuer": "letsencrypt"}
    # Empty className: the cluster's default IngressClass.
    assert "ingressClassName" not in ingress["spec"]
    assert ingress["spec"]["rules"][0]["host"] == "billing.example.com"


def test_ingress_class_and_annotations_are_knobs(render: Render) -> None:
    chosen = {"className": "traefik", "annotations": {"example.com/timeout": "30s"}}
    [ingress] = _routes(render(ingress=chosen))["Ingress"]
    assert ingress["spec"]["ingressClassName"] == "traefik"
    assert ingress["metadata"]["annotations"]["example.com/timeout"] == "30s"


def _validator(kind: str) -> jsonschema.protocols.Validator:
    from herokube.validate.crds import crd_to_schemas

    for path in sorted(GATEWAY_CRDS.glob("*.yaml")):
        for crd in _yaml.load_all(path.read_text(encoding="utf-8")):
            if isinstance(crd, dict) and crd["spec"]["names"]["kind"] == kind:
                schemas = crd_to_schemas(crd, strict=True)
                [schema] = [s for rel, s in schemas.items() if rel.endswith("_v1.json")]
                return jsonschema.Draft7Validator(schema)
    raise AssertionError(f"no CRD for {kind} in {GATEWAY_CRDS}")


@pytest.mark.skipif(not GATEWAY_CRDS.is_dir(), reason=f"{GATEWAY_CRDS} is absent")
def test_gateway_api_routes_match_the_real_crd(tmp_path: Path) -> None:
    repository = write_repository(tmp_path / "repo", PlanOptions(ingress="gateway-api"))
    routes = _routes(render_repository(repository, "prod"))
    assert "Ingress" not in routes
    [route] = routes["HTTPRoute"]
    errors = [e.message for e in _validator("HTTPRoute").iter_errors(route)]
    assert errors == []
    spec = route["spec"]
    assert spec["parentRefs"][0]["name"] == "gateway"
    assert spec["parentRefs"][0]["namespace"] == "gateway-system"
    assert spec["hostnames"] == ["billing.example.com"]
    assert spec["rules"][0]["timeouts"] == {"request": "30s"}
    assert spec["rules"][0]["backendRefs"][0]["name"] == f"{LONG_APP}-web"


def test_no_route_with_ingress_none(tmp_path: Path) -> None:
    repository = write_repository(tmp_path / "repo", PlanOptions(ingress="none"))
    assert _routes(render_repository(repository, "prod")) == {}


def test_staging_hosts_come_from_a_values_pattern(render: Render) -> None:
    assert "Ingress" not in _routes(render("staging"))  # no custom domain outside production
    pattern = {"hostTemplate": "{{ .Release.Name }}.{{ .Values.environment }}.apps.example.com"}
    [ingress] = _routes(render("staging", ingress=pattern))["Ingress"]
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == [
        f"{LONG_APP}.staging.apps.example.com"
    ]
    assert ingress["spec"]["tls"][0]["hosts"] == [f"{LONG_APP}.staging.apps.example.com"]


@pytest.mark.parametrize("ingress", ["ingress", "gateway-api"])
def test_maintenance_mode_reaches_every_route_kind(tmp_path: Path, ingress: str) -> None:
    """maintenance.enabled sends the hosts to the 503 page through an Ingress and an HTTPRoute
    alike: the backend is decided in one helper (app.routeService), not per route kind."""
    repository = write_repository(tmp_path / "repo", PlanOptions(ingress=ingress))  # type: ignore[arg-type]
    documents = render_repository(repository, "prod", {"maintenance": {"enabled": True}})
    [route] = [d for kind in _routes(documents).values() for d in kind]
    if route["kind"] == "Ingress":
        backends = {
            p["backend"]["service"]["name"]
            for rule in route["spec"]["rules"]
            for p in rule["http"]["paths"]
        }
    else:
        backends = {ref["name"] for rule in route["spec"]["rules"] for ref in rule["backendRefs"]}
    services = {d["metadata"]["name"] for d in documents if d["kind"] == "Service"}
    [backend] = backends
    assert backend.endswith("-maintenance") and backend in services
