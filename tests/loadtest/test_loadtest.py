"""--load-test k6: the k6 script and routes.json, the TestRun per environment, and its pods."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from chart.conftest import LONG_APP, long_app, render_repository, write_repository
from ruamel.yaml import YAML

from herokube.errors import UserError
from herokube.model import Domain, Process
from herokube.plan import PlanOptions, make_plan
from herokube.plan.loadtest import HEALTH_PATH, ROUTER_TIMEOUT_SECONDS
from herokube.render.repository import Template, render_tree
from herokube.validate.crds import CRD_SCHEMA_DIR, crd_to_schemas
from herokube.validate.documents import Manifest
from herokube.validate.findings import Resource
from herokube.validate.pod_security import POD_SECURITY_RULES
from herokube.validate.workspace import Workspace

K6_CRD = Path("/work/shared/schemas/k6-operator/k6.io_testruns.yaml")
SCRIPT_TEMPLATE = next(
    (Path(__file__).resolve().parents[2] / "chart-templates" / "chart" / "files").glob(
        "*/script.js"
    )
)
_yaml = YAML(typ="safe", pure=True)


@pytest.fixture(scope="module")
def k6_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repository(
        tmp_path_factory.mktemp("loadtest") / "repo", PlanOptions(load_test="k6")
    )


@pytest.fixture(scope="module")
def long_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repository(tmp_path_factory.mktemp("plain") / "repo", PlanOptions())


def _of_kind(documents: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [doc for doc in documents if doc["kind"] == kind]


def _routes(repository: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (repository / "chart" / "files" / "loadtest" / "routes.json").read_text(encoding="utf-8")
    )
    return data


# --- what herokube writes -------------------------------------------------------------------


def test_no_load_test_by_default(long_repository: Path) -> None:
    assert not (long_repository / "chart" / "files" / "loadtest").exists()
    values = _yaml.load((long_repository / "chart" / "values.yaml").read_text(encoding="utf-8"))
    assert "loadTest" not in values
    assert not _of_kind(render_repository(long_repository, "prod"), "TestRun")
    # Turned on by hand without the script: Helm says which option writes it.
    with pytest.raises(Exception, match="herokube new --load-test k6"):
        render_repository(long_repository, "prod", {"loadTest": {"enabled": True}})


def test_routes_json_carries_what_herokube_knows(k6_repository: Path) -> None:
    routes = _routes(k6_repository)
    # The long app's export has no Heroku domain: the classic herokuapp.com name.
    assert routes["heroku"] == f"https://{LONG_APP}.herokuapp.com"
    assert routes["hosts"] == ["https://billing.example.com"]
    assert routes["routes"] == [
        {"name": "health", "method": "GET", "path": HEALTH_PATH, "weight": 1, "expect": [200]}
    ]
    assert routes["thresholds"]["errorRatePercent"] > 0
    assert routes["thresholds"]["p95Milliseconds"] < ROUTER_TIMEOUT_SECONDS * 1000


def test_the_heroku_host_comes_from_the_export_domains() -> None:
    app = replace(
        long_app(),
        domains=(
            Domain("billing.example.com", "custom"),
            Domain("acme-billing-1a2b3c4d5e6f.herokuapp.com", "heroku"),
        ),
    )
    plan = make_plan(app, PlanOptions(load_test="k6"))
    assert plan.load_test["routes"]["heroku"] == "https://acme-billing-1a2b3c4d5e6f.herokuapp.com"


def test_the_script_carries_no_app_data(tmp_path: Path) -> None:
    """Hostile data reaches routes.json through JSON encoding; the script is the same file."""
    hostile = "'; fetch('//evil'); //\u2028</script>"
    app = replace(long_app(), domains=(Domain(f"x{hostile}.example.com", "custom"),))
    out = tmp_path / "repo"
    out.mkdir()
    render_tree(make_plan(app, PlanOptions(load_test="k6")), out, Template())
    files = out / "chart" / "files" / "loadtest"
    assert (files / "script.js").read_bytes() == SCRIPT_TEMPLATE.read_bytes()
    routes = json.loads((files / "routes.json").read_text(encoding="utf-8"))
    assert routes["hosts"] == [f"https://x{hostile}.example.com"]


def test_an_app_without_web_gets_a_notice_and_no_script() -> None:
    app = replace(long_app(), processes=(Process("worker", "java -cp app.jar Worker", 1),))
    plan = make_plan(app, PlanOptions(load_test="k6"))
    assert plan.load_test == {}
    assert "loadTest" not in plan.chart_values
    assert "load-test-no-web" in {notice.code for notice in plan.notices}


def test_an_unknown_choice_names_the_option() -> None:
    with pytest.raises(UserError) as raised:
        make_plan(long_app(), PlanOptions(load_test="jmeter"))  # type: ignore[arg-type]
    assert raised.value.source == "--load-test"


# --- the k6 script ---------------------------------------------------------------------------


def _parse_script() -> Any:
    esprima = pytest.importorskip("esprima", reason="esprima (a test dependency) parses the script")
    return esprima.parseModule(SCRIPT_TEMPLATE.read_text(encoding="utf-8"))


def _walk(node: Any) -> Any:
    """Every esprima node below ``node``."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif hasattr(node, "type") and hasattr(node, "__dict__"):
        yield node
        for value in vars(node).values():
            yield from _walk(value)


