"""`herokube new --into APP_REPO`: the files on a new branch of the app's own repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from herokube_testing import EXAMPLES


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def app_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "app"
    repo.mkdir()
    (repo / "Procfile").write_text("web: node server.js\n")
    (repo / "package.json").write_text(
        '{"name": "tiny", "engines": {"node": "20.x"}, "scripts": {"start": "node server.js"}}'
    )
    (repo / "README.md").write_text("# The app's own README\n")
    (repo / ".gitignore").write_text("node_modules/\n")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "--quiet",
        "-m",
        "app",
    )
    return repo


def test_files_land_on_a_branch_and_the_checkout_is_untouched(run_cli, app_repo: Path) -> None:
    before = git(app_repo, "rev-parse", "HEAD")
    result = run_cli("new", app_repo, "--into", app_repo)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Wrote {app_repo} on branch herokube/kubernetes")
    assert git(app_repo, "rev-parse", "HEAD") == before
    assert git(app_repo, "branch", "--show-current").strip() == "main"
    assert git(app_repo, "status", "--porcelain") == ""
    files = set(git(app_repo, "ls-tree", "-r", "--name-only", "herokube/kubernetes").split())
    assert {
        "Procfile",
        "chart/Chart.yaml",
        "Dockerfile",
        "docs/kubernetes.md",
        ".github/workflows/kubernetes.yaml",
        ".github/workflows/herokube-image.yaml",
    } <= files
    assert ".github/app-workflows/herokube-image.yaml" not in files
    assert git(app_repo, "show", "herokube/kubernetes:README.md") == "# The app's own README\n"
    assert git(app_repo, "show", "herokube/kubernetes:.gitignore") == "node_modules/\n"
    workflow = git(app_repo, "show", "herokube/kubernetes:.github/workflows/herokube-image.yaml")
    # The app's own repository builds itself and proposes to itself: one checkout, no token.
    assert 'context: "."' in workflow and "path: app" not in workflow
    assert "DEPLOYMENT_REPOSITORY_TOKEN" not in workflow
    assert len(git(app_repo, "worktree", "list").splitlines()) == 1


def test_an_existing_dockerfile_is_never_overwritten(run_cli, app_repo: Path) -> None:
    (app_repo / "Dockerfile").write_text("FROM node:20\n")
    git(app_repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "Dockerfile")
    git(
        app_repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "--quiet",
        "-m",
        "docker",
    )
    refused = run_cli("new", app_repo, "--into", app_repo)
    assert refused.code == 2
    assert refused.err.startswith(
        "herokube: Dockerfile: --into: the app repository has this file already"
    )
    assert "herokube/kubernetes" not in git(app_repo, "branch", "--list")
    accepted = run_cli("new", app_repo, "--into", app_repo, "--dockerfile", "app")
    assert accepted.code == 0, accepted.err
    assert git(app_repo, "show", "herokube/kubernetes:Dockerfile") == "FROM node:20\n"


def test_into_needs_a_git_repository(run_cli, tmp_path: Path) -> None:
    result = run_cli("new", EXAMPLES / "hello-minimal" / "export.json", "--into", tmp_path)
    assert result.code == 2
    assert result.err == f"herokube: {tmp_path}: --into: not a Git repository\n"


def test_out_or_into_not_both(run_cli, tmp_path: Path) -> None:
    result = run_cli("new", EXAMPLES / "hello-minimal" / "export.json")
    assert result.code == 2
    assert (
        result.err == "herokube: herokube new: give exactly one of --out DIR and --into APP_REPO\n"
    )


def test_the_apps_renovate_and_promote_workflow_are_left_alone(run_cli, app_repo: Path) -> None:
    (app_repo / "renovate.json").write_text('{"extends": ["config:recommended"]}\n')
    (app_repo / ".github" / "workflows").mkdir(parents=True)
    (app_repo / ".github" / "workflows" / "promote.yaml").write_text("name: the app's own\n")
    identity = ("-c", "user.name=t", "-c", "user.email=t@example.com")
    git(app_repo, *identity, "add", ".")
    git(app_repo, *identity, "commit", "--quiet", "-m", "the app's own Renovate and promote")
    result = run_cli("new", app_repo, "--into", app_repo)
    assert result.code == 0, result.err
    branch = "herokube/kubernetes"
    assert git(app_repo, "show", f"{branch}:renovate.json") == (
        '{"extends": ["config:recommended"]}\n'
    )
    own = git(app_repo, "show", f"{branch}:.github/workflows/promote.yaml")
    assert own == "name: the app's own\n"
    ours = git(app_repo, "show", f"{branch}:.github/workflows/kubernetes-promote.yaml")
    assert "herokube promote" in ours
