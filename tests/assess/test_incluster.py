"""--postgres cloudnative-pg, --redis in-cluster, --monitoring prometheus: render, check against the
real CRDs, and `herokube validate` the generated repository."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from herokube.model import Addon, App, Process, Runtime
from herokube.pipeline import NewOptions, create_repository
from herokube.plan import PlanOptions
from herokube.plan.incluster import in_cluster_values

from .conftest import REPO, SHARED, CliResult

SCHEMAS = SHARED / "schemas"
OPTIONS = {"postgres": "cloudnative-pg", "redis": "in-cluster", "monitoring": "prometheus"}
_yaml = YAML(typ="safe", pure=True)
IMPORT = "{enabled: true, host: ec2-1-2-3-4.eu-west-1.compute.amazonaws.com, user: u1, dbname: d1}"


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("incluster") / "bookshelf-deploy"
    create_repository(
        NewOptions(
            source=REPO / "examples/bookshelf/export.json",
            out=out,
            paired_source=REPO / "examples/bookshelf/src",
            plan=PlanOptions(**OPTIONS),
        )
    )
    # The ServiceMonitor is off until the app serves metrics, the import until its connection
    # fields are filled: switch both on in production as a team would.
    values = out / "environments" / "production" / "values.yaml"
    values.write_text(
        values.read_text(encoding="utf-8") + "monitoring:\n  serviceMonitor:\n    enabled: true\n"
        "postgresCluster:\n  import: " + IMPORT + "\n",
        encoding="utf-8",
    )
    return out


def _render(repository: Path, environment: str) -> list[dict[str, Any]]:
    import helm_python

    chart = helm_python.Chart.load(repository / "chart")
    values = _yaml.load((repository / "chart" / "values.yaml").read_text(encoding="utf-8"))
    override = _yaml.load(
        (repository / "environments" / environment / "values.yaml").read_text(encoding="utf-8")
    )
    merged = _merge(values, override)
    rendered = chart.render(
        merged, name="bookshelf", namespace=f"bookshelf-{environment}", is_install=True
    )
    yamls = [text for name, text in sorted(rendered.items()) if name.endswith((".yaml", ".yml"))]
    return [doc for text in yamls for doc in _yaml.load_all(text) if isinstance(doc, dict)]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = (
            _merge(merged[key], value)
            if isinstance(value, dict) and isinstance(merged.get(key), dict)
            else value
        )
    return merged


def _crd_validators() -> dict[tuple[str, str], jsonschema.protocols.Validator]:
    from herokube.validate.crds import crd_to_schemas

    validators = {}
    for folder in (
        "cloudnative-pg",
        "plugin-barman-cloud",
        "prometheus-operator",
        "external-secrets",
    ):
        for path in sorted((SCHEMAS / folder).glob("*.yaml")):
            for crd in _yaml.load_all(path.read_text(encoding="utf-8")):
                if not isinstance(crd, dict) or crd.get("kind") != "CustomResourceDefinition":
                    continue
                group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
                for version in crd["spec"]["versions"]:
                    if version.get("served"):
                        [schema] = [
                            s
                            for rel, s in crd_to_schemas(crd, strict=True).items()
                            if rel.endswith(f"_{version['name']}.json")
                        ]
                        validators[(f"{group}/{version['name']}", kind)] = (
                            jsonschema.Draft7Validator(schema)
                        )
    return validators


@pytest.mark.skipif(
    not SCHEMAS.is_dir(), reason=f"{SCHEMAS} is absent: the reference CRDs are not on this machine"
)
@pytest.mark.parametrize("environment", ["staging", "production"])
def test_custom_resources_match_the_real_crds(repository: Path, environment: str) -> None:
    validators = _crd_validators()
    documents = _render(repository, environment)
    kinds = sorted(
        d["kind"] for d in documents if (d.get("apiVersion"), d.get("kind")) in validators
    )
    # The app's secrets, the backup credentials, the backup store and schedule, the database.
    expected = ["Cluster", "ExternalSecret", "ExternalSecret", "ObjectStore", "PrometheusRule"]
    expected.append("ScheduledBackup")
    if environment == "production":
        # The import's password, and the ServiceMonitor switched on.
        expected += ["ExternalSecret", "ServiceMonitor"]
    assert kinds == sorted(expected)
    for document in documents:
        validator = validators.get((document.get("apiVersion"), document.get("kind")))
        if validator is not None:
            errors = [
                f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator.iter_errors(document)
            ]
            assert errors == [], (document["kind"], document["metadata"]["name"], errors)


def test_workloads_read_the_in_cluster_targets(repository: Path) -> None:
    documents = _render(repository, "production")
    by_kind = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    web = by_kind[("Deployment", "bookshelf-web")]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in web["env"]}
    assert env["DATABASE_URL"]["valueFrom"] == {
        "secretKeyRef": {"name": "bookshelf-db-app", "key": "uri"}
    }
    assert env["REDIS_URL"]["value"] == "redis://bookshelf-redis:6379"
    secret = by_kind[("ExternalSecret", "bookshelf-secrets")]
    assert {d["secretKey"] for d in secret["spec"]["data"]} == {
        "SECRET_KEY_BASE",
        "SENTRY_DSN",
        "STRIPE_SECRET_KEY",
    }
    cluster = by_kind[("Cluster", "bookshelf-db")]["spec"]
    assert cluster["imageName"] == "ghcr.io/cloudnative-pg/postgresql:16"
    assert cluster["bootstrap"]["initdb"]["import"]["source"] == {"externalCluster": "heroku"}
    assert cluster["externalClusters"][0]["password"] == {
        "name": "bookshelf-db-heroku",
        "key": "password",
    }
    redis = by_kind[("StatefulSet", "bookshelf-redis")]["spec"]
    pod = redis["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    # premium-0: Heroku persisted it (AOF) and capped it at 50 MB; Sidekiq needs noeviction.
    args = pod["containers"][0]["args"]
    assert args[args.index("--maxmemory") + 1] == "50mb"
    assert args[args.index("--maxmemory-policy") + 1] == "noeviction"
    assert args[args.index("--appendonly") + 1] == "yes"
    assert "volumes" not in pod
    [claim] = redis["volumeClaimTemplates"]
    assert claim["metadata"]["name"] == "data"
    assert pod["containers"][0]["resources"]["limits"]["memory"] == "139Mi"
    # One replica: a PodDisruptionBudget could only block drains.
    assert ("PodDisruptionBudget", "bookshelf-redis") not in by_kind
    rules = by_kind[("PrometheusRule", "bookshelf")]["spec"]["groups"][0]["rules"]
    assert [r["alert"] for r in rules] == [
        "RequestTimeoutsH12",
        "ServerErrorsH13",
        "MemoryNearLimitR14",
        "OutOfMemoryKilledR15",
        "CrashingProcesses",
    ]
    dashboard = by_kind[("ConfigMap", "bookshelf-dashboard")]
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"


def test_herokube_validate_is_clean(repository: Path, herokube: Callable[..., CliResult]) -> None:
    result = herokube("validate", str(repository))
    assert result.code == 0, result.out + result.err
    assert " 0 errors, 0 warnings" in result.out


def test_defaults_render_none_of_it(tmp_path: Path) -> None:
    result = create_repository(
        NewOptions(
            source=REPO / "examples/hello-minimal/export.json",
            out=tmp_path / "repo",
            plan=PlanOptions(image_tag="1.0.0"),
        )
    )
    values = _yaml.load((result.path / "chart" / "values.yaml").read_text(encoding="utf-8"))
    assert not {"postgresCluster", "redis", "monitoring"} & set(values)


def test_jvm_apps_get_the_jdbc_variables_from_the_operator_secret() -> None:
    app = App(
        name="ledger",
        processes=(Process("web", "java -jar app.jar", 1),),
        addons=(
            Addon(
                "heroku-postgresql",
                "postgresql-x-1",
                "heroku-postgresql:premium-2",
                config_vars=("DATABASE_URL",),
                details={"postgres_version": "15.4", "data_size_bytes": 30 * 2**30},
            ),
        ),
        runtime=Runtime("java"),
    )
    values, served = in_cluster_values(app, "cloudnative-pg", "external", "none", True, [])
    cluster = values["postgresCluster"]
    assert cluster["variables"] == {
        "DATABASE_URL": "uri",
        "JDBC_DATABASE_PASSWORD": "password",
        "JDBC_DATABASE_URL": "jdbc-uri",
        "JDBC_DATABASE_USERNAME": "username",
    }
    assert (cluster["instances"], cluster["imageName"], cluster["storage"]) == (
        2,
        "ghcr.io/cloudnative-pg/postgresql:15",
        {"size": "60Gi"},
    )
    assert cluster["resources"]["requests"] == {"cpu": "2000m", "memory": "8192Mi"}
    assert served == set(cluster["variables"])


def test_bad_option_values_are_user_errors(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    result = herokube(
        "new",
        "examples/hello-minimal/export.json",
        "--out",
        str(tmp_path / "x"),
        "--postgres",
        "rds",
    )
    assert result.code == 2
    assert result.err == (
        "herokube: Invalid value for '--postgres': Value error, "
        "'rds' is not one of 'external', 'cloudnative-pg'.\n"
    )
    assert not (tmp_path / "x").exists()


def test_the_database_outlives_the_release_and_is_backed_up(repository: Path) -> None:
    documents = _render(repository, "staging")
    by_kind = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    cluster = by_kind[("Cluster", "bookshelf-db")]
    annotations = cluster["metadata"]["annotations"]
    assert annotations["helm.sh/resource-policy"] == "keep"
    assert annotations["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false"
    # The import is off until its connection fields are filled: staging has none.
    assert "import" not in cluster["spec"]["bootstrap"]["initdb"]
    assert "externalClusters" not in cluster["spec"]
    [plugin] = cluster["spec"]["plugins"]
    assert plugin["isWALArchiver"] is True
    store = by_kind[("ObjectStore", plugin["parameters"]["barmanObjectName"])]["spec"]
    assert store["configuration"]["destinationPath"] == (
        "s3://bookshelf-postgres-backups/bookshelf-staging"
    )
    credentials = store["configuration"]["s3Credentials"]["secretAccessKey"]["name"]
    assert ("ExternalSecret", credentials) in by_kind
    schedule = by_kind[("ScheduledBackup", "bookshelf-db-daily")]["spec"]
    assert (schedule["method"], schedule["cluster"]) == ("plugin", {"name": "bookshelf-db"})
    assert schedule["pluginConfiguration"]["name"] == plugin["name"]
    assert "barmanObjectStore" not in cluster["spec"].get("backup", {})


def test_an_import_without_its_connection_fields_fails_validation(
    repository: Path, tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(repository, copy)
    values = copy / "environments" / "staging" / "values.yaml"
    values.write_text(
        values.read_text(encoding="utf-8") + "postgresCluster:\n  import:\n    enabled: true\n",
        encoding="utf-8",
    )
    result = herokube("validate", str(copy))
    assert result.code == 1, result.out + result.err
    assert "environments/staging/values.yaml" in result.out
    assert "host" in result.out and "dbname" in result.out


def test_instances_follow_the_heroku_plan() -> None:
    def instances(plan: str) -> int:
        app = App(
            name="shop",
            processes=(Process("web", "bin/web", 1),),
            addons=(Addon("heroku-postgresql", "pg-1", plan, config_vars=("DATABASE_URL",)),),
        )
        values, _ = in_cluster_values(app, "cloudnative-pg", "external", "none", False, [])
        count: int = values["postgresCluster"]["instances"]
        return count

    assert [
        instances(p) for p in ("heroku-postgresql:essential-0", "heroku-postgresql:standard-2")
    ] == [1, 1]
    assert [
        instances(p)
        for p in (
            "heroku-postgresql:premium-0",
            "heroku-postgresql:private-4",
            "heroku-postgresql:shield-2",
        )
    ] == [2, 2, 2]


@pytest.mark.parametrize(
    ("plan", "command", "details", "expected"),
    [
        ("heroku-redis:mini", "bin/web", {}, ("25mb", "noeviction", False, "102Mi")),
        (
            "heroku-redis:premium-5",
            "celery -A app worker",
            {"maxmemory_policy": "allkeys-lru"},
            ("1024mb", "noeviction", True, "1600Mi"),
        ),
        (
            "heroku-redis:private-7",
            "bin/web",
            {"maxmemory_policy": "allkeys-lru"},
            ("7168mb", "allkeys-lru", True, "10816Mi"),
        ),
    ],
)
def test_redis_sizes_policy_and_persistence_follow_the_plan(
    plan: str, command: str, details: dict[str, Any], expected: tuple[str, str, bool, str]
) -> None:
    app = App(
        name="shop",
        processes=(Process("web", "bin/web", 1), Process("worker", command, 1)),
        addons=(
            Addon("heroku-redis", "redis-1", plan, config_vars=("REDIS_URL",), details=details),
        ),
    )
    notices: list[Any] = []
    values, served = in_cluster_values(app, "external", "in-cluster", "none", False, notices)
    redis = values["redis"]
    limit = redis["resources"]["limits"]["memory"]
    assert (
        redis["maxmemory"],
        redis["maxmemoryPolicy"],
        redis["persistence"]["enabled"],
        limit,
    ) == (expected)
    assert int(limit.removesuffix("Mi")) > int(redis["maxmemory"].removesuffix("mb"))
    assert served == {"REDIS_URL"}
    queue_notice = [n for n in notices if n.code == "redis-queue-eviction"]
    assert len(queue_notice) == (1 if "celery" in command else 0)