def _member_path(node: Any) -> list[str] | None:
    """``config.load.rate`` → ["config", "load", "rate"]; None for a computed access."""
    parts: list[str] = []
    while node.type == "MemberExpression":
        if node.computed:
            return None
        parts.insert(0, node.property.name)
        node = node.object
    return [node.name, *parts] if node.type == "Identifier" else None


def _constant(program: Any, name: str) -> Any:
    for node in _walk(program.body):
        if node.type == "VariableDeclarator" and node.id.name == name:
            return node.init
    raise AssertionError(f"the script declares no {name}")


def test_the_script_parses_as_an_es_module_with_k6_entry_points() -> None:
    program = _parse_script()
    exports = {
        node.declaration.declarations[0].id.name
        for node in program.body
        if node.type == "ExportNamedDeclaration"
    }
    assert exports == {"options"}
    assert any(node.type == "ExportDefaultDeclaration" for node in program.body)
    imports = {node.source.value for node in program.body if node.type == "ImportDeclaration"}
    assert imports == {"k6/http", "k6"}


def _template_text(node: Any) -> str:
    """A template literal as written: `p(95)<${config.thresholds.p95Milliseconds}`."""
    text = node.quasis[0].value.cooked
    for expression, quasi in zip(node.expressions, node.quasis[1:], strict=True):
        text += "${" + ".".join(_member_path(expression) or ["?"]) + "}" + quasi.value.cooked
    return str(text)


def _threshold_texts(options: Any) -> dict[str, list[str]]:
    """metric → its threshold expressions as written; abortOnFail ones must abort."""
    [thresholds] = [p.value for p in options.properties if p.key.name == "thresholds"]
    found: dict[str, list[str]] = {}
    for prop in thresholds.properties:
        texts = []
        for element in prop.value.elements:
            if element.type == "ObjectExpression":
                fields = {p.key.name: p.value for p in element.properties}
                assert fields["abortOnFail"].value is True
                element = fields["threshold"]
            texts.append(_template_text(element))
        found[prop.key.name] = texts
    return found


def test_thresholds_hold_p95_error_rate_and_the_router_ceiling() -> None:
    program = _parse_script()
    assert _constant(program, "ROUTER_TIMEOUT_MS").value == ROUTER_TIMEOUT_SECONDS * 1000
    thresholds = _threshold_texts(_constant(program, "options"))
    assert thresholds == {
        "http_req_failed": ["rate<${errorRate}"],
        "http_req_duration": [
            "p(95)<${config.thresholds.p95Milliseconds}",
            "max<${ROUTER_TIMEOUT_MS}",
        ],
        "checks": ["rate>${?}"],
    }
    # Every request gives up where Heroku's router did.
    timeouts = [
        node.value
        for node in _walk(program.body)
        if node.type == "Property" and getattr(node.key, "name", None) == "timeout"
    ]
    assert len(timeouts) == 1
    assert [".".join(_member_path(e) or []) for e in timeouts[0].expressions] == [
        "ROUTER_TIMEOUT_MS"
    ]


def test_every_setting_the_script_reads_is_in_routes_json(k6_repository: Path) -> None:
    routes = _routes(k6_repository)
    read = {
        tuple(path)
        for node in _walk(_parse_script().body)
        if node.type == "MemberExpression"
        and (path := _member_path(node))
        and path[0] == "config"
        and len(path) >= 3
    }
    assert read, "the script reads nothing from routes.json"
    for _, section, key in read:
        if isinstance(routes[section], dict):  # config.routes.filter(...) is a list's method
            assert key in routes[section], f"routes.json has no {section}.{key}"
    assert {section for _, section, _ in read} == {"routes", "load", "thresholds"}
    # A route's own fields: name, path and weight are required; the rest have defaults.
    route_fields = {
        node.property.name
        for node in _walk(_parse_script().body)
        if node.type == "MemberExpression"
        and not node.computed
        and getattr(node.object, "name", None) == "route"
    }
    optional = {"method", "expect", "body", "headers"}
    for route in routes["routes"]:
        assert route_fields - optional <= set(route)


def test_the_target_comes_at_run_time() -> None:
    envs = {
        node.property.name
        for node in _walk(_parse_script().body)
        if node.type == "MemberExpression" and getattr(node.object, "name", None) == "__ENV"
    }
    assert envs == {"BASE_URL", "RESOLVE"}


# --- the TestRun -----------------------------------------------------------------------------


