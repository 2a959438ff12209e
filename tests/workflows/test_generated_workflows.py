"""Issue 15 (CI and supply chain): every workflow herokube writes, in every scenario, is valid
GitHub Actions, pins every action by commit, asks for least privilege, and evaluates no input.

The GitHub workflow schema is SchemaStore's ``github-workflow.json`` as check-jsonschema vendors
it (a herokube dependency, which ``herokube validate`` uses too); Renovate's schema is vendored
there as well. Without check-jsonschema the schema tests skip, saying why.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from workflow_scenarios import HOSTILE_SETUP, HOSTILE_TEST, SCENARIOS

import herokube
from herokube.blueprints import load_pinned_actions
from herokube.yamldocs import load_documents
from herokube.yamlio import load_yaml_text
from herokube_testing import EXAMPLE_ARGS

Rendered = Callable[[str], Path]
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
# Every expression herokube itself writes; anything else inside ${{ }} came from somewhere else.
OWN_EXPRESSIONS = {
    "github.actor",
    "github.repository",
    "github.token",
    "github.event.repository.default_branch",
    "github.event.pull_request.head.sha || github.sha",
    "env.IMAGE",
    "env.TAG",
    "matrix.ci_node_index",
    "secrets.GITHUB_TOKEN",
    "secrets.DEPLOYMENT_REPOSITORY_TOKEN",
    "secrets.DEPLOYMENT_REPOSITORY_TOKEN || github.token",
    "secrets.REGISTRY_USERNAME",
    "secrets.REGISTRY_PASSWORD",
    "steps.existing.outputs.exists == 'false'",
}
_OWN_WORKFLOWS = {"ci.yaml", "kubernetes.yaml", "herokube-image.yaml"}
_CONTEXT_ONLY = re.compile(
    r"(?:(?:github|env|secrets|vars|steps|needs|matrix|inputs|job|runner|strategy)(?:\.[\w-]+)+"
    r"|'[\w.-]*'|\d+|true|false|\|\||&&|[=!]=|!|\(|\)|\s+)+"
)
# The write scopes a job may ask for in herokube's own workflows, and which job.
WRITES = {"packages": {"image"}, "contents": {"propose"}, "pull-requests": {"propose"}}
_PINNED_USES = re.compile(
    r"^\s*(?:- )?uses: (?P<name>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)$"
)


def _vendored_schema(name: str) -> dict[str, Any]:
    spec = importlib.util.find_spec("check_jsonschema")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("check-jsonschema is not installed: its vendored schemas are absent")
    path = Path(next(iter(spec.submodule_search_locations))) / "builtin_schemas" / "vendor" / name
    if not path.is_file():
        pytest.skip(f"check-jsonschema ships no {name}")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _schema_errors(schema: dict[str, Any], document: Any) -> list[str]:
    import jsonschema

    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document)]


def _workflows(repo: Path) -> list[Path]:
    return sorted(p for p in (repo / ".github").rglob("*") if p.suffix in (".yaml", ".yml"))


def _every_workflow(rendered: Rendered) -> list[tuple[str, Path, Path]]:
    return [
        (name, rendered(name), path) for name in SCENARIOS for path in _workflows(rendered(name))
    ]


def _load(path: Path) -> dict[str, Any]:
    data = load_yaml_text(path.read_text(encoding="utf-8"), source=str(path))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_writes_a_validate_and_an_image_workflow(
    rendered: Rendered, scenario: str
) -> None:
    repo = rendered(scenario)
    names = {p.relative_to(repo).as_posix() for p in _workflows(repo)}
    if scenario.endswith("-into"):
        assert {
            ".github/workflows/kubernetes.yaml",
            ".github/workflows/herokube-image.yaml",
        } <= names
    else:
        assert {".github/workflows/ci.yaml", ".github/app-workflows/herokube-image.yaml"} <= names


def test_every_workflow_parses_strictly_and_is_valid_against_the_workflow_schema(
    rendered: Rendered,
) -> None:
    schema = _vendored_schema("github-workflows.json")
    checked = 0
    for scenario, repo, path in _every_workflow(rendered):
        documents = load_documents(path.read_text(encoding="utf-8"))
        where = f"{scenario}: {path.relative_to(repo)}"
        assert len(documents) == 1, where
        assert documents[0].duplicates == [], where
        assert _schema_errors(schema, documents[0].data) == [], where
        checked += 1
    assert checked >= 2 * len(SCENARIOS)


def test_the_schema_check_catches_a_broken_workflow(rendered: Rendered) -> None:
    """The check above can fail: the same workflow with a misspelt key is refused."""
    schema = _vendored_schema("github-workflows.json")
    workflow = _load(rendered("heroku-ci") / ".github" / "app-workflows" / "herokube-image.yaml")
    workflow["jobs"]["image"]["run-on"] = workflow["jobs"]["image"].pop("runs-on")
    assert _schema_errors(schema, workflow)


def test_every_action_is_pinned_by_a_commit_of_the_pin_table(rendered: Rendered) -> None:
    pins = load_pinned_actions()
    seen = set()
    for scenario, repo, path in _every_workflow(rendered):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not re.match(r"^\s*(- )?uses:", line):
                continue
            where = f"{scenario}: {path.relative_to(repo)}:{number}: {line.strip()}"
            match = _PINNED_USES.match(line)
            assert match, where
            pin = pins[match["name"]]
            assert (match["sha"], match["version"]) == (pin.sha, pin.version), where
            seen.add(match["name"])
        for job in _load(path)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step
    assert seen == set(pins), "an action in the pin table that no workflow uses"


def test_no_template_names_an_action_by_a_movable_tag() -> None:
    templates = Path(herokube.__file__).resolve().parents[2] / "chart-templates"
    for path in templates.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"uses:\s*[\w.-]+/[\w.-]+@", text), path


def test_the_pin_table_holds_full_commits_and_release_versions() -> None:
    for name, pin in load_pinned_actions().items():
        assert re.fullmatch(r"[0-9a-f]{40}", pin.sha), name
        assert re.fullmatch(r"v\d+\.\d+\.\d+", pin.version), name


def test_every_job_asks_only_for_what_it_uses(rendered: Rendered) -> None:
    for scenario, repo, path in _every_workflow(rendered):
        workflow = _load(path)
        where = f"{scenario}: {path.relative_to(repo)}"
        assert workflow["permissions"] == {}, where
        for job_name, job in workflow["jobs"].items():
            permissions = job.get("permissions")
            assert isinstance(permissions, dict) and permissions, f"{where}: {job_name}"
            for scope, access in permissions.items():
                assert access in ("read", "write"), f"{where}: {job_name}.{scope}"
                if access == "write" and path.name in _OWN_WORKFLOWS:
                    assert job_name in WRITES.get(scope, set()), f"{where}: {job_name}.{scope}"


def test_only_herokubes_own_expressions_are_evaluated(rendered: Rendered) -> None:
    for scenario, repo, path in _every_workflow(rendered):
        text = path.read_text(encoding="utf-8")
        found = {e.strip() for e in _EXPRESSION.findall(text)}
        where = f"{scenario}: {path.relative_to(repo)}"
        if path.name in _OWN_WORKFLOWS:
            assert found <= OWN_EXPRESSIONS, f"{where}: {found - OWN_EXPRESSIONS}"
        for expression in found:  # any workflow: context names and operators, never free text
            assert _CONTEXT_ONLY.fullmatch(expression), f"{where}: {expression}"
        for job in _load(path)["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), step


@pytest.mark.parametrize("scenario", ["heroku-ci", "heroku-ci-into"])
def test_app_json_scripts_never_reach_a_workflow(rendered: Rendered, scenario: str) -> None:
    repo = rendered(scenario)
    for path in _workflows(repo):
        text = path.read_text(encoding="utf-8")
        for script in (HOSTILE_SETUP, HOSTILE_TEST, "bin/setup", "--reporter"):
            assert script not in text, path


def test_the_deployment_repository_only_validates_and_diffs(rendered: Rendered) -> None:
    workflow = _load(rendered("bookshelf") / ".github" / "workflows" / "ci.yaml")
    assert set(workflow["jobs"]) == {"validate"}
    steps = workflow["jobs"]["validate"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "herokube validate" in runs and "herokube diff" in runs
    assert "docker" not in runs and not any("docker/" in step.get("uses", "") for step in steps)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_ci_installs_the_herokube_that_wrote_the_repository(
    rendered: Rendered, scenario: str
) -> None:
    repo = rendered(scenario)
    name = "kubernetes.yaml" if scenario.endswith("-into") else "ci.yaml"
    workflow = _load(repo / ".github" / "workflows" / name)
    assert workflow["env"]["HEROKUBE_VERSION"] == herokube.__version__
    runs = [s.get("run", "") for s in workflow["jobs"]["validate"]["steps"]]
    assert 'pip install "herokube==${HEROKUBE_VERSION}"' in runs
    answers = load_yaml_text((repo / ".copier-answers.yml").read_text(encoding="utf-8"), source="a")
    assert answers["herokube_version"] == herokube.__version__


def _image_workflow(repo: Path) -> dict[str, Any]:
    folder = (
        "workflows"
        if (repo / ".github" / "workflows" / "herokube-image.yaml").exists()
        else "app-workflows"
    )
    return _load(repo / ".github" / folder / "herokube-image.yaml")


def _step(job: dict[str, Any], uses: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if s.get("uses", "").startswith(f"{uses}@"))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_app_commit_and_pull_request_head_is_built_once_under_its_full_sha(
    rendered: Rendered, scenario: str
) -> None:
    workflow = _image_workflow(rendered(scenario))
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["on"]["push"]["branches"] == ["**"]
    assert workflow["env"]["TAG"] == "${{ github.event.pull_request.head.sha || github.sha }}"
    image = workflow["jobs"]["image"]
    checkout = _step(image, "actions/checkout")
    assert checkout["with"]["ref"] == "${{ env.TAG }}"
    exists = next(s for s in image["steps"] if s.get("id") == "existing")
    assert 'imagetools inspect "${IMAGE}:${TAG}"' in exists["run"]
    build = _step(image, "docker/build-push-action")
    assert build["if"] == "steps.existing.outputs.exists == 'false'"
    assert build["with"]["tags"] == "${{ env.IMAGE }}:${{ env.TAG }}"
    assert build["with"]["push"] is True
    assert build["with"]["provenance"] == "mode=max" and build["with"]["sbom"] is True
    assert "head.repo.full_name == github.repository" in image["if"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_new_default_branch_image_is_proposed_to_the_first_environment(
    rendered: Rendered, scenario: str
) -> None:
    repo = rendered(scenario)
    workflow = _image_workflow(repo)
    propose = workflow["jobs"]["propose"]
    assert propose["needs"] == "image"
    assert "github.ref_name == github.event.repository.default_branch" in propose["if"]
    assert "needs.image.outputs.built == 'true'" in propose["if"]
    first = workflow["env"]["FIRST_ENVIRONMENT"]
    environments = load_yaml_text((repo / ".copier-answers.yml").read_text(), source="a")[
        "environments"
    ]
    assert first == environments[0]["name"]
    assert (repo / "environments" / first / "values.yaml").is_file()
    script = propose["steps"][-1]["run"]
    assert (
        "yq -i '.image.tag = strenv(TAG)' \"environments/${FIRST_ENVIRONMENT}/values.yaml\""
        in script
    )
    assert 'gh pr create --repo "$DEPLOYMENT_REPOSITORY"' in script


def test_the_app_repository_builds_with_the_deployment_repositorys_dockerfile(
    rendered: Rendered,
) -> None:
    workflow = _image_workflow(rendered("heroku-ci"))
    assert workflow["env"]["DEPLOYMENT_REPOSITORY"] == "acme/shop-deploy"
    image = workflow["jobs"]["image"]
    deployment = [s for s in image["steps"] if s.get("with", {}).get("path") == "deployment"]
    assert deployment[0]["with"]["repository"] == "acme/shop-deploy"
    build = _step(image, "docker/build-push-action")["with"]
    assert (build["context"], build["file"]) == ("app", "deployment/Dockerfile")
    login = _step(image, "docker/login-action")["with"]
    assert login["registry"] == "registry.example.com"
    assert login["password"] == "${{ secrets.REGISTRY_PASSWORD }}"
    assert image["permissions"] == {"contents": "read"}  # no packages: write off ghcr.io
    assert workflow["jobs"]["propose"]["permissions"] == {"contents": "read"}


def test_into_builds_and_proposes_within_the_app_repository(rendered: Rendered) -> None:
    workflow = _image_workflow(rendered("heroku-ci-into"))
    assert workflow["on"]["push"]["paths-ignore"] == ["environments/**"]
    assert workflow["env"]["DEPLOYMENT_REPOSITORY"] == "${{ github.repository }}"
    build = _step(workflow["jobs"]["image"], "docker/build-push-action")["with"]
    assert (build["context"], build["file"]) == (".", "Dockerfile")
    assert workflow["jobs"]["propose"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
    }


def test_heroku_ci_runs_in_the_image_with_service_containers_and_parallel_nodes(
    rendered: Rendered,
) -> None:
    workflow = _image_workflow(rendered("heroku-ci"))
    test = workflow["jobs"]["test"]
    assert workflow["jobs"]["image"]["needs"] == "test"
    assert test["strategy"]["matrix"]["ci_node_index"] == [0, 1, 2]
    assert set(test["services"]) == {"postgres", "redis"}
    assert test["services"]["postgres"]["ports"] == ["5432:5432"]
    assert re.fullmatch(r"postgres:\d+\.\d+-alpine", test["services"]["postgres"]["image"])
    run = test["steps"][-1]
    assert run["env"]["CI_NODE_TOTAL"] == "3"
    assert run["env"]["CI_NODE_INDEX"] == "${{ matrix.ci_node_index }}"
    assert (
        run["env"]["DATABASE_URL"].startswith("postgres://")
        and "@localhost:5432/" in run["env"]["DATABASE_URL"]
    )
    assert run["env"]["CACHE_URL"] == "redis://localhost:6379"
    assert run["env"]["SERVICE_VARIABLES"] == "DATABASE_URL CACHE_URL"
    assert ".environments.test.scripts // .scripts" in run["run"]
    assert "docker run --rm --network host" in run["run"] and "herokube-test:ci" in run["run"]
    load = _step(test, "docker/build-push-action")["with"]
    assert load["load"] is True and "push" not in load


@pytest.mark.parametrize("scenario", sorted(EXAMPLE_ARGS))
def test_an_app_without_a_test_script_gets_no_test_job(rendered: Rendered, scenario: str) -> None:
    workflow = _image_workflow(rendered(scenario))
    assert "test" not in workflow["jobs"] and "needs" not in workflow["jobs"]["image"]


@pytest.mark.parametrize("scenario", ["bookshelf", "heroku-ci"])
def test_renovate_keeps_actions_images_helm_and_the_template_current(
    rendered: Rendered, scenario: str
) -> None:
    config = json.loads((rendered(scenario) / "renovate.json").read_text(encoding="utf-8"))
    assert {"github-actions", "dockerfile", "helmv3", "copier"} <= set(config["enabledManagers"])
    patterns = [p.strip("/") for p in config["github-actions"]["managerFilePatterns"]]
    for path in (".github/workflows/ci.yaml", ".github/app-workflows/herokube-image.yaml"):
        assert any(re.search(p, path) for p in patterns), path
    schema = _vendored_schema("renovate.json")
    assert _schema_errors(schema, config) == []
    assert _schema_errors(schema, {**config, "enabledManagers": "github-actions"})


def test_the_context_rule_tells_herokubes_expressions_from_input() -> None:
    assert all(_CONTEXT_ONLY.fullmatch(e) for e in OWN_EXPRESSIONS)
    for hostile in ("toJSON(secrets)", "github.event.issue.title }} ; curl x", "format('{0}', 1)"):
        assert not _CONTEXT_ONLY.fullmatch(hostile), hostile


def test_herokube_validate_checks_the_image_workflow_too(
    rendered: Rendered, tmp_path: Path
) -> None:
    from herokube.validate.workflow import check_workflow, workflow_files

    _vendored_schema("github-workflows.json")
    written = rendered("heroku-ci") / ".github" / "app-workflows" / "herokube-image.yaml"
    image = tmp_path / ".github" / "app-workflows" / "herokube-image.yaml"
    image.parent.mkdir(parents=True)
    image.write_text(written.read_text(encoding="utf-8"), encoding="utf-8")
    assert workflow_files(tmp_path) == [image]
    assert check_workflow(tmp_path, image) == []
    image.write_text(written.read_text(encoding="utf-8").replace("runs-on:", "run-on:"))
    assert {f.rule for f in check_workflow(tmp_path, image)} == {"workflow-schema"}
