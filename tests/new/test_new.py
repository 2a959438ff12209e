"""`herokube new` end to end: what a user gets, and what it must never do."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from herokube_testing import EXAMPLE_ARGS, EXAMPLES

EXPECTED_FILES = {
    ".copier-answers.yml",
    ".dockerignore",
    ".github/app-workflows/herokube-image.yaml",
    ".github/workflows/ci.yaml",
    ".gitignore",
    "Dockerfile",
    "README.md",
    "argocd/applications.yaml",
    "argocd/project.yaml",
    "chart/.helmignore",
    "chart/Chart.yaml",
    "chart/values.schema.json",
    "chart/values.yaml",
    "chart/templates/_helpers.tpl",
    "chart/templates/NOTES.txt",
    "chart/templates/configmap.yaml",
    "chart/templates/cronjobs.yaml",
    "chart/templates/deployment.yaml",
    "chart/templates/externalsecret.yaml",
    "chart/templates/hpa.yaml",
    "chart/templates/ingress.yaml",
    "chart/templates/networkpolicy.yaml",
    "chart/templates/pdb.yaml",
    "chart/templates/release-job.yaml",
    "chart/templates/service.yaml",
    "chart/templates/serviceaccount.yaml",
    "chart/templates/tests/test-http.yaml",
    "docs/migration.md",
    "renovate.json",
}


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts[:1]
    }


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def test_writes_the_whole_repository_as_one_commit_on_main(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "bookshelf-deploy"
    result = run_cli("new", *EXAMPLE_ARGS["bookshelf"], "--out", out)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Wrote {out} (2 environments: staging, production)")
    files = set(tree(out))
    assert EXPECTED_FILES <= files
    assert {"environments/staging/values.yaml", "environments/production/values.yaml"} <= files
    assert git(out, "branch", "--show-current").strip() == "main"
    assert git(out, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(out, "status", "--porcelain") == ""


def test_default_environments_without_a_pipeline(generated) -> None:
    repo = generated("hello-minimal")
    assert sorted(p.name for p in (repo / "environments").iterdir()) == ["dev", "prod", "staging"]


def test_output_is_deterministic(tmp_path: Path) -> None:
    from herokube.pipeline import NewOptions, create_repository

    args = EXAMPLE_ARGS["bookshelf"]
    first, second = tmp_path / "a" / "repo", tmp_path / "b" / "repo"
    for out in (first, second):
        create_repository(NewOptions(source=Path(args[0]), out=out, paired_source=Path(args[2])))
    assert tree(first) == tree(second)


@pytest.mark.parametrize("example", sorted(EXAMPLE_ARGS))
def test_every_example_validates_clean_on_kubernetes_1_31(generated, example: str) -> None:
    from herokube.validate import ValidateOptions, validate_repository

    report = validate_repository(
        ValidateOptions(directory=generated(example), kubernetes_version="1.31")
    )
    problems = [
        f"{f.environment} {f.file} {f.kind}/{f.name} {f.rule}: {f.message}" for f in report.findings
    ]
    assert problems == []
    assert len(report.resources) > 10


def _render(repo: Path, env: str) -> list[dict]:
    import helm_python
    from ruamel.yaml import YAML

    from herokube.yamlio import load_yaml_file

    chart = helm_python.Chart.load(repo / "chart")
    values = load_yaml_file(repo / "environments" / env / "values.yaml")
    rendered = chart.render(values, name="bookshelf", namespace=f"bookshelf-{env}", is_install=True)
    yaml = YAML(typ="safe", pure=True)
    return [
        doc
        for path, text in rendered.items()
        if path.endswith(".yaml")
        for doc in yaml.load_all(text)
        if doc
    ]


def test_config_values_survive_byte_for_byte(generated) -> None:
    export = json.loads((EXAMPLES / "bookshelf" / "export.json").read_text())
    banner = next(v["value"] for v in export["config_vars"] if v["name"] == "WELCOME_BANNER")
    assert '"' in banner and "{{" in banner and "\n" in banner
    documents = _render(generated("bookshelf"), "production")
    config_map = next(d for d in documents if d["kind"] == "ConfigMap")
    assert config_map["data"]["WELCOME_BANNER"] == banner


def test_workloads_as_design_says(generated) -> None:
    documents = _render(generated("bookshelf"), "production")
    by_kind: dict[str, dict[str, dict]] = {}
    for doc in documents:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    assert sorted(by_kind["Deployment"]) == [
        "bookshelf-clock",
        "bookshelf-sidekiq-critical",
        "bookshelf-web",
        "bookshelf-worker",
    ]
    assert by_kind["Deployment"]["bookshelf-clock"]["spec"]["strategy"] == {"type": "Recreate"}
    assert "replicas" not in by_kind["Deployment"]["bookshelf-web"]["spec"]  # the HPA owns it
    # production mirrors the Heroku app: web only until the cutover commit (migration.cutover).
    assert by_kind["Deployment"]["bookshelf-worker"]["spec"]["replicas"] == 0
    assert list(by_kind["Service"]) == ["bookshelf-web"]
    ingress = by_kind["Ingress"]["bookshelf-web"]
    assert [r["host"] for r in ingress["spec"]["rules"]] == [
        "api.bookshelf.example",
        "www.bookshelf.example",
    ]
    assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"] == "letsencrypt"
    job = by_kind["Job"]["bookshelf-release"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    config_wave = by_kind["ConfigMap"]["bookshelf-config"]["metadata"]["annotations"]
    assert int(config_wave["argocd.argoproj.io/sync-wave"]) < int(
        job["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"]
    )
    schedules = {name: c["spec"]["schedule"] for name, c in by_kind["CronJob"].items()}
    assert schedules == {
        "bookshelf-rake-catalog-sync": "*/10 * * * *",
        "bookshelf-rake-reports-hourly": "20 * * * *",
        "bookshelf-rake-cleanup-nightly": "30 3 * * *",
    }
    assert {c["spec"]["timeZone"] for c in by_kind["CronJob"].values()} == {"Etc/UTC"}
    secret = by_kind["ExternalSecret"]["bookshelf-secrets"]
    assert secret["apiVersion"] == "external-secrets.io/v1"
    assert [d["secretKey"] for d in secret["spec"]["data"]] == [
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY_BASE",
        "SENTRY_DSN",
        "STRIPE_SECRET_KEY",
    ]
    web = by_kind["Deployment"]["bookshelf-web"]["spec"]["template"]["spec"]
    assert (
        web["terminationGracePeriodSeconds"] >= 30 and web["automountServiceAccountToken"] is False
    )
    env = {e["name"]: e.get("value") for e in web["containers"][0]["env"]}
    assert env["PORT"] == "8080"
    assert (
        "PodDisruptionBudget" in by_kind
        and "NetworkPolicy" in by_kind
        and "HorizontalPodAutoscaler" in by_kind
    )


def test_argocd_resources_match_the_real_crds(generated) -> None:
    import jsonschema

    from herokube.yamlio import load_yaml_file
    from herokube_testing import shared_dir

    crds = {}
    for name in ("application-crd.yaml", "appproject-crd.yaml"):
        crd = load_yaml_file(shared_dir("schemas", "argocd", name))
        version = next(v for v in crd["spec"]["versions"] if v.get("served"))
        crds[crd["spec"]["names"]["kind"]] = version["schema"]["openAPIV3Schema"]
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    for path in sorted((generated("bookshelf") / "argocd").glob("*.yaml")):
        for document in yaml.load_all(path.read_text()):
            if document:
                jsonschema.validate(document, crds[document["kind"]])


def test_no_secret_value_reaches_the_repository_or_the_output(run_cli, tmp_path: Path) -> None:
    secret = "s3cr3t-Value-7f9e2a1c5b"
    export = {
        "schema_version": "heroku-app-export/v1",
        "exporter": {"secrets": "included"},
        "app": {"name": "leaky-app"},
        "formation": [{"type": "web", "command": "node server.js", "quantity": 1}],
        "config_vars": [
            {"name": "API_TOKEN", "value": secret, "secret": True},
            {"name": "WEBHOOK", "value": f"https://bot:{secret}@hooks.example/x"},
            {
                "name": "INNOCENT_LOOKING",
                "value": secret,
                "secret": True,
                "source": {"kind": "user"},
            },
        ],
    }
    path = tmp_path / "leaky.json"
    path.write_text(json.dumps(export))
    out = tmp_path / "repo"
    result = run_cli("new", path, "--out", out, "--image-tag", "1.0.0")
    assert result.code == 0, result.err
    assert secret not in result.out + result.err
    for name, content in tree(out).items():
        assert secret.encode() not in content, name
    history = git(out, "log", "-p", "--all")
    assert secret not in history


def test_no_template_marker_leaks(generated) -> None:
    for example in EXAMPLE_ARGS:
        for name, content in tree(generated(example)).items():
            if name.startswith("chart/templates/"):
                continue  # Helm's own templates: copied verbatim on purpose
            text = content.decode()
            assert "{%" not in text and "%}" not in text and "{#" not in text, name
            if example == "hello-minimal":
                assert "{{" not in text.replace("${{", ""), name


def test_source_tree_only(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    result = run_cli(
        "new",
        EXAMPLES / "notes-api" / "src",
        "--out",
        out,
        "--env",
        "staging",
        "--env",
        "production",
        "--image-tag",
        "1.0.0",
    )
    assert result.code == 0, result.err
    values = (out / "chart" / "values.yaml").read_text()
    assert "gunicorn notes.wsgi --bind 0.0.0.0:${PORT:-5000} --log-file -" in values
    assert (
        "DJANGO_SETTINGS_MODULE=notes.settings exec celery -A notes worker --loglevel=info"
        in values
    )
    assert sorted(p.name for p in (out / "environments").iterdir()) == ["production", "staging"]


def _export(tmp_path: Path, document: object, name: str = "bad.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


GOOD = {
    "schema_version": "heroku-app-export/v1",
    "app": {"name": "good-app"},
    "formation": [{"type": "web", "command": "x", "quantity": 1}],
    "release": {"version": 1, "commit": "0123456789abcdef0123456789abcdef01234567"},
}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ('{"schema_version": "heroku-app-export/v1", ', "line 1"),
        ({"schema_version": "heroku-app-export/v1"}, "app"),
        (
            {**GOOD, "formation": [{"type": "web", "command": "x", "quantity": "one"}]},
            "formation[0].quantity",
        ),
        (
            {**GOOD, "formation": [{"type": "web", "command": "x", "quantity": -2}]},
            "formation[0].quantity",
        ),
        (
            {**GOOD, "formation": [{"type": "web/../x", "command": "x", "quantity": 1}]},
            "formation[0].type",
        ),
        ({**GOOD, "app": {"name": "../../etc/passwd"}}, "app.name"),
        ({**GOOD, "schema_version": "heroku-app-export/v2"}, "schema_version"),
        (
            {
                **GOOD,
                "formation": [{"type": "web", "command": "x", "quantity": 1, "size": "Mega-9X"}],
            },
            "formation[0].size",
        ),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(
    run_cli, tmp_path: Path, document: object, field: str
) -> None:
    path = _export(tmp_path, document)
    out = tmp_path / "out" / "repo"
    result = run_cli("new", path, "--out", out)
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith(f"herokube: {path}: {field}")
    assert "Traceback" not in result.err
    assert not out.exists()
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_non_empty_out_is_refused(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "repo"
    out.mkdir()
    (out / "mine.txt").write_text("the team's work")
    result = run_cli("new", _export(tmp_path, GOOD, "good.json"), "--out", out)
    assert result.code == 2
    assert (
        result.err
        == f"herokube: {out}: --out: already exists and is not empty; herokube never overwrites your work\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]


def test_an_unrecognisable_source_directory_is_refused(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "empty-app"
    source.mkdir()
    (source / "README").write_text("nothing to see")
    result = run_cli("new", source, "--out", tmp_path / "repo")
    assert result.code == 2
    assert result.err.startswith(f"herokube: {source}: nothing herokube can read here")
    assert not (tmp_path / "repo").exists()


def test_values_yaml_1_1_would_retype_stay_strings(tmp_path: Path) -> None:
    """Helm reads YAML 1.1: `on`, `0755` and `12:30` must reach the ConfigMap as written."""
    import helm_python

    from herokube.pipeline import NewOptions, create_repository
    from herokube.yamlio import load_yaml_file

    tricky = ["on", "No", "0755", "12:30", "1_000", "08", "1e3", "~", "null", ".inf", "true"]
    export = {
        **GOOD,
        "config_vars": [
            {"name": f"V{i}", "value": v, "secret": False} for i, v in enumerate(tricky)
        ],
    }
    out = tmp_path / "repo"
    create_repository(NewOptions(source=_export(tmp_path, export, "tricky.json"), out=out))
    chart = helm_python.Chart.load(out / "chart")
    values = load_yaml_file(out / "environments" / "prod" / "values.yaml")
    chart.validate_schema(chart.merge_values(values))
    rendered = chart.render(values, name="good-app", namespace="good-app-prod", is_install=True)
    from ruamel.yaml import YAML

    config_map = YAML(typ="safe", pure=True).load(rendered["good-app/templates/configmap.yaml"])
    assert config_map["data"] == {f"V{i}": v for i, v in enumerate(tricky)}


def test_usage_errors_are_one_line_too(run_cli) -> None:
    result = run_cli(
        "new", EXAMPLES / "hello-minimal" / "export.json", "--out", "x", "--monitoring", "nagios"
    )
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith("herokube: Invalid value for '--monitoring'")


def test_json_output_for_scripts(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "repo"
    result = run_cli("new", *EXAMPLE_ARGS["bookshelf"], "--out", out, "--output", "json")
    assert result.code == 0 and result.err == ""
    summary = json.loads(result.out)
    assert summary["path"] == str(out) and summary["branch"] == "main"
    assert summary["environments"] == ["staging", "production"]
    assert summary["commit"] == git(out, "rev-parse", "HEAD").strip()
    assert {"code": "process-renamed", "source": "processes.sidekiq_critical"}.items() <= next(
        w for w in summary["warnings"] if w["code"] == "process-renamed"
    ).items()