def _testrun(repository: Path, **load_test: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    documents = render_repository(repository, "prod", {"loadTest": {"enabled": True, **load_test}})
    [testrun] = _of_kind(documents, "TestRun")
    [config_map] = [
        d for d in _of_kind(documents, "ConfigMap") if d["metadata"]["name"].endswith("-loadtest")
    ]
    return testrun, config_map


def test_the_testrun_is_off_until_enabled(k6_repository: Path) -> None:
    for environment in ("dev", "staging", "prod"):
        documents = render_repository(k6_repository, environment)
        assert not _of_kind(documents, "TestRun")


def test_the_testrun_runs_the_chart_script_against_the_web_service(k6_repository: Path) -> None:
    testrun, config_map = _testrun(k6_repository)
    files = k6_repository / "chart" / "files" / "loadtest"
    assert config_map["data"] == {
        "script.js": (files / "script.js").read_text(encoding="utf-8"),
        "routes.json": (files / "routes.json").read_text(encoding="utf-8"),
    }
    spec = testrun["spec"]
    assert spec["script"] == {
        "configMap": {"name": config_map["metadata"]["name"], "file": "script.js"}
    }
    assert spec["runner"]["env"] == [{"name": "BASE_URL", "value": f"http://{LONG_APP}-web"}]
    # No image tag of herokube's own: the operator's default runner unless the values set one.
    assert "image" not in spec["runner"]


def test_the_target_and_image_are_knobs(k6_repository: Path) -> None:
    testrun, _ = _testrun(
        k6_repository, targetUrl="https://billing.example.com", image="grafana/k6:1.4.0"
    )
    runner = testrun["spec"]["runner"]
    assert runner["env"] == [{"name": "BASE_URL", "value": "https://billing.example.com"}]
    assert runner["image"] == testrun["spec"]["initializer"]["image"] == "grafana/k6:1.4.0"


def test_the_testrun_matches_the_shipped_crd_schema(k6_repository: Path) -> None:
    testrun, _ = _testrun(k6_repository, parallelism=3)
    schema = json.loads((CRD_SCHEMA_DIR / "k6.io" / "testrun_v1alpha1.json").read_text("utf-8"))
    jsonschema.Draft7Validator(schema).validate(testrun)


@pytest.mark.skipif(not K6_CRD.is_file(), reason=f"{K6_CRD} is absent")
def test_the_testrun_matches_the_real_crd(k6_repository: Path) -> None:
    testrun, _ = _testrun(k6_repository)
    [crd] = list(_yaml.load_all(K6_CRD.read_text(encoding="utf-8")))
    schemas = crd_to_schemas(crd, strict=True)
    assert schemas["k6.io/testrun_v1alpha1.json"] == json.loads(
        (CRD_SCHEMA_DIR / "k6.io" / "testrun_v1alpha1.json").read_text("utf-8")
    ), "stale: run python scripts/build_crd_schemas.py"
    jsonschema.Draft7Validator(schemas["k6.io/testrun_v1alpha1.json"]).validate(testrun)


def _testrun_manifest(testrun: dict[str, Any]) -> Manifest:
    resource = Resource(
        "prod",
        "chart/templates/loadtest-testrun.yaml",
        "TestRun",
        testrun["metadata"]["name"],
        testrun["apiVersion"],
    )
    return Manifest(resource, testrun, None)


def test_every_pod_the_operator_starts_passes_pod_security_restricted(
    k6_repository: Path,
) -> None:
    """validate's own Pod Security rules read the pods a TestRun makes (runner, initializer,
    starter): the chart's are clean, and one that drops the settings is refused where it sits."""
    testrun, _ = _testrun(k6_repository)
    workspace = Workspace([_testrun_manifest(testrun)], f"{LONG_APP}-prod")
    assert len(workspace.admitted_pods) == 3
    assert [f for rule in POD_SECURITY_RULES.values() for f in rule(workspace)] == []
    loose = json.loads(json.dumps(testrun))
    loose["spec"]["runner"]["containerSecurityContext"] = {}
    findings = [
        f
        for rule in POD_SECURITY_RULES.values()
        for f in rule(Workspace([_testrun_manifest(loose)], "x"))
    ]
    fields = {f.field for f in findings}
    assert "spec.runner.containerSecurityContext.allowPrivilegeEscalation" in fields
    assert "spec.runner.containerSecurityContext.capabilities.drop" in fields
    assert all(field.startswith("spec.runner.") for field in fields)


# --- the runbook ---------------------------------------------------------------------------------


def test_the_runbook_compares_heroku_and_the_cluster_before_dns_moves(
    k6_repository: Path, long_repository: Path
) -> None:
    text = (k6_repository / "docs" / "migration.md").read_text(encoding="utf-8")
    block = text[text.index("### Load test") : text.index("## 5.")]
    heroku = f"k6 run -e BASE_URL=https://{LONG_APP}.herokuapp.com --summary-export heroku.json"
    cluster = "k6 run -e BASE_URL=http://localhost:8080 --summary-export cluster.json"
    assert heroku in block and cluster in block
    assert f"svc/{LONG_APP}-web 8080:80" in block
    assert '"$run.json"' in block and 'http_req_duration["p(95)"]' in block
    # Before the window: the load test comes before DNS moves in section 7.
    assert text.index("### Load test") < text.index("**DNS:**")
    plain = (long_repository / "docs" / "migration.md").read_text(encoding="utf-8")
    assert "### Load test" not in plain and "k6 run" not in plain
