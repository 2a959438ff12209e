"""The CRD schemas herokube ships agree with the real CustomResourceDefinitions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from herokube.validate.crds import (
    CRD_SCHEMA_DIR,
    crd_to_schemas,
    has_additional_properties_false,
    loosen,
)
from herokube.validate.kube_schemas import SchemaStore

SHARED = Path("/work/shared/schemas")
ARGOCD = SHARED / "argocd"


def _load_all(text: str) -> list[object]:
    try:  # libyaml through PyYAML (installed with kubernetes-validate) parses 20x faster
        import yaml

        return list(yaml.load_all(text, Loader=yaml.CSafeLoader))
    except (ImportError, AttributeError):
        return list(YAML(typ="safe", pure=True).load_all(text))


def _crds(folder: Path) -> list[dict]:
    return [
        document
        for path in sorted(folder.glob("*.yaml"))
        for document in _load_all(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and document.get("kind") == "CustomResourceDefinition"
    ]


@pytest.fixture(scope="module")
def argocd_crds() -> list[dict]:
    if not ARGOCD.is_dir():
        pytest.skip(f"{ARGOCD} is absent: the reference CRDs are not on this machine")
    return _crds(ARGOCD)


def test_shipped_argocd_schemas_match_the_real_crds(argocd_crds: list[dict]) -> None:
    regenerated: dict[str, dict] = {}
    for crd in argocd_crds:
        regenerated.update(crd_to_schemas(crd))
    assert sorted(regenerated) == [
        "argoproj.io/application_v1alpha1.json",
        "argoproj.io/applicationset_v1alpha1.json",
        "argoproj.io/appproject_v1alpha1.json",
    ]
    for relative, schema in regenerated.items():
        shipped = json.loads((CRD_SCHEMA_DIR / relative).read_text(encoding="utf-8"))
        assert shipped == schema, f"{relative} is stale: run python scripts/build_crd_schemas.py"


def test_loosen_recovers_the_non_strict_schema(argocd_crds: list[dict]) -> None:
    for crd in argocd_crds:
        assert not has_additional_properties_false(crd)
        strict, lax = crd_to_schemas(crd, strict=True), crd_to_schemas(crd, strict=False)
        assert {key: loosen(value) for key, value in strict.items()} == lax


def test_every_emitted_custom_resource_has_a_schema() -> None:
    store = SchemaStore()
    for api_version, kind in [
        ("argoproj.io/v1alpha1", "Application"),
        ("argoproj.io/v1alpha1", "ApplicationSet"),
        ("argoproj.io/v1alpha1", "AppProject"),
        ("external-secrets.io/v1", "ExternalSecret"),
        ("external-secrets.io/v1", "SecretStore"),
        ("external-secrets.io/v1", "ClusterSecretStore"),
        ("cert-manager.io/v1", "Certificate"),
        ("cert-manager.io/v1", "Issuer"),
        ("cert-manager.io/v1", "ClusterIssuer"),
        ("k6.io/v1alpha1", "TestRun"),
        ("postgresql.cnpg.io/v1", "Cluster"),
        ("postgresql.cnpg.io/v1", "Database"),
        ("postgresql.cnpg.io/v1", "Pooler"),
        ("monitoring.coreos.com/v1", "ServiceMonitor"),
        ("monitoring.coreos.com/v1", "PodMonitor"),
        ("monitoring.coreos.com/v1", "PrometheusRule"),
        ("gateway.networking.k8s.io/v1", "Gateway"),
        ("gateway.networking.k8s.io/v1", "HTTPRoute"),
    ]:
        assert store.validator(kind, api_version) is not None, (kind, api_version)
        assert not store.is_builtin(kind, api_version)


def test_crd_conversion_details() -> None:
    crd = {
        "spec": {
            "group": "example.com",
            "names": {"kind": "Widget"},
            "versions": [
                {"name": "v1beta1", "served": False, "schema": {"openAPIV3Schema": {}}},
                {
                    "name": "v1",
                    "served": True,
                    "schema": {
                        "openAPIV3Schema": {
                            "type": "object",
                            "description": "dropped",
                            "properties": {
                                "spec": {
                                    "type": "object",
                                    "properties": {
                                        "port": {"x-kubernetes-int-or-string": True},
                                        "note": {"type": "string", "nullable": True},
                                        "free": {
                                            "type": "object",
                                            "x-kubernetes-preserve-unknown-fields": True,
                                            "properties": {"a": {"type": "string"}},
                                        },
                                    },
                                    "anyOf": [{"properties": {"port": {}}, "required": ["port"]}],
                                }
                            },
                        }
                    },
                },
            ],
        }
    }
    [(path, schema)] = crd_to_schemas(crd).items()
    assert path == "example.com/widget_v1.json"
    spec = schema["properties"]["spec"]
    assert "description" not in schema
    assert schema["additionalProperties"] is False and spec["additionalProperties"] is False
    assert spec["properties"]["port"]["type"] == ["integer", "string"]
    assert spec["properties"]["note"]["type"] == ["string", "null"]
    assert "additionalProperties" not in spec["properties"]["free"]
    assert "additionalProperties" not in spec["anyOf"][0]
    assert schema["properties"]["kind"] == {"type": "string", "enum": ["Widget"]}
