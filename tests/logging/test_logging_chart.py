"""``--logging none|logging-operator``, with and without Heroku log drains: what the chart renders,
checked against the logging operator's real CRDs and herokube's shipped schemas."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from chart.conftest import long_app, render_repository
from ruamel.yaml import YAML

from herokube.plan import PlanOptions, make_plan
from herokube.render.repository import Template, render_tree
from herokube.secrets.app import without_credentials
from herokube.validate.crds import CRD_SCHEMA_DIR, crd_to_schemas
from herokube.validate.kube_schemas import SchemaStore

LOGGING_CRDS = Path("/work/shared/schemas/logging-operator")
SHIPPED = ("flows", "outputs", "clusteroutputs")
DRAINS = (
    "syslog+tls://logs3.papertrailapp.com:12345",
    "https://drain:DrainPassMark31@logs.example.com/in",
    "https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=0123456789abcdef0123456789abcdef&ddsource=heroku",
    "https://in.logtail.com/heroku/aB3dE5fG7hJ9kL1mN3pQ5rS",
)
STORE = {"secretStore": {"provider": {"vault": {"server": "https://vault.example.com"}}}}
_KINDS = ("Flow", "Output", "ClusterOutput", "ClusterFlow")
_yaml = YAML(typ="safe", pure=True)


def _render(tmp_path: Path, logging: str, drains: tuple[str, ...]) -> list[dict[str, Any]]:
    app = without_credentials(replace(long_app(), log_drains=drains), "test")
    out = tmp_path / "repo"
    out.mkdir()
    render_tree(make_plan(app, PlanOptions(logging=logging)), out, Template())
    return render_repository(out, "prod", STORE)


def _by_kind(documents: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in documents if d["kind"] == kind]


@pytest.fixture(scope="module")
def real_crds() -> dict[str, jsonschema.protocols.Validator]:
    """Strict validators of the logging operator's own CRDs (v1beta1), by kind."""
    if not LOGGING_CRDS.is_dir():
        pytest.skip(f"{LOGGING_CRDS} is absent: the reference CRDs are not on this machine")
    validators = {}
    for path in sorted(LOGGING_CRDS.glob("logging.banzaicloud.io_*.yaml")):
        for crd in _yaml.load_all(path.read_text(encoding="utf-8")):
            if isinstance(crd, dict) and crd["spec"]["names"]["kind"] in _KINDS:
                for relative, schema in crd_to_schemas(crd, strict=True).items():
                    if relative.endswith("_v1beta1.json"):
                        validators[crd["spec"]["names"]["kind"]] = jsonschema.Draft7Validator(
                            schema
                        )
    return validators


def _check(documents: list[dict[str, Any]], validators: dict[str, Any]) -> None:
    store = SchemaStore()
    for doc in documents:
        if doc["kind"] in _KINDS:
            errors = [e.message for e in validators[doc["kind"]].iter_errors(doc)]
            assert errors == [], (doc["metadata"]["name"], errors)
            shipped = store.validator(doc["kind"], doc["apiVersion"])
            assert shipped is not None and not list(shipped.iter_errors(doc))


@pytest.mark.parametrize("drains", [(), DRAINS], ids=["no-drains", "drains"])
def test_logging_none_renders_no_logging_resource(tmp_path: Path, drains: tuple[str, ...]) -> None:
    documents = _render(tmp_path, "none", drains)
    assert [d for d in documents if d["kind"] in _KINDS] == []
    assert not [d for d in documents if d["metadata"]["name"].endswith("-log-drains")]


