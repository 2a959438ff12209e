"""Production deploys a release: the image tag comes from the release commit, the source tree's Git
HEAD or --image-tag; validate refuses a production environment at a placeholder (issue 18)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from git import Repo

from herokube.model import App
from herokube.plan import PlanOptions, make_plan
from herokube.render.repository import Template, render_tree
from herokube.validate import ValidateOptions, validate_repository
from herokube.yamlio import dump_yaml, load_yaml_file
from herokube_testing import EXAMPLES, CliRun

HELLO = EXAMPLES / "hello-minimal" / "export.json"  # an export without a release commit


def _app() -> App:
    from dataclasses import replace

    from .conftest import long_app

    return replace(long_app(), name="tagless", commit=None)


def _set_tag(repository: Path, environment: str, tag: object) -> None:
    path = repository / "environments" / environment / "values.yaml"
    values = load_yaml_file(path)
    values["image"]["tag"] = tag
    path.write_text(dump_yaml(values), encoding="utf-8")


def _tag_findings(repository: Path) -> list[tuple[str, str, str]]:
    report = validate_repository(ValidateOptions(repository, kubernetes_version="1.31"))
    return [
        (f.environment, f.rule, f.message)
        for f in report.findings
        if f.rule in ("production-image-tag", "values-schema", "image-tag")
    ]


@pytest.fixture(scope="module")
def tagless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What herokube renders for an app without a release commit (render only, no validate)."""
    out = tmp_path_factory.mktemp("tagless") / "repo"
    out.mkdir()
    render_tree(make_plan(_app(), PlanOptions()), out, Template())
    return out


def test_validate_refuses_production_at_the_placeholder_only(tagless: Path) -> None:
    found = _tag_findings(tagless)
    assert [(env, rule) for env, rule, _ in found] == [("prod", "production-image-tag")]
    assert "'0.1.0' is the chart's version, a placeholder" in found[0][2]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("3f9c2a71be04", []),
        ("TODO", [("prod", "production-image-tag")]),
        # The schema refuses these before anything renders.
        ("", [("prod", "values-schema")]),
        ("latest", [("prod", "values-schema")]),
    ],
)
def test_production_tags(
    tagless: Path, tmp_path: Path, tag: str, expected: list[tuple[str, str]]
) -> None:
    repository = tmp_path / "repo"
    shutil.copytree(tagless, repository)
    _set_tag(repository, "prod", tag)
    assert sorted({(env, rule) for env, rule, _ in _tag_findings(repository)}) == expected


def test_new_refuses_a_commitless_app_in_one_line(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    out = tmp_path / "repo"
    done = run_cli("new", HELLO, "--out", out)
    assert done.code == 2
    assert done.err.count("\n") == 1 and "Traceback" not in done.err
    assert f"{HELLO}: no release to deploy in production environment 'prod'" in done.err
    assert "--image-tag" in done.err
    assert not out.exists()


def test_new_with_image_tag_deploys_it_everywhere(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    out = tmp_path / "repo"
    done = run_cli("new", HELLO, "--out", out, "--image-tag", "v2.4.1")
    assert done.code == 0, done.err
    for environment in ("dev", "staging", "prod"):
        values = load_yaml_file(out / "environments" / environment / "values.yaml")
        assert values["image"]["tag"] == "v2.4.1"


@pytest.mark.parametrize("tag", ["latest", "0.1.0", "-x", "a b", "x" * 129])
def test_new_refuses_an_image_tag_that_names_no_release(
    run_cli: Callable[..., CliRun], tmp_path: Path, tag: str
) -> None:
    done = run_cli("new", HELLO, "--out", tmp_path / "repo", "--image-tag", tag)
    assert done.code == 2
    assert done.err.startswith("herokube: --image-tag: ") and done.err.count("\n") == 1
    assert not (tmp_path / "repo").exists()


def test_a_source_tree_under_git_deploys_its_head(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    tree = tmp_path / "notes-api"
    shutil.copytree(EXAMPLES / "notes-api" / "src", tree)
    files = [p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()]
    repo = Repo.init(tree)
    repo.index.add(files)
    head = repo.index.commit("notes-api").hexsha
    out = tmp_path / "repo"
    done = run_cli("new", tree, "--out", out)
    assert done.code == 0, done.err
    values = load_yaml_file(out / "environments" / "prod" / "values.yaml")
    assert values["image"]["tag"] == head
    # A folder inside the checkout is not the app's root: its HEAD is not taken.
    shutil.copytree(EXAMPLES / "notes-api" / "src", tree / "sub")
    refused = run_cli("new", tree / "sub", "--out", tmp_path / "sub-repo")
    assert refused.code == 2 and "--image-tag" in refused.err
