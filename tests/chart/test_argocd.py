"""Argo CD and secrets: the AppProject allows exactly the kinds the chart makes, namespaces are
created under Pod Security "restricted", every sync retries, and each app and environment reads its
keys through its own namespaced SecretStore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from .conftest import LONG_APP, Render

EXTERNAL_SECRETS = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "external-secrets"
_yaml = YAML(typ="safe", pure=True)
PROVIDER = {
    "aws": {
        "service": "SecretsManager",
        "region": "eu-west-1",
        "auth": {"jwt": {"serviceAccountRef": {"name": LONG_APP}}},
    }
}


def _argocd(repository: Path, name: str) -> list[dict[str, Any]]:
    text = (repository / "argocd" / name).read_text(encoding="utf-8")
    return [doc for doc in _yaml.load_all(text) if isinstance(doc, dict)]


def test_the_project_allows_the_kinds_the_chart_makes(
    long_repository: Path, render: Render
) -> None:
    [project] = _argocd(long_repository, "project.yaml")
    allowed = {(r["group"], r["kind"]) for r in project["spec"]["namespaceResourceWhitelist"]}
    assert ("*", "*") not in allowed
    documents = render(secretStore={"provider": PROVIDER}) + render("staging")
    for doc in documents:
        group = doc["apiVersion"].rpartition("/")[0]
        assert (group, doc["kind"]) in allowed, doc["kind"]


def test_applications_create_restricted_namespaces_and_retry(long_repository: Path) -> None:
    applications = _argocd(long_repository, "applications.yaml")
    assert len(applications) == 3
    for application in applications:
        policy = application["spec"]["syncPolicy"]
        labels = policy["managedNamespaceMetadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
        assert "CreateNamespace=true" in policy["syncOptions"]
        assert policy["retry"]["limit"] >= 1
    production = next(a for a in applications if a["metadata"]["name"].endswith("-prod"))
    assert "automated" not in production["spec"]["syncPolicy"]


def _secret_store_validator() -> jsonschema.protocols.Validator:
    from herokube.validate.crds import crd_to_schemas

    path = EXTERNAL_SECRETS / "external-secrets.io_secretstores.yaml"
    crd = _yaml.load(path.read_text(encoding="utf-8"))
    [schema] = [
        s for rel, s in crd_to_schemas(crd, strict=True).items() if rel.endswith("_v1.json")
    ]
    return jsonschema.Draft7Validator(schema)


@pytest.mark.skipif(not EXTERNAL_SECRETS.is_dir(), reason=f"{EXTERNAL_SECRETS} is absent")
def test_each_app_reads_its_keys_through_its_own_secret_store(render: Render) -> None:
    config = {"enabled": True, "variables": ["STRIPE_KEY"]}
    assert not [d for d in render(externalSecrets=config) if d["kind"] == "SecretStore"]
    documents = render(externalSecrets=config, secretStore={"provider": PROVIDER})
    [store] = [d for d in documents if d["kind"] == "SecretStore"]
    [external] = [d for d in documents if d["kind"] == "ExternalSecret"]
    assert store["metadata"]["name"] == LONG_APP
    assert external["spec"]["secretStoreRef"] == {"kind": "SecretStore", "name": LONG_APP}
    assert store["spec"]["provider"] == PROVIDER
    assert [e.message for e in _secret_store_validator().iter_errors(store)] == []
    # Plain resources (never hooks, whose re-creation would orphan the Secret), the store in an
    # earlier Argo CD sync wave than the ExternalSecret that reads from it.
    waves = {
        d["kind"]: int(d["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])
        for d in (store, external)
    }
    assert waves["SecretStore"] < waves["ExternalSecret"]
    assert not any("helm.sh/hook" in d["metadata"]["annotations"] for d in (store, external))