def test_drains_become_outputs_the_real_crds_accept(
    tmp_path: Path, real_crds: dict[str, Any]
) -> None:
    documents = _render(tmp_path, "logging-operator", DRAINS)
    _check(documents, real_crds)
    [flow] = _by_kind(documents, "Flow")
    outputs = {o["metadata"]["name"]: o["spec"] for o in _by_kind(documents, "Output")}
    name = flow["metadata"]["name"]
    # The Logtail drain's token is in its path: no Output can take it from a secret.
    assert sorted(outputs) == [f"{name}-drain-1", f"{name}-drain-2", f"{name}-drain-3"]
    assert flow["spec"]["localOutputRefs"] == sorted(outputs)
    assert "globalOutputRefs" not in flow["spec"]
    # Every pod of the app, and only this app's.
    assert flow["spec"]["match"] == [
        {"select": {"labels": {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}}}
    ]
    syslog = outputs[f"{name}-drain-1"]["syslog"]
    assert (syslog["host"], syslog["port"], syslog["transport"]) == (
        "logs3.papertrailapp.com",
        12345,
        "tls",
    )
    http = outputs[f"{name}-drain-2"]["http"]
    assert http["endpoint"] == "https://logs.example.com/in"
    refs = [
        http["auth"]["username"],
        http["auth"]["password"],
        outputs[f"{name}-drain-3"]["datadog"]["api_key"],
    ]
    assert {r["valueFrom"]["secretKeyRef"]["name"] for r in refs} == {f"{name}-log-drains"}


def test_each_secret_key_an_output_reads_comes_from_the_store(
    tmp_path: Path, real_crds: dict[str, Any]
) -> None:
    documents = _render(tmp_path, "logging-operator", DRAINS)
    [secret] = [d for d in documents if d["metadata"]["name"].endswith("-log-drains")]
    assert secret["kind"] == "ExternalSecret"
    stored = {entry["secretKey"]: entry["remoteRef"] for entry in secret["spec"]["data"]}
    read = {
        ref["key"]
        for output in _by_kind(documents, "Output")
        for ref in _secret_key_refs(output["spec"])
    }
    assert (
        read
        == set(stored)
        == {
            "HEROKUBE_LOG_DRAIN_2_USERNAME",
            "HEROKUBE_LOG_DRAIN_2_PASSWORD",
            "HEROKUBE_LOG_DRAIN_3_API_KEY",
        }
    )
    assert {ref["key"] for ref in stored.values()} == {
        f"{secret['metadata']['labels']['app.kubernetes.io/instance']}/prod"
    }
    # The app's pods never see the drains' Secret.
    assert f"{secret['metadata']['name']}" not in json.dumps(
        [d for d in documents if d["kind"] in ("Deployment", "Job", "CronJob")]
    )
    # Its store is rendered too (sync wave -3), even for an app with no secret variable.
    assert _by_kind(documents, "SecretStore")


def _secret_key_refs(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node["secretKeyRef"]] if "secretKeyRef" in node else []
        return found + [ref for value in node.values() for ref in _secret_key_refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _secret_key_refs(value)]
    return []


def test_without_drains_the_flow_sends_to_cluster_outputs(
    tmp_path: Path, real_crds: dict[str, Any]
) -> None:
    documents = _render(tmp_path, "logging-operator", ())
    _check(documents, real_crds)
    [flow] = _by_kind(documents, "Flow")
    assert flow["spec"]["globalOutputRefs"] == ["cluster-logs"]
    assert "localOutputRefs" not in flow["spec"]
    assert _by_kind(documents, "Output") == []


def test_the_shipped_logging_schemas_match_the_real_crds() -> None:
    if not LOGGING_CRDS.is_dir():
        pytest.skip(f"{LOGGING_CRDS} is absent")
    for name in SHIPPED:
        path = LOGGING_CRDS / f"logging.banzaicloud.io_{name}.yaml"
        for crd in _yaml.load_all(path.read_text(encoding="utf-8")):
            for relative, schema in crd_to_schemas(crd).items():
                shipped = json.loads((CRD_SCHEMA_DIR / relative).read_text(encoding="utf-8"))
                assert shipped == schema, f"{relative} is stale: run scripts/build_crd_schemas.py"
